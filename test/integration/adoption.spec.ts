import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { generateUserSig } from "../../emulator/usersig";
import { startRequest, trtcClient } from "../contract/helpers";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import { createTestStack, stateResources, type TestStack } from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "bot");
const OTHER_APP = 1400000001;

describe("adoptTaskId with the real engine", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;

  async function setExtra(top: Record<string, unknown>): Promise<void> {
    await t.stack.setConfig("bot:extra", { value: JSON.stringify({ top }) });
  }

  /** A bot started outside Pulumi in the fixture's room, with the fixture's bot UserId. */
  async function startByHand(sessionId: string, sdkAppId = 1400000000): Promise<string> {
    const request = startRequest({ RoomId: "room-1", RoomIdType: 1, SessionId: sessionId });
    const key = sdkAppId === OTHER_APP ? "other-app-key" : "emulator-app-key";
    const { TaskId } = await trtcClient(emulator).StartAIConversation({
      ...request,
      SdkAppId: sdkAppId,
      AgentConfig: {
        ...request.AgentConfig,
        UserSig: generateUserSig({ sdkAppId, key, userId: "ai_bot" }),
      },
    });
    return TaskId as string;
  }

  async function failedUp(): Promise<string> {
    return t.stack.up({ color: "never" }).then(
      () => "",
      (e: Error) => e.message,
    );
  }

  before(async () => {
    emulator = await startEmulator({
      preparingMs: 200,
      apps: { "1400000000": "emulator-app-key", [String(OTHER_APP)]: "other-app-key" },
    });
    const { config, secretConfig } = emulatorStackConfig(emulator);
    t = await createTestStack({
      programDir,
      config: { ...config, "trtc:maxRetries": "0" },
      secretConfig: {
        ...secretConfig,
        "bot:appKey": "emulator-app-key",
        "bot:llmApiKey": "sk-adopt-1",
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

  afterEach(async () => {
    // Each case starts from an empty stack and room.
    await t.stack.destroy({ color: "never" });
    for (const task of runningTasks(emulator)) {
      await trtcClient(emulator).StopAIConversation({ TaskId: task.taskId });
    }
    emulator.clearFaults();
  });

  it("refuses, at preview, a change that would replace the adopted bot while adoptTaskId is set; the bot keeps running", async () => {
    const taskId = await startByHand("started-by-hand");
    await setExtra({ adoptTaskId: taskId });
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.outputs.taskId.value, taskId);
    emulator.clearRequests();
    await setExtra({ adoptTaskId: taskId, sttConfig: { language: "ja" } });
    const failed = await t.stack.preview({ color: "never" }).then(
      () => "",
      (e: Error) => e.message,
    );
    assert.match(failed, /adoptTaskId is still set/);
    assert.match(failed, /remove it from the program/);
    assert.equal(await failedUp().then((m) => /adoptTaskId is still set/.test(m)), true);
    assert.deepEqual(
      emulator.requests().filter((r) => r.action !== "DescribeAIConversation"),
      [],
      "nothing was stopped or started",
    );
    assert.deepEqual(
      runningTasks(emulator).map((x) => x.taskId),
      [taskId],
    );
    // Once adoptTaskId is removed, the same change replaces the bot as any other.
    await setExtra({ sttConfig: { language: "ja" } });
    const replaced = await t.stack.up({ color: "never" });
    assert.equal(replaced.summary.resourceChanges?.replace, 1);
    assert.notEqual(replaced.outputs.taskId.value, taskId);
    assert.equal(emulator.tasks().find((x) => x.taskId === taskId)?.status, "Stopped");
  });

  const refusals: Array<[string, () => Promise<[string, Record<string, unknown>]>, RegExp]> = [
    [
      "a task that runs under another SessionId than the program's sessionId",
      async () => [await startByHand("hand-session"), { sessionId: "my-own-session" }],
      /runs under SessionId hand-session, not my-own-session/,
    ],
    [
      "a task another pulumi-trtc stack started (pt- SessionId)",
      async () => [await startByHand(`pt-${"a".repeat(40)}`), {}],
      /a pulumi-trtc resource started it/,
    ],
    [
      "a task of another SdkAppId",
      async () => [await startByHand("app-b-session", OTHER_APP), {}],
      /is not one of SdkAppId 1400000000/,
    ],
  ];
  for (const [what, setUp, message] of refusals) {
    it(`refuses to adopt ${what}, recording nothing and stopping nothing`, async () => {
      const [taskId, top] = await setUp();
      await setExtra({ ...top, adoptTaskId: taskId });
      emulator.clearRequests();
      const failed = await failedUp();
      assert.match(failed, message);
      assert.equal((await stateResources(t.stack)).has("bot"), false);
      assert.deepEqual(
        emulator.requests().filter((r) => r.action !== "DescribeAIConversation"),
        [],
      );
      assert.deepEqual(
        runningTasks(emulator).map((x) => x.taskId),
        [taskId],
      );
    });
  }
});
