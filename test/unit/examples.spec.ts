import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.join(__dirname, "..", "..");
const examplesDir = path.join(root, "examples");

/** The example projects: the folders of examples/ that hold a Pulumi.yaml. */
function exampleFolders(): string[] {
  return fs
    .readdirSync(examplesDir)
    .filter((name) => fs.existsSync(path.join(examplesDir, name, "Pulumi.yaml")))
    .sort();
}

/** The examples the README links to, `[…](examples/<name>)`, each once. */
function examplesInReadme(): string[] {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const linked = [...readme.matchAll(/\]\(examples\/([^)/#]+)\/?\)/g)].map((m) => m[1]);
  return [...new Set(linked)].sort();
}

describe("the examples", () => {
  // test/integration/examples.spec.ts deploys each of these folders against the emulator.
  it("has the examples the README lists, and the README links every example", () => {
    assert.deepEqual(exampleFolders(), examplesInReadme());
  });
});
