/** Types for scripts/hosts/venv.js (see its header comment). */

/**
 * Returns a virtualenv folder holding what `requirementsFile` names (`pip install -r`, from the
 * file's folder), kept under .engine/venvs/ by a key of the Python version, the file's text and
 * the content of the local folders it installs; made on first use.
 */
export function ensureVenv(requirementsFile: string, log?: (msg: string) => void): string;
/** The local folders a requirements file installs (path lines), resolved against `cwd`. */
export function localRequirements(text: string, cwd: string): string[];
