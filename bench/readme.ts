/** Writes the benchmark's tables into README.md, each between its own markers. */
import * as fs from "node:fs";

const start = (name: string) => `<!-- ${name}:start -->`;
const end = (name: string) => `<!-- ${name}:end -->`;

/**
 * Replaces what stands between the `name` markers (`<!-- bench:start -->` … `<!-- bench:end -->`
 * for the whole bench's table) of the README at `readmePath` with `block`. Throws when the
 * markers are missing, so a renamed section fails the bench instead of leaving an old table in
 * place; with `placeAfter`, a block written for the first time instead gets its markers right
 * after that block's end marker (which must be there).
 */
export function writeReadmeBlock(
  readmePath: string,
  block: string,
  name = "bench",
  placeAfter?: string,
): void {
  let text = fs.readFileSync(readmePath, "utf8");
  if (!text.includes(start(name)) && !text.includes(end(name)) && placeAfter !== undefined) {
    const anchor = text.indexOf(end(placeAfter));
    if (anchor < 0) {
      throw new Error(
        `${readmePath} has no ${end(placeAfter)} marker to place the ${name} block after`,
      );
    }
    const at = anchor + end(placeAfter).length;
    text = `${text.slice(0, at)}\n\n${start(name)}\n${end(name)}${text.slice(at)}`;
  }
  const from = text.indexOf(start(name));
  const to = text.indexOf(end(name));
  if (from < 0 || to < from) {
    throw new Error(
      `${readmePath} has no ${start(name)} … ${end(name)} block for the benchmark's table`,
    );
  }
  const next = `${text.slice(0, from + start(name).length)}\n${block.trimEnd()}\n${text.slice(to)}`;
  fs.writeFileSync(readmePath, next);
}
