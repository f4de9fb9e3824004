/**
 * The package schema GetSchema returns: `schema.json` at the package root, which `npm run schema`
 * generates from the field table (committed, shipped in the npm package and the plugin tarball).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PACKAGE } from "./config";
import { packageRoot } from "./package-info";

/** The resource's type token. */
export const RESOURCE_TYPE = `${PACKAGE}:index:AIConversation`;

/**
 * The schema's text.
 *
 * @throws an Error saying where the schema was looked for, when the package has none.
 */
export function schemaText(): string {
  const file = path.join(packageRoot(), "schema.json");
  if (!fs.existsSync(file)) {
    throw new Error(
      `pulumi-resource-trtc: ${file} is missing; the package ships it (in a checkout, \`npm run schema\` writes it).`,
    );
  }
  return fs.readFileSync(file, "utf8");
}
