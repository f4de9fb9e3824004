/** Types for scripts/hosts.js, the language-host tool (see its header comment). */

/**
 * Builds the YAML host (Pulumi's, at the pinned pulumi-yaml) and the project's own Python and Go
 * hosts unless up-to-date builds exist, and links them into the checkout's .engine/bin. Returns
 * the folders holding them.
 */
export function ensureHosts(): string[];
/** The folders holding the built hosts, to put on PATH (each group's own .engine/hosts/<name>/bin). */
export function hostBinDirs(): string[];
/** The names of every binary the tool builds (pulumi-language-yaml, pulumi-language-python, …). */
export function hostBinaries(): string[];
/** What is missing of the hosts, as human-readable phrases (empty when all are built). */
export function checkHosts(): string[];
