import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator, type TaskView } from "../../emulator";
import { emulatorStackConfig } from "../helpers/emulator";
import { createTestStack, stateResources, type TestStack } from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "bot");
const SECRETS = { "bot:appKey": "emulator-app-key", "bot:llmApiKey": "sk-task-states-llm-key" };

/** Polls `probe` every 10 ms until it returns a value (not undefined); fails after `ms`. */
async function until<T>(what: string, probe: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function stackWith(emulator: RunningEmulator, config: Record<string, string> = {}) {
  const base = emulatorStackConfig(emulator);
  return createTestStack({
    programDir,
    config: { ...base.config, ...config },
    secretConfig: { ...base.secretConfig, ...SECRETS },
  });
}

/** The bot's state entry (id and outputs), or undefined when state has none. */
async function botState(t: TestStack) {
  return (await stateResources(t.stack)).get("bot");
}

describe("task states with the real engine", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 300 });
    t = await stackWith(emulator);
  });

  afterEach(async () => {
    emulator.clearFaults();
    for (const task of emulator.tasks()) emulator.holdStatus(task.taskId, null);
    await t.stack.destroy({ color: "never" });
    emulator.reset(); // the stopped tasks too: each test sees only its own
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  it("keeps a bot the API reports Idle on refresh, with its TaskId", async () => {
    const taskId = (await t.stack.up({ color: "never" })).outputs.taskId.value as string;
    emulator.holdStatus(taskId, "Idle");
    const refresh = await t.stack.refresh({ color: "never" });
    assert.equal(refresh.summary.resourceChanges?.delete ?? 0, 0);
    const bot = await botState(t);
    assert.equal(bot?.id, taskId, "the Idle bot was forgotten");
    assert.equal(bot?.outputs.status, "Idle");
    assert.deepEqual(
      emulator.tasks().map((x) => [x.taskId, x.status]),
      [[taskId, "Idle"]],
    );
  });

  it("adopts the task a lost start left behind when the API reports it Idle", async () => {
    emulator.clearRequests();
    emulator.addFault({ action: "StartAIConversation", mode: "commit-then-lose", count: 1 });
    const up = t.stack.up({ color: "never" });
    // Hold the committed task in Idle until the provider has looked it up by SessionId, then
    // let it run, so the wait for InProgress ends.
    const task = await until("the started task", () => emulator.tasks()[0]);
    emulator.holdStatus(task.taskId, "Idle");
    await until("the lookup", () =>
      emulator.requests().find((r) => r.action === "DescribeAIConversation"),
    );
    emulator.holdStatus(task.taskId, null);
    const result = await up;
    assert.equal(result.outputs.taskId.value, task.taskId);
    assert.equal((await botState(t))?.id, task.taskId);
    const starts = emulator.requests().filter((r) => r.action === "StartAIConversation");
    assert.deepEqual(
      starts.map((r) => r.code),
      ["LOST", "FailedOperation.TaskExist"],
    );
    assert.deepEqual(
      emulator.tasks().map((x: TaskView) => [x.taskId, x.status]),
      [[task.taskId, "InProgress"]],
    );
  });

  it("adopts a bot whose start timed out on the client but started anyway", async () => {
    await t.stack.setConfig("trtc:requestTimeoutSeconds", { value: "1" });
    try {
      emulator.clearRequests();
      // The first two Starts are answered after the client gave up on them; the first commits
      // (at 1.5 s) before the third attempt arrives, which then finds the SessionId taken.
      emulator.addFault({
        action: "StartAIConversation",
        mode: "latency",
        latencyMs: 1500,
        count: 2,
      });
      const up = await t.stack.up({ color: "never" });
      const inRoom = emulator
        .tasks()
        .filter((x) => x.roomId === "room-1" && x.botUserId === "ai_bot");
      assert.deepEqual(
        inRoom.map((x) => x.status),
        ["InProgress"],
      );
      assert.equal(up.outputs.taskId.value, inRoom[0].taskId);
      assert.equal((await botState(t))?.id, inRoom[0].taskId);
      const starts = emulator.requests().filter((r) => r.action === "StartAIConversation");
      assert.equal(starts.filter((r) => r.code === null).length, 1, "more than one start");
      assert.ok(starts.length >= 3, `only ${starts.length} start attempts`);
    } finally {
      await t.stack.removeConfig("trtc:requestTimeoutSeconds");
    }
  });
});

describe("a bot that started but never became ready", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;

  before(async () => {
    // Preparing for 10 minutes: the bot never reaches InProgress during the test.
    emulator = await startEmulator({ preparingMs: 600_000 });
    t = await stackWith(emulator, { "trtc:startTimeoutSeconds": "2" });
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  it("is recorded by the failed up, and destroy stops it", async () => {
    await assert.rejects(
      t.stack.up({ color: "never" }),
      /The bot started \(TaskId [^)]+\) but did not become ready: still Preparing after 2s/,
    );
    const [task] = emulator.tasks();
    assert.equal(emulator.tasks().length, 1);
    assert.equal(task.status, "Preparing");
    const bot = await botState(t);
    assert.equal(bot?.id, task.taskId, "state does not record the started task");
    assert.equal(bot?.outputs.taskId, task.taskId);
    assert.equal(bot?.outputs.status, "Preparing");

    const destroy = await t.stack.destroy({ color: "never" });
    assert.equal(destroy.summary.resourceChanges?.delete, 2);
    assert.deepEqual(
      emulator.tasks().map((x) => [x.taskId, x.status]),
      [[task.taskId, "Stopped"]],
    );
    assert.equal((await stateResources(t.stack)).size, 0);
  });
});
