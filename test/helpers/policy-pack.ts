/**
 * The repository's policy pack (policy/) as the engine runs it: compiled, from policy/dist (its
 * package.json's main), which `npm run build` writes. A spec that runs the pack checks first that
 * the build is there and newer than the sources, so an edit to the pack is never tested through an
 * older build.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The policy pack's folder, as given to `pulumi preview --policy-pack`. */
export const policyPackDir = path.join(__dirname, "..", "..", "policy");

/** The TypeScript sources of the pack: its top-level files and policies/. */
function policySources(): string[] {
  const ts = (dir: string) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join(dir, f));
  return [...ts(policyPackDir), ...ts(path.join(policyPackDir, "policies"))];
}

/**
 * Throws, saying to run `npm run build`, when policy/dist/index.js is missing or older than any
 * of the pack's sources.
 */
export function assertPolicyPackBuilt(): void {
  const main = path.join(policyPackDir, "dist", "index.js");
  const built = fs.existsSync(main) ? fs.statSync(main).mtimeMs : -1;
  const newer = policySources().filter((f) => fs.statSync(f).mtimeMs > built);
  if (built < 0 || newer.length > 0) {
    throw new Error(
      built < 0
        ? `${main} is missing: run \`npm run build\` (the pack runs compiled)`
        : `the policy pack's build is older than ${newer.map((f) => path.relative(policyPackDir, f)).join(", ")}: run \`npm run build\``,
    );
  }
}
