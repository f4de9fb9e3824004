/**
 * The files `npm run schema` writes, as text: schema.json and provider/args.generated.ts, both
 * from the field table, formatted by prettier with the repository's config (so `npm run lint`
 * passes them as written). The staleness test compares them with the committed files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { ARGS_FILE, renderArgs } from "./args";
import { packageModel } from "./model";
import { SCHEMA_FILE, packageSchema } from "./package-schema";

/** The repository's root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** The text prettier makes of `text` as the file `file` (a path from the root). */
async function formatted(file: string, text: string): Promise<string> {
  const absolute = path.join(ROOT, file);
  const options = (await prettier.resolveConfig(absolute)) ?? {};
  return prettier.format(text, { ...options, filepath: absolute });
}

/** Generated file (path from the root) → its text. */
export async function generatedFiles(): Promise<Record<string, string>> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    version: string;
    license: string;
  };
  const model = packageModel();
  const schema = packageSchema(model, { version: pkg.version, license: pkg.license });
  return {
    [SCHEMA_FILE]: await formatted(SCHEMA_FILE, `${JSON.stringify(schema, null, 2)}\n`),
    [ARGS_FILE]: await formatted(ARGS_FILE, renderArgs(model)),
  };
}
