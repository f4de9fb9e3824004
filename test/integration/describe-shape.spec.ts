import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import { createTestStack, stateResources, type TestStack } from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "bot");

describe("a Describe answer without TaskId (--describe-shape china-example)", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 200, describeShape: "china-example" });
    const { config, secretConfig } = emulatorStackConfig(emulator);
    t = await createTestStack({
      programDir,
      config: { ...config, "trtc:maxRetries": "2" },
      secretConfig: {
        ...secretConfig,
        "bot:appKey": "emulator-app-key",
        "bot:llmApiKey": "sk-describe-shape",
      },
    });
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  it("starts, refreshes and stops a bot as usual", async () => {
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.outputs.status.value, "InProgress");
    assert.equal(runningTasks(emulator)[0].taskId, up.outputs.taskId.value);
    const refresh = await t.stack.refresh({ color: "never" });
    assert.equal(refresh.summary.resourceChanges?.delete ?? 0, 0);
    await t.stack.destroy({ color: "never" });
    assert.equal(runningTasks(emulator).length, 0);
  });

  it("never records an empty TaskId when a lost start cannot be adopted, and says how the bot ends", async () => {
    emulator.reset();
    emulator.addFault({ action: "StartAIConversation", mode: "commit-then-lose", count: 1 });
    const failed = await t.stack.up({ color: "never" }).then(
      () => undefined,
      (e: Error) => e.message,
    );
    assert.ok(failed, "up should fail");
    assert.match(
      failed,
      /A bot already runs under SessionId pt-[0-9a-f]+ \(room room-1, bot UserId ai_bot\)/,
    );
    assert.match(failed, /ends by itself after 3600 s \(maxIdleTime\) with no one streaming/);
    assert.match(failed, /from the TRTC console/);
    const state = await stateResources(t.stack);
    assert.equal(state.has("bot"), false, "no resource recorded");
    for (const r of state.values()) assert.notEqual(r.id, "");
    assert.equal(runningTasks(emulator).length, 1, "the bot the lost start left running");
    emulator.reset();
  });
});
