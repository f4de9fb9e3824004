/** Types for scripts/go-build.js, the Go build helper (see its header comment). */

/** One program of a Go tool: the binary's name, the package to build, its linker flags. */
export interface GoBinary {
  name: string;
  pkg: string;
  ldflags?: string;
}
/** What {@link buildGoTool} builds, from where, and when it counts as up to date. */
export interface GoToolSpec {
  /** Name in progress lines and errors, e.g. "pulumi v3.276.0". */
  tool: string;
  /** The wrapper module (go.mod, go.sum and the sources). */
  moduleDir: string;
  /** Files of moduleDir (relative) whose names and contents decide whether to rebuild. */
  inputs: string[];
  /** Folder the binaries go to; its parent holds stamp.json. */
  outDir: string;
  /** Go build tags. */
  tags: string;
  binaries: GoBinary[];
  /** Throws if the built binaries are not right. */
  verify?: (binDir: string) => void;
  log: (msg: string) => void;
}
/** A failed build step, with the tail of what the command printed. */
export class GoBuildError extends Error {}
/** Builds the tool unless an up-to-date build exists; returns its bin folder. */
export function buildGoTool(spec: GoToolSpec): string;
/** The Go sources (tests left out) of one package folder of a module, relative to it, sorted. */
export function goSources(moduleDir: string, dir: string): string[];
/** The version a go.mod requires of `modulePath`, e.g. "v3.276.0"; throws if it requires none. */
export function pinnedVersion(moduleDir: string, modulePath: string): string;
/** Whether `file` exists and may be executed. */
export function isExecutable(file: string): boolean;
