/**
 * One bot's whole life in a packaged program (see packaged.ts), with the real engine against the
 * emulator: preview, up, a replacement, refresh (alive, then idled out), up again and destroy.
 * Both test legs register it: `npm test` on the newest toolchain, `npm run test:compat` on the
 * oldest that package.json claims.
 */
import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorStackConfig, runningTasks } from "./emulator";
import type { PackagedProgram, ProgramVersions } from "./packaged";
import { createTestStack, type TestStack } from "./pulumi";

/** How the engine runs the packaged program. */
export interface LifecycleOptions {
  /**
   * Whether the engine type-checks the program on each run, as it does for users by default.
   * False only where the test has type-checked the same program with the same TypeScript and
   * tsconfig already.
   */
  typeCheck: boolean;
}

/** Registers the lifecycle tests; `program()` gives the installed program once `before` ran. */
export function packagedLifecycle(
  program: () => PackagedProgram,
  versions: ProgramVersions,
  expectedNode: () => string,
  opts: LifecycleOptions,
): void {
  describe(`a bot's life with @pulumi/pulumi ${versions.pulumi} and TypeScript ${versions.typescript}`, function () {
    this.timeout(300_000);
    let emulator: RunningEmulator;
    let t: TestStack;

    before(async () => {
      emulator = await startEmulator({ preparingMs: 200 });
      const { config, secretConfig } = emulatorStackConfig(emulator);
      const dir = program().dir;
      t = await createTestStack({
        programDir: dir,
        config: { ...config, "packaged:sdkAppId": "1400000000", "packaged:roomId": "room-1" },
        secretConfig: {
          ...secretConfig,
          "packaged:appKey": "emulator-app-key",
          "packaged:llmApiKey": "sk-packaged-llm-key",
        },
        engine: {
          nodeLine: versions.nodeLine,
          pluginDir: `${dir}/node_modules/@pulumi/pulumi`,
        },
        // The packed package in a user's program, with a user's passphrase-protected stack.
        secretsProvider: "passphrase",
        typeCheck: opts.typeCheck,
      });
    });

    after(async () => {
      try {
        await t?.dispose();
      } finally {
        await emulator?.stop();
      }
    });

    it("previews the bot without calling the API", async () => {
      const preview = await t.stack.preview({ color: "never" });
      assert.equal(preview.changeSummary.create, 2);
      assert.deepEqual(emulator.requests(), []);
    });

    it("starts it on up, running on the Node.js and @pulumi/pulumi under test", async () => {
      const up = await t.stack.up({ color: "never" });
      assert.equal(up.outputs.nodeVersion.value, expectedNode());
      assert.equal(up.outputs.pulumiVersion.value, versions.pulumi);
      assert.equal(up.outputs.status.value, "InProgress");
      const running = runningTasks(emulator);
      assert.equal(running.length, 1);
      assert.equal(running[0].taskId, up.outputs.taskId.value);
      // `region` is an output even when the program leaves it to the stack's default.
      assert.equal(up.outputs.region.value, running[0].region);
      assert.deepEqual(up.outputs.stackFormatter.value, { installed: true, restored: true });
      // The bot's place in the program is still recorded, though its promises' stacks are not.
      const deployment = await t.stack.exportStack();
      const bot = (
        deployment.deployment.resources as Array<{
          urn: string;
          sourcePosition?: string;
          stackTrace?: Array<{ sourcePosition?: string }>;
        }>
      ).find((r) => r.urn.endsWith("::bot"));
      assert.match(String(bot?.sourcePosition), /^project:\/\/\/.+#\d+,\d+$/);
      if (bot?.stackTrace) {
        // SDKs that record the whole trace (newer than 3.139) name the program's line in it.
        const frames = bot.stackTrace.map((f) => f.sourcePosition);
        assert.ok(
          frames.some((f) => /^project:\/\/\/index\.ts#\d+,\d+$/.test(String(f))),
          JSON.stringify(frames),
        );
      }
    });

    it("replaces it when its room changes", async () => {
      const before = (await t.stack.outputs()).taskId.value as string;
      await t.stack.setConfig("packaged:roomId", { value: "room-2" });
      const preview = await t.stack.preview({ color: "never" });
      assert.equal(preview.changeSummary.replace, 1);
      const up = await t.stack.up({ color: "never" });
      assert.equal(up.summary.resourceChanges?.replace, 1);
      const running = runningTasks(emulator);
      assert.equal(running.length, 1);
      assert.equal(running[0].roomId, "room-2");
      assert.notEqual(running[0].taskId, before);
    });

    it("refreshes: a running bot is unchanged, an idled-out one leaves state", async () => {
      const alive = await t.stack.refresh({ color: "never" });
      assert.equal(alive.summary.resourceChanges?.delete ?? 0, 0);
      assert.equal(alive.summary.resourceChanges?.update ?? 0, 0);

      emulator.advanceClock(3601); // past maxIdleTime (3600 s) with no one streaming
      assert.equal(runningTasks(emulator).length, 0);
      const gone = await t.stack.refresh({ color: "never" });
      assert.equal(gone.summary.resourceChanges?.delete, 1);

      const up = await t.stack.up({ color: "never" });
      assert.equal(up.summary.resourceChanges?.create, 1);
      assert.equal(runningTasks(emulator).length, 1);
    });

    it("stops it on destroy", async () => {
      const destroy = await t.stack.destroy({ color: "never" });
      assert.equal(destroy.summary.resourceChanges?.delete, 2);
      assert.equal(runningTasks(emulator).length, 0);
    });
  });
}
