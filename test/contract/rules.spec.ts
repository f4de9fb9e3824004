import assert from "node:assert/strict";
import {
  generateUserSig,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../emulator";
import {
  APP_KEY,
  control,
  expectApiError,
  SDK_APP_ID,
  startRequest,
  startTask,
  trtcClient,
  UNKNOWN_TASK_ID,
} from "./helpers";

describe("contract: behaviours chosen by emulator options", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;

  async function start(options: EmulatorOptions): Promise<RunningEmulator> {
    emulator = await startEmulator({ port: 0, ...options });
    return emulator;
  }

  afterEach(() => emulator?.stop());

  describe("Describe's answer", () => {
    it("by default has the SDK model's fields: TaskId, SessionId (when started with one), Status, StartTime", async () => {
      const client = trtcClient(await start({}));
      const TaskId = await startTask(client, { SessionId: "shape-1" });
      const byTask = await client.DescribeAIConversation({ TaskId });
      assert.deepEqual(Object.keys(byTask).sort(), [
        "RequestId",
        "SessionId",
        "StartTime",
        "Status",
        "TaskId",
      ]);
      const other = await startTask(client, { RoomId: "99", SessionId: undefined });
      assert.equal((await client.DescribeAIConversation({ TaskId: other })).SessionId, undefined);
    });

    it("with --describe-shape china-example has only Status and StartTime, by TaskId or SessionId", async () => {
      const client = trtcClient(await start({ describeShape: "china-example" }));
      const TaskId = await startTask(client, { SessionId: "shape-2" });
      for (const answer of [
        await client.DescribeAIConversation({ TaskId }),
        await client.DescribeAIConversation({ SdkAppId: SDK_APP_ID, SessionId: "shape-2" }),
      ]) {
        assert.deepEqual(Object.keys(answer).sort(), ["RequestId", "StartTime", "Status"]);
      }
    });
  });

  describe("de-duplication and cleanup", () => {
    it("by default interrupts the same bot in the same room, and dedupes only on SessionId", async () => {
      const client = trtcClient(await start({}));
      const first = await startTask(client, { SessionId: "a" });
      const second = await startTask(client, { SessionId: "b" });
      assert.equal(emulator.tasks().find((t) => t.taskId === first)?.status, "Stopped");
      assert.notEqual(emulator.tasks().find((t) => t.taskId === second)?.status, "Stopped");
      await expectApiError(
        emulator,
        client.StartAIConversation(startRequest({ RoomId: "77", SessionId: "b" })),
        "FailedOperation.TaskExist",
      );
    });

    it("with --dedupe room-bot answers TaskExist for the same SdkAppId, room, RoomIdType and bot", async () => {
      const client = trtcClient(await start({ dedupe: "room-bot" }));
      const first = await startTask(client, { SessionId: "a" });
      await expectApiError(
        emulator,
        client.StartAIConversation(startRequest({ SessionId: "b" })),
        "FailedOperation.TaskExist",
        /bot UserId `ai_bot` is in room `1234` \(RoomIdType 0\)/,
      );
      assert.equal(emulator.tasks().find((t) => t.taskId === first)?.status, "Preparing");
      // Another bot, another room, or the string room "1234" are other tasks.
      await startTask(client, { botUserId: "other_bot", SessionId: "c" });
      await startTask(client, { RoomId: "1235", SessionId: "d" });
      await startTask(client, { RoomIdType: 1, SessionId: "e" });
      // Once the holder stops (no cleanup time), the same bot may start again.
      await client.StopAIConversation({ TaskId: first });
      await startTask(client, { SessionId: "f" });
    });

    it("with --stopped-cleanup-ms keeps a stopped task deduping until cleanup ends (emulator time)", async () => {
      const client = trtcClient(await start({ dedupe: "room-bot", stoppedCleanupMs: 5000 }));
      const first = await startTask(client, { SessionId: "a" });
      await client.StopAIConversation({ TaskId: first });
      assert.equal((await client.DescribeAIConversation({ TaskId: first })).Status, "Stopped");
      await expectApiError(
        emulator,
        client.StartAIConversation(startRequest({ SessionId: "b" })),
        "FailedOperation.TaskExist",
      );
      await expectApiError(
        emulator,
        client.StartAIConversation(startRequest({ RoomId: "5", SessionId: "a" })),
        "FailedOperation.TaskExist",
      );
      await control(emulator, "POST", "/clock", { advanceSeconds: 5 });
      await startTask(client, { SessionId: "b" });
    });
  });

  describe("UpdateAIConversation", () => {
    it("applies what it is sent to the task, and shows it without secrets", async () => {
      const client = trtcClient(await start({}));
      const TaskId = await startTask(client);
      assert.equal(emulator.tasks()[0].welcomeMessage, "Hello");
      await client.UpdateAIConversation({
        TaskId,
        WelcomeMessage: "Welcome back",
        InterruptSpeechDuration: 800,
        TTSConfig: JSON.stringify({
          TTSType: "elevenlabs",
          APIKey: "el-secret-key-123",
          Model: "eleven_flash_v2_5",
          VoiceId: "v1",
        }),
      });
      const [task] = emulator.tasks();
      assert.equal(task.welcomeMessage, "Welcome back");
      assert.equal(task.interruptSpeechDuration, 800);
      assert.equal(task.llmType, "openai", "not sent: not updated");
      assert.equal(task.ttsType, "elevenlabs");
      assert.equal(task.updates, 1);
      assert.doesNotMatch(JSON.stringify(emulator.tasks()), /el-secret-key-123|sk-test/);
    });
  });

  describe("capacity", () => {
    it("with --max-tasks N answers ResourceInsufficient.RequestRejection past N active tasks of an app", async () => {
      const client = trtcClient(await start({ maxTasks: 2 }));
      const first = await startTask(client, { RoomId: "1" });
      await startTask(client, { RoomId: "2" });
      await expectApiError(
        emulator,
        client.StartAIConversation(startRequest({ RoomId: "3" })),
        "ResourceInsufficient.RequestRejection",
        /already runs 2 AI conversations/,
      );
      assert.equal(emulator.tasks().length, 2);
      await client.StopAIConversation({ TaskId: first });
      await startTask(client, { RoomId: "3" });
    });
  });

  describe("a Describe that lags Start (--visible-after-ms)", () => {
    it("answers TaskNotExist to Describe by TaskId and by SessionId until N ms of emulator time after Start", async () => {
      // Under the task's MaxIdleTime (60 s), which counts from Start.
      const client = trtcClient(await start({ visibleAfterMs: 40_000, preparingMs: 0 }));
      const TaskId = await startTask(client, { SessionId: "lagging" });
      const byTask = () => client.DescribeAIConversation({ TaskId });
      const bySession = () =>
        client.DescribeAIConversation({ SdkAppId: SDK_APP_ID, SessionId: "lagging" });
      await expectApiError(emulator, byTask(), "FailedOperation.TaskNotExist");
      await expectApiError(
        emulator,
        bySession(),
        "FailedOperation.TaskNotExist",
        /SessionId `lagging`/,
      );
      emulator.advanceClock(20);
      await expectApiError(emulator, byTask(), "FailedOperation.TaskNotExist");
      emulator.advanceClock(20);
      assert.deepEqual(
        [await byTask(), await bySession()].map((d) => [d.TaskId, d.Status]),
        [
          [TaskId, "InProgress"],
          [TaskId, "InProgress"],
        ],
      );
    });

    it("leaves Stop, Update, Control and Start's de-duplication unaffected", async () => {
      const client = trtcClient(await start({ visibleAfterMs: 60_000 }));
      const TaskId = await startTask(client, { SessionId: "hidden" });
      await client.UpdateAIConversation({ TaskId, WelcomeMessage: "Updated while unseen" });
      await client.ControlAIConversation({
        TaskId,
        Command: "InvokeLLM",
        InvokeLLM: { Content: "hi" },
      });
      await expectApiError(
        emulator,
        client.StartAIConversation(startRequest({ RoomId: "2", SessionId: "hidden" })),
        "FailedOperation.TaskExist",
      );
      await client.StopAIConversation({ TaskId });
      const [task] = emulator.tasks();
      assert.deepEqual([task.status, task.welcomeMessage], ["Stopped", "Updated while unseen"]);
      await expectApiError(
        emulator,
        client.DescribeAIConversation({ TaskId }),
        "FailedOperation.TaskNotExist",
      );
    });

    it("by SessionId, finds the older task of the session while the newer one is unseen", async () => {
      const client = trtcClient(await start({ visibleAfterMs: 10_000, preparingMs: 0 }));
      const older = await startTask(client, { SessionId: "again" });
      emulator.advanceClock(10);
      await client.StopAIConversation({ TaskId: older });
      const newer = await startTask(client, { SessionId: "again" });
      const bySession = async () => {
        const found = await client.DescribeAIConversation({
          SdkAppId: SDK_APP_ID,
          SessionId: "again",
        });
        return [found.TaskId, found.Status];
      };
      assert.deepEqual(await bySession(), [older, "Stopped"]);
      emulator.advanceClock(10);
      assert.deepEqual(await bySession(), [newer, "InProgress"]);
    });
  });

  describe("an app that may not start conversations (--not-allowed)", () => {
    it("answers Start with FailedOperation.NotAllowed and Tencent's message, for that app only", async () => {
      const client = trtcClient(
        await start({
          apps: { [String(SDK_APP_ID)]: APP_KEY, "1400000001": "second-key" },
          notAllowed: [1400000001, 1400000009],
        }),
      );
      for (const SdkAppId of [1400000001, 1400000009]) {
        const request = startRequest({ SdkAppId });
        request.AgentConfig.UserSig = generateUserSig({
          sdkAppId: SdkAppId,
          key: "second-key",
          userId: "ai_bot",
        });
        await expectApiError(
          emulator,
          client.StartAIConversation(request),
          "FailedOperation.NotAllowed",
          /^This operation is not allowed, please submit a ticket to contact us$/,
        );
      }
      assert.deepEqual(emulator.tasks(), []);
      const TaskId = await startTask(client);
      assert.equal((await client.DescribeAIConversation({ TaskId })).TaskId, TaskId);
    });
  });

  describe("permissions and tokens", () => {
    it("--deny ID:ACTION answers AuthFailure.UnauthorizedOperation for that action only", async () => {
      const client = trtcClient(await start({ deny: ["AKIDEMULATOR0000000000000000000000:Stop"] }));
      const TaskId = await startTask(client);
      await expectApiError(
        emulator,
        client.StopAIConversation({ TaskId }),
        "AuthFailure.UnauthorizedOperation",
        /not authorized to call trtc:StopAIConversation/,
      );
      assert.equal((await client.DescribeAIConversation({ TaskId })).TaskId, TaskId);
    });

    it("--deny ID:SDKAPPID answers UnauthorizedOperation.SdkAppId for Start and for that app's tasks", async () => {
      // CAM limits a key of the account that owns the app and its tasks (a key of another
      // account does not see the task at all: accounts.spec.ts).
      await start({
        keys: [
          { secretId: "AKIDADMIN", secretKey: "admin-key", account: "100001" },
          { secretId: "AKIDLIMITED", secretKey: "limited-key", account: "100001" },
        ],
        deny: [`AKIDLIMITED:${SDK_APP_ID}`],
      });
      const TaskId = await startTask(
        trtcClient(emulator, { secretId: "AKIDADMIN", secretKey: "admin-key" }),
      );
      const limited = trtcClient(emulator, { secretId: "AKIDLIMITED", secretKey: "limited-key" });
      await expectApiError(
        emulator,
        limited.StartAIConversation(startRequest({ RoomId: "2" })),
        "UnauthorizedOperation.SdkAppId",
      );
      await expectApiError(
        emulator,
        limited.DescribeAIConversation({ TaskId }),
        "UnauthorizedOperation.SdkAppId",
      );
      await expectApiError(
        emulator,
        limited.StopAIConversation({ TaskId: UNKNOWN_TASK_ID }),
        "FailedOperation.TaskNotExist",
      );
    });

    it("--temp-key needs its own X-TC-Token: missing or wrong answers AuthFailure.TokenFailure", async () => {
      await start({
        keys: [{ secretId: "AKIDTEMP", secretKey: "temp-key", token: "sts-token-1" }],
      });
      const as = (token?: string) =>
        trtcClient(emulator, {
          secretId: "AKIDTEMP",
          secretKey: "temp-key",
          ...(token === undefined ? {} : { token }),
        }).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID });
      await expectApiError(emulator, as(), "AuthFailure.TokenFailure", /is missing/);
      await expectApiError(emulator, as("sts-token-2"), "AuthFailure.TokenFailure", /is wrong/);
      await expectApiError(emulator, as("sts-token-1"), "FailedOperation.TaskNotExist");
    });
  });
});
