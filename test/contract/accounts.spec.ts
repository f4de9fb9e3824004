/**
 * A task belongs to the account of the key that started it (hostile-input review F4, emulator
 * part): keys of another account get `FailedOperation.TaskNotExist` for it, keys of the same
 * account share it. Assumed (the pages are silent); README "Emulator vs Tencent Cloud".
 */
import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { expectApiError, SDK_APP_ID, startRequest, startTask, trtcClient } from "./helpers";

describe("contract: tasks belong to an account", () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startEmulator({
      port: 0,
      preparingMs: 0,
      keys: [
        { secretId: "AKIDTEAM1", secretKey: "team-key-1", account: "100001" },
        { secretId: "AKIDTEAM2", secretKey: "team-key-2", account: "100001" },
        { secretId: "AKIDOTHER", secretKey: "other-key", account: "100002" },
        { secretId: "AKIDALONE", secretKey: "alone-key" },
      ],
    });
  });
  afterEach(() => emulator.stop());

  const as = (secretId: string, secretKey: string) => trtcClient(emulator, { secretId, secretKey });

  it("answers TaskNotExist to every key of another account, on every action, and leaves the task running", async () => {
    const owner = as("AKIDTEAM1", "team-key-1");
    const TaskId = await startTask(owner, { SessionId: "owned" });
    assert.equal(emulator.tasks()[0].account, "100001");

    for (const [secretId, secretKey] of [
      ["AKIDOTHER", "other-key"],
      ["AKIDALONE", "alone-key"],
      [emulator.secretId, emulator.secretKey],
    ]) {
      const stranger = as(secretId, secretKey);
      const notExist = (call: Promise<unknown>) =>
        expectApiError(emulator, call, "FailedOperation.TaskNotExist");
      await notExist(stranger.DescribeAIConversation({ TaskId }));
      await notExist(stranger.DescribeAIConversation({ SdkAppId: SDK_APP_ID, SessionId: "owned" }));
      await notExist(stranger.UpdateAIConversation({ TaskId, WelcomeMessage: "Taken over" }));
      await notExist(
        stranger.ControlAIConversation({
          TaskId,
          Command: "ServerPushText",
          ServerPushText: { Text: "Bye", StopAfterPlay: true },
        }),
      );
      await notExist(stranger.StopAIConversation({ TaskId }));
    }

    const [task] = emulator.tasks();
    assert.equal(task.status, "InProgress");
    assert.equal(task.welcomeMessage, "Hello", "no update reached the task");
    assert.equal(task.updates, 0);
    const found = await owner.DescribeAIConversation({ SdkAppId: SDK_APP_ID, SessionId: "owned" });
    assert.equal(found.TaskId, TaskId);
  });

  it("lets every key of the owning account describe, update, control and stop the task", async () => {
    const TaskId = await startTask(as("AKIDTEAM1", "team-key-1"), { SessionId: "shared" });
    const sibling = as("AKIDTEAM2", "team-key-2");
    assert.equal((await sibling.DescribeAIConversation({ TaskId })).Status, "InProgress");
    const bySession = await sibling.DescribeAIConversation({
      SdkAppId: SDK_APP_ID,
      SessionId: "shared",
    });
    assert.equal(bySession.TaskId, TaskId);
    await sibling.UpdateAIConversation({ TaskId, WelcomeMessage: "Hi from a sibling key" });
    await sibling.ControlAIConversation({
      TaskId,
      Command: "ServerPushText",
      ServerPushText: { Text: "Hello" },
    });
    await sibling.StopAIConversation({ TaskId });
    const [task] = emulator.tasks();
    assert.deepEqual(
      [task.status, task.welcomeMessage, task.updates],
      ["Stopped", "Hi from a sibling key", 1],
    );
  });

  it("finds by SessionId only the caller's account's task", async () => {
    const mine = await startTask(as("AKIDOTHER", "other-key"), { SessionId: "s-1", RoomId: "1" });
    await as("AKIDOTHER", "other-key").StopAIConversation({ TaskId: mine });
    // A newer task of the same app and SessionId, started by another account.
    await startTask(as("AKIDTEAM1", "team-key-1"), { SessionId: "s-1", RoomId: "2" });
    const found = await as("AKIDOTHER", "other-key").DescribeAIConversation({
      SdkAppId: SDK_APP_ID,
      SessionId: "s-1",
    });
    assert.deepEqual([found.TaskId, found.Status], [mine, "Stopped"]);
  });

  it("de-duplicates Start by SdkAppId whatever the account (an app has one account on Tencent Cloud)", async () => {
    await startTask(as("AKIDTEAM1", "team-key-1"), { SessionId: "one-app" });
    await expectApiError(
      emulator,
      as("AKIDOTHER", "other-key").StartAIConversation(
        startRequest({ SessionId: "one-app", RoomId: "99" }),
      ),
      "FailedOperation.TaskExist",
    );
  });
});
