import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { startRequest, trtcClient } from "../contract/helpers";
import { digestOf } from "../../provider/ai-conversation/snapshot";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import { createTestStack, stateResources, type TestStack } from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "bot");
const LLM_KEY = "sk-update-in-place-7f3a";

describe("updateInPlace and adoptTaskId with the real engine", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;

  async function setExtra(top: Record<string, unknown>): Promise<void> {
    await t.stack.setConfig("bot:extra", { value: JSON.stringify({ top }) });
  }

  before(async () => {
    emulator = await startEmulator({ preparingMs: 200 });
    const { config, secretConfig } = emulatorStackConfig(emulator);
    t = await createTestStack({
      programDir,
      config: { ...config, "trtc:maxRetries": "0" },
      secretConfig: { ...secretConfig, "bot:appKey": "emulator-app-key", "bot:llmApiKey": LLM_KEY },
    });
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  it("changes the welcome message of the running bot, keeping its TaskId", async () => {
    await setExtra({ updateInPlace: true });
    const first = (await t.stack.up({ color: "never" })).outputs.taskId.value as string;
    await t.stack.setConfig("bot:welcome", { value: "Welcome back!" });
    const preview = await t.stack.preview({ color: "never", diff: true });
    assert.equal(preview.changeSummary.update, 1, JSON.stringify(preview.changeSummary));
    assert.match(preview.stdout, /welcomeMessage/);
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.update, 1);
    assert.equal(up.outputs.taskId.value, first);
    const [task] = runningTasks(emulator);
    assert.equal(task.taskId, first);
    assert.equal(task.welcomeMessage, "Welcome back!");
    assert.equal(task.updates, 1);
  });

  it("is no change when updateInPlace alone is turned off", async () => {
    await setExtra({});
    const preview = await t.stack.preview({ color: "never" });
    assert.deepEqual(preview.changeSummary, { same: 2 });
  });

  it("replaces the bot for the same change without updateInPlace", async () => {
    const before = (await t.stack.outputs()).taskId.value as string;
    await t.stack.setConfig("bot:welcome", { value: "Hello, new bot!" });
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.replace, 1);
    assert.notEqual(up.outputs.taskId.value, before);
  });

  it("replaces the bot for a room change even with updateInPlace", async () => {
    await setExtra({ updateInPlace: true });
    const before = (await t.stack.outputs()).taskId.value as string;
    await t.stack.setConfig("bot:roomId", { value: "room-2" });
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.replace, 1);
    assert.notEqual(up.outputs.taskId.value, before);
    assert.equal(runningTasks(emulator)[0].roomId, "room-2");
  });

  it("leaves state and the running bot as before when the update fails, with no secret in the error", async () => {
    const before = await stateResources(t.stack);
    const taskId = before.get("bot")?.id as string;
    const welcome = (before.get("bot")?.inputs.agentConfig as Record<string, unknown>)
      .welcomeMessage;
    emulator.addFault({
      action: "UpdateAIConversation",
      mode: "error",
      code: "FailedOperation.NotAllowed",
      message: `rejected config with APIKey ${LLM_KEY}`,
    });
    await t.stack.setConfig("bot:welcome", { value: "This will not stick" });
    const failed = await t.stack.up({ color: "never" }).then(
      () => "",
      (e: Error) => e.message,
    );
    assert.match(
      failed,
      /UpdateAIConversation did not change the bot .* which keeps running as before/,
    );
    assert.ok(!failed.includes(LLM_KEY), "the LLM key is in the error");
    emulator.clearFaults();
    const after = await stateResources(t.stack);
    assert.equal(after.get("bot")?.id, taskId);
    assert.deepEqual(after.get("bot")?.inputs, before.get("bot")?.inputs, "inputs as before");
    assert.deepEqual(after.get("bot")?.outputs, before.get("bot")?.outputs, "outputs as before");
    const [task] = runningTasks(emulator);
    assert.equal(task.taskId, taskId);
    assert.equal(task.welcomeMessage, welcome);
    await t.stack.destroy({ color: "never" });
    assert.equal(runningTasks(emulator).length, 0);
  });

  it("adopts a bot started elsewhere, records it, and stops it on destroy", async () => {
    await t.stack.setConfig("bot:welcome", { value: "Hello!" });
    const { TaskId } = await trtcClient(emulator).StartAIConversation(
      startRequest({ RoomId: "room-2", RoomIdType: 1, SessionId: "started-by-hand" }),
    );
    await setExtra({ adoptTaskId: TaskId });
    emulator.clearRequests();
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.outputs.taskId.value, TaskId);
    assert.equal(up.outputs.status.value, "InProgress");
    assert.deepEqual(
      emulator.requests().filter((r) => r.action === "StartAIConversation"),
      [],
      "no new bot was started",
    );
    await setExtra({}); // create-only: removing it is no change
    assert.deepEqual((await t.stack.preview({ color: "never" })).changeSummary, { same: 2 });
    await t.stack.destroy({ color: "never" });
    assert.equal(emulator.tasks().find((x) => x.taskId === TaskId)?.status, "Stopped");
  });

  it("fails the create clearly when the task to adopt is not running", async () => {
    const { TaskId } = await trtcClient(emulator).StartAIConversation(
      startRequest({ RoomId: "77", SessionId: "stopped-first" }),
    );
    await trtcClient(emulator).StopAIConversation({ TaskId: TaskId as string });
    await setExtra({ adoptTaskId: TaskId });
    const failed = await t.stack.up({ color: "never" }).then(
      () => "",
      (e: Error) => e.message,
    );
    assert.match(
      failed,
      /adoptTaskId .*: the task is Stopped, not running, so there is nothing to adopt/,
    );
    assert.equal((await stateResources(t.stack)).has("bot"), false);
  });

  it("records an update whose answer was lost, so that a revert reaches the bot", async () => {
    await setExtra({ updateInPlace: true });
    await t.stack.setConfig("bot:welcome", { value: "Hello!" });
    const taskId = (await t.stack.up({ color: "never" })).outputs.taskId.value as string;
    emulator.addFault({ action: "UpdateAIConversation", mode: "commit-then-lose", count: 1 });
    await t.stack.setConfig("bot:welcome", { value: "Bye" });
    const failed = await t.stack.up({ color: "never" }).then(
      () => "",
      (e: Error) => e.message,
    );
    assert.match(failed, /UpdateAIConversation may have been applied to the bot/);
    assert.ok(!failed.includes(LLM_KEY), "the LLM key is in the error");
    assert.equal(runningTasks(emulator)[0].welcomeMessage, "Bye", "the bot has the new value");
    const recorded = (await stateResources(t.stack)).get("bot");
    assert.equal(recorded?.id, taskId);
    // The outputs record it (the engine keeps the old inputs after an update's init error).
    assert.equal(
      (recorded?.outputs.configDigest as Record<string, unknown>)["agentConfig.welcomeMessage"],
      digestOf("Bye"),
    );
    // The user rolls the change back: a real update, sent to the bot.
    await t.stack.setConfig("bot:welcome", { value: "Hello!" });
    const preview = await t.stack.preview({ color: "never" });
    assert.equal(preview.changeSummary.update, 1, JSON.stringify(preview.changeSummary));
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.outputs.taskId.value, taskId);
    const [task] = runningTasks(emulator);
    assert.equal(task.taskId, taskId);
    assert.equal(task.welcomeMessage, "Hello!");
    await t.stack.destroy({ color: "never" });
    assert.equal(runningTasks(emulator).length, 0);
  });
});
