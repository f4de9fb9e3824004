import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { control, expectApiError, startRequest, startTask, trtcClient } from "./helpers";

interface TaskView {
  taskId: string;
  status: string;
  stopTime: string | null;
}

describe("contract: task lifecycle on the emulator clock", () => {
  let emulator: RunningEmulator;

  afterEach(() => emulator.stop());

  const status = async (taskId: string) =>
    (await trtcClient(emulator).DescribeAIConversation({ TaskId: taskId })).Status;
  const advance = (seconds: number) =>
    control(emulator, "POST", "/clock", { advanceSeconds: seconds });
  const stream = (roomId: string, userId: string, streaming: boolean) =>
    control(emulator, "POST", `/rooms/${roomId}/users/${userId}`, { streaming });

  it("goes Preparing -> InProgress after preparingMs of emulator time", async () => {
    emulator = await startEmulator({ port: 0, preparingMs: 5000 });
    const taskId = await startTask(trtcClient(emulator));
    assert.equal(await status(taskId), "Preparing");
    await advance(5);
    assert.equal(await status(taskId), "InProgress");
  });

  it("stops a task after MaxIdleTime with nobody streaming, keeps it visible, then forgets it", async () => {
    emulator = await startEmulator({ port: 0, preparingMs: 0, stoppedRetentionSeconds: 30 });
    const client = trtcClient(emulator);
    const taskId = await startTask(client, { RoomId: "555" });
    await stream("555", "user_1", true);
    await advance(600);
    assert.equal(await status(taskId), "InProgress", "a streaming user keeps the task alive");
    await stream("555", "user_1", false);
    await advance(59);
    assert.equal(await status(taskId), "InProgress");
    await advance(1);
    assert.equal(await status(taskId), "Stopped");
    const [view] = (await control(emulator, "GET", "/tasks")) as TaskView[];
    assert.equal(view.status, "Stopped");
    assert.ok(view.stopTime);
    await expectApiError(
      emulator,
      client.StopAIConversation({ TaskId: taskId }),
      "FailedOperation.TaskNotExist",
    );
    await advance(30);
    await expectApiError(
      emulator,
      client.DescribeAIConversation({ TaskId: taskId }),
      "FailedOperation.TaskNotExist",
    );
    assert.deepEqual(await control(emulator, "GET", "/tasks"), []);
  });

  it("honours a custom MaxIdleTime and ignores the bot's own stream", async () => {
    emulator = await startEmulator({ port: 0, preparingMs: 0 });
    const client = trtcClient(emulator);
    const request = startRequest({ RoomId: "556" });
    request.AgentConfig.MaxIdleTime = 10;
    const { TaskId: taskId = "" } = await client.StartAIConversation(request);
    await client.UpdateAIConversation({ TaskId: taskId, WelcomeMessage: "still here" });
    await stream("556", "ai_bot", true);
    await advance(9);
    assert.equal(await status(taskId), "InProgress");
    await advance(1);
    assert.equal(await status(taskId), "Stopped");
  });

  it("interrupts the previous task when a new one uses the same bot UserId in the same room", async () => {
    emulator = await startEmulator({ port: 0, preparingMs: 0 });
    const client = trtcClient(emulator);
    const first = await startTask(client, { RoomId: "777", SessionId: "a" });
    const elsewhere = await startTask(client, { RoomId: "778", SessionId: "b" });
    const otherBot = await startTask(client, {
      RoomId: "777",
      SessionId: "c",
      botUserId: "ai_bot_2",
    });
    const second = await startTask(client, { RoomId: "777", SessionId: "d" });
    assert.equal(await status(first), "Stopped");
    assert.equal(await status(second), "InProgress");
    assert.equal(await status(elsewhere), "InProgress", "another room is unaffected");
    assert.equal(await status(otherBot), "InProgress", "another bot is unaffected");
  });

  it("stops the task once a StopAfterPlay text is spoken (15 characters per second)", async () => {
    emulator = await startEmulator({ port: 0, preparingMs: 0 });
    const client = trtcClient(emulator);
    const taskId = await startTask(client);
    const text = "Thanks for calling, goodbye!"; // 28 characters: 1.867 s
    await client.ControlAIConversation({
      TaskId: taskId,
      Command: "ServerPushText",
      ServerPushText: { Text: text, StopAfterPlay: true },
    });
    assert.equal(await status(taskId), "InProgress");
    // The emulator's clock is this machine's plus the advances, so the wall time the calls take
    // counts too: 1 s ahead leaves 0.867 s of it before the text ends; the stop time below
    // proves the exact 1.867 s.
    await advance(1);
    assert.equal(await status(taskId), "InProgress");
    await advance(1);
    assert.equal(await status(taskId), "Stopped");
    const stopped = emulator.tasks()[0];
    assert.equal(
      Date.parse(stopped.stopTime as string) - Date.parse(stopped.startTime) >= 1867,
      true,
    );
  });

  it("reset clears tasks, rooms, faults, the log and the clock", async () => {
    emulator = await startEmulator({ port: 0 });
    await startTask(trtcClient(emulator));
    await advance(100);
    await control(emulator, "POST", "/faults", { action: "*", mode: "error" });
    await control(emulator, "POST", "/reset");
    assert.deepEqual(await control(emulator, "GET", "/tasks"), []);
    assert.deepEqual(await control(emulator, "GET", "/requests"), []);
    assert.deepEqual(await control(emulator, "GET", "/faults"), []);
    assert.equal(
      ((await control(emulator, "GET", "/clock")) as { offsetSeconds: number }).offsetSeconds,
      0,
    );
  });
});
