/**
 * Where the plugin's package lives, and what its package.json says: the plugin's version is the
 * package's, and `schema.json` sits beside package.json. Found by walking up from this file, so
 * it works from the sources (ts-node), from `dist/`, and from the plugin tarball, whose layout
 * keeps `dist/` and package.json as the npm package has them.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The package's name in package.json. */
const PACKAGE_NAME = "pulumi-trtc";

let root: string | undefined;

/** The folder holding the package's package.json. */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const { name } = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string };
      if (name === PACKAGE_NAME) return (root = dir);
    }
    if (path.dirname(dir) === dir) {
      throw new Error(
        `pulumi-resource-trtc: no package.json of ${PACKAGE_NAME} above ${__dirname}; the plugin must run from its package (or the tarball \`npm run plugin\` writes).`,
      );
    }
  }
}

/** The package's version: the plugin's version (GetPluginInfo, the schema). */
export function packageVersion(): string {
  const file = path.join(packageRoot(), "package.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}
