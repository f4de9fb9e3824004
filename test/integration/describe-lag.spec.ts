import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import { createTestStack, stateResources, type TestStack } from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "bot");

/**
 * No page says that DescribeAIConversation knows a task as soon as StartAIConversation returns
 * it. The emulator's visibleAfterMs hides a started task from Describe for that long.
 */
describe("a TaskId that Describe does not know yet, with the real engine", function () {
  this.timeout(300_000);

  async function withLag(
    visibleAfterMs: number,
    run: (e: RunningEmulator, t: TestStack) => Promise<void>,
  ) {
    const emulator = await startEmulator({ preparingMs: 200, visibleAfterMs });
    let t: TestStack | undefined;
    try {
      const { config, secretConfig } = emulatorStackConfig(emulator);
      t = await createTestStack({
        programDir,
        config,
        secretConfig: {
          ...secretConfig,
          "bot:appKey": "emulator-app-key",
          "bot:llmApiKey": "sk-lag-1",
        },
      });
      await run(emulator, t);
    } finally {
      try {
        await t?.dispose();
      } finally {
        await emulator.stop();
      }
    }
  }

  it("asks again while Describe lags 3 s behind Start: the bot is recorded, and destroy stops it", async () => {
    await withLag(3000, async (emulator, t) => {
      const up = await t.stack.up({ color: "never" });
      const [task] = runningTasks(emulator);
      assert.equal(up.outputs.taskId.value, task.taskId);
      assert.equal(up.outputs.status.value, "InProgress");
      assert.equal(emulator.tasks().length, 1, "one start, no second bot");
      await t.stack.destroy({ color: "never" });
      assert.deepEqual(runningTasks(emulator), []);
    });
  });

  it("records the TaskId when Describe keeps not knowing it, and destroy stops the bot", async () => {
    await withLag(60_000, async (emulator, t) => {
      const failed = await t.stack.up({ color: "never" }).then(
        () => "",
        (e: Error) => e.message,
      );
      assert.match(failed, /Its TaskId is recorded/);
      const [task] = runningTasks(emulator);
      assert.equal((await stateResources(t.stack)).get("bot")?.id, task.taskId);
      await t.stack.destroy({ color: "never" });
      assert.deepEqual(runningTasks(emulator), []);
    });
  });
});
