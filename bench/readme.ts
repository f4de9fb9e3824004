/** Writes the benchmark's table into README.md, between its bench markers. */
import * as fs from "node:fs";

const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

/**
 * Replaces what stands between the bench markers of the README at `readmePath` with `block`.
 * Throws when the markers are missing, so a renamed section fails the bench instead of leaving
 * an old table in place.
 */
export function writeReadmeBlock(readmePath: string, block: string): void {
  const text = fs.readFileSync(readmePath, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`${readmePath} has no ${START} … ${END} block for the benchmark's table`);
  }
  const next = `${text.slice(0, start + START.length)}\n${block.trimEnd()}\n${text.slice(end)}`;
  fs.writeFileSync(readmePath, next);
}
