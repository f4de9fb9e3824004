/** Types for scripts/hosts/venv.js (see its header comment). */

/**
 * Returns a virtualenv folder holding what `requirementsFile` names (`pip install -r`, from the
 * file's folder), kept under .engine/venvs/ by a key of the Python version, the requirements
 * (normalized: see {@link normalizedRequirements}) and the content of the local folders it
 * installs; made on first use, by one process at a time (others wait for it).
 */
export function ensureVenv(requirementsFile: string, log?: (msg: string) => void): string;
/**
 * The requirements as the virtualenv's key sees them: lines without comments, local folders by
 * their paths resolved against `cwd`, sorted, so that files naming the same things match.
 */
export function normalizedRequirements(text: string, cwd: string): string[];
/**
 * Takes the lock file `lock` for this process, waiting while another live process holds it (a
 * lock whose process is gone, or that names this process or no pid, is taken over); returns
 * false, without the lock, once `done()` says the other process finished the work, and throws
 * after `maxWaitMs` (default 30 minutes).
 */
export function lockOrWait(
  lock: string,
  done: () => boolean,
  log: (msg: string) => void,
  maxWaitMs?: number,
): boolean;
