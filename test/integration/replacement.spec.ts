import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import { createTestStack, type TestStack } from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "bot");

describe("replacement in the same room while the old bot cleans up (--dedupe room-bot)", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;

  before(async () => {
    emulator = await startEmulator({
      preparingMs: 200,
      dedupe: "room-bot",
      stoppedCleanupMs: 3000,
    });
    const { config, secretConfig } = emulatorStackConfig(emulator);
    t = await createTestStack({
      programDir,
      config,
      secretConfig: {
        ...secretConfig,
        "bot:appKey": "emulator-app-key",
        "bot:llmApiKey": "sk-replacement-test",
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

  it("retries the new bot's start until the room is free, instead of failing the replacement", async () => {
    const first = (await t.stack.up({ color: "never" })).outputs.taskId.value as string;
    await t.stack.setConfig("bot:welcome", { value: "Hello again!" });
    emulator.clearRequests();
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.replace, 1);
    const running = runningTasks(emulator);
    assert.equal(running.length, 1);
    assert.notEqual(running[0].taskId, first);
    const starts = emulator.requests().filter((r) => r.action === "StartAIConversation");
    assert.equal(starts[0].code, "FailedOperation.TaskExist", JSON.stringify(starts));
    assert.equal(starts[starts.length - 1].code, null);
    const stopped = emulator.tasks().find((x) => x.taskId === first);
    assert.equal(stopped?.status ?? "Stopped", "Stopped");
  });
});
