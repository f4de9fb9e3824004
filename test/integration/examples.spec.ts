import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import { createTestStack, type TestStack } from "../helpers/pulumi";

const examplesDir = path.join(__dirname, "..", "..", "examples");
// Every TypeScript example project (test/unit/examples.spec.ts checks that the README lists every
// example); the Python, YAML and Go ones run in languages.spec.ts, through the native plugin.
const examples = fs
  .readdirSync(examplesDir)
  .filter((name) => {
    const project = path.join(examplesDir, name, "Pulumi.yaml");
    return fs.existsSync(project) && /^runtime: nodejs$/m.test(fs.readFileSync(project, "utf8"));
  })
  .sort();

/**
 * Links the example's `pulumi-trtc` dependency to this repository, as `npm install` does for its
 * `file:../..` dependency; @pulumi/pulumi resolves from the repository's node_modules.
 * Returns a function that removes what it created.
 */
function linkPackage(dir: string): () => void {
  const modules = path.join(dir, "node_modules");
  const link = path.join(modules, "pulumi-trtc");
  if (fs.existsSync(link)) return () => undefined;
  const createdModules = !fs.existsSync(modules);
  fs.mkdirSync(modules, { recursive: true });
  fs.symlinkSync(path.relative(modules, path.join(examplesDir, "..")), link, "dir");
  return () => fs.rmSync(createdModules ? modules : link, { recursive: true, force: true });
}

describe("examples against the emulator", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 200 });
  });

  after(async () => {
    await emulator?.stop();
  });

  for (const name of examples) {
    it(`${name}: previews without API calls, deploys, and destroys to nothing running`, async () => {
      const dir = path.join(examplesDir, name);
      const testConfig = JSON.parse(
        fs.readFileSync(path.join(dir, "test-config.json"), "utf8"),
      ) as {
        config?: Record<string, string>;
        secretConfig?: Record<string, string>;
      };
      const unlink = linkPackage(dir);
      const { config, secretConfig } = emulatorStackConfig(emulator);
      let t: TestStack | undefined;
      try {
        emulator.reset();
        t = await createTestStack({
          programDir: dir,
          config: { ...config, ...testConfig.config },
          secretConfig: { ...secretConfig, ...testConfig.secretConfig },
          // The examples run as a user runs them: a stack whose secrets a passphrase keeps.
          secretsProvider: "passphrase",
        });
        const preview = await t.stack.preview({ color: "never" });
        const bots = (preview.changeSummary.create ?? 0) - 1; // less the stack itself
        assert.ok(bots >= 1, `nothing to create: ${JSON.stringify(preview.changeSummary)}`);
        assert.deepEqual(emulator.requests(), []);

        await t.stack.up({ color: "never" });
        const running = runningTasks(emulator);
        assert.equal(running.length, bots);
        assert.ok(running.every((x) => x.status === "InProgress"));

        await t.stack.destroy({ color: "never" });
        assert.equal(runningTasks(emulator).length, 0);
      } finally {
        try {
          await t?.dispose();
        } finally {
          unlink();
        }
      }
    });
  }
});
