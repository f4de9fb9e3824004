import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { SDK_APP_ID, UUID_V4, startRequest, startTask, trtcClient } from "./helpers";

describe("contract: every action succeeds through the official SDK", () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterEach(() => emulator.stop());

  it("StartAIConversation returns a real-looking TaskId and a uuid RequestId", async () => {
    const response = await trtcClient(emulator).StartAIConversation(
      startRequest({ SessionId: "s-1" }),
    );
    assert.match(response.TaskId ?? "", /^[A-Za-z0-9+][A-Za-z0-9+-]{69,}\.{0,2}$/);
    assert.match(response.RequestId ?? "", UUID_V4);
    const [task] = emulator.tasks();
    assert.deepEqual(
      { ...task, startTime: typeof task.startTime },
      {
        taskId: response.TaskId,
        sessionId: "s-1",
        account: emulator.secretId,
        sdkAppId: SDK_APP_ID,
        roomId: "1234",
        roomIdType: 0,
        botUserId: "ai_bot",
        targetUserId: "user_1",
        region: "ap-guangzhou",
        status: "Preparing",
        startTime: "string",
        stopTime: null,
        welcomeMessage: "Hello",
        interruptMode: null,
        interruptSpeechDuration: null,
        llmType: "openai",
        ttsType: "flow",
        updates: 0,
      },
    );
  });

  it("accepts every documented Start field, including a string room", async () => {
    const request = startRequest({
      RoomId: "room-a",
      RoomIdType: 1,
      SessionId: "s-full",
      STTConfig: {
        Language: "en",
        AlternativeLanguage: ["zh"],
        VadSilenceTime: 800,
        HotWordList: "TRTC|10",
        VadLevel: 2,
        CustomParam: '{"STTType":"azure","SubscriptionKey":"k","Region":"eastus"}',
      },
      AvatarConfig: '{"AvatarType":"x"}',
      ExperimentalParams: "{}",
    });
    Object.assign(request.AgentConfig, {
      InterruptMode: 0,
      InterruptSpeechDuration: 500,
      TurnDetectionMode: 3,
      FilterOneWord: true,
      WelcomeMessagePriority: 0,
      FilterBracketsContent: 2,
      AmbientSound: { Scene: "busy_office", Volume: 1 },
      VoicePrint: { Mode: 0, IdList: [] },
      TurnDetection: { SemanticEagerness: "high" },
      SubtitleMode: 1,
      InterruptWordList: ["wait"],
    });
    const response = await trtcClient(emulator).StartAIConversation(request);
    assert.equal(response.TaskId, emulator.tasks()[0].taskId);
  });

  it("DescribeAIConversation finds a task by TaskId and by SdkAppId + SessionId", async () => {
    const client = trtcClient(emulator);
    const TaskId = await startTask(client, { SessionId: "s-2" });
    const byId = await client.DescribeAIConversation({ TaskId });
    assert.equal(byId.TaskId, TaskId);
    assert.equal(byId.SessionId, "s-2");
    assert.equal(byId.Status, "Preparing");
    assert.match(byId.StartTime ?? "", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
    assert.match(byId.RequestId ?? "", UUID_V4);
    const bySession = await client.DescribeAIConversation({
      SdkAppId: SDK_APP_ID,
      SessionId: "s-2",
    });
    assert.equal(bySession.TaskId, TaskId);
    assert.equal(bySession.StartTime, byId.StartTime);
  });

  it("Describe omits SessionId when the task was started without one", async () => {
    const client = trtcClient(emulator);
    const TaskId = await startTask(client);
    const response = await client.DescribeAIConversation({ TaskId });
    assert.deepEqual(Object.keys(response).sort(), ["RequestId", "StartTime", "Status", "TaskId"]);
  });

  it("UpdateAIConversation accepts its five fields", async () => {
    const client = trtcClient(emulator);
    const TaskId = await startTask(client);
    const response = await client.UpdateAIConversation({
      TaskId,
      WelcomeMessage: "Hi again",
      InterruptMode: 1,
      InterruptSpeechDuration: 800,
      LLMConfig: JSON.stringify({
        LLMType: "dify",
        APIKey: "app-1",
        APIUrl: "https://api.dify.ai/v1/chat-messages",
      }),
      TTSConfig: JSON.stringify({
        TTSType: "elevenlabs",
        Model: "eleven_v3",
        APIKey: "k",
        VoiceId: "v",
      }),
    });
    assert.deepEqual(Object.keys(response), ["RequestId"]);
  });

  it("ControlAIConversation runs ServerPushText, InvokeLLM and TransparentData", async () => {
    const client = trtcClient(emulator);
    const TaskId = await startTask(client);
    await client.ControlAIConversation({
      TaskId,
      Command: "ServerPushText",
      ServerPushText: { Text: "Hello", Interrupt: true, DropMode: 1, AddHistory: true },
    });
    await client.ControlAIConversation({
      TaskId,
      Command: "InvokeLLM",
      InvokeLLM: { Content: "Hi", Interrupt: false },
    });
    await client.ControlAIConversation({
      TaskId,
      Command: "TransparentData",
      TransparentData: { Data: "x" },
    });
    assert.equal((await client.DescribeAIConversation({ TaskId })).Status, "Preparing");
  });

  it("StopAIConversation stops the task, which Describe then reports as Stopped", async () => {
    const client = trtcClient(emulator);
    const TaskId = await startTask(client);
    const response = await client.StopAIConversation({ TaskId });
    assert.match(response.RequestId ?? "", UUID_V4);
    assert.equal((await client.DescribeAIConversation({ TaskId })).Status, "Stopped");
    assert.equal(emulator.tasks()[0].status, "Stopped");
    assert.notEqual(emulator.tasks()[0].stopTime, null);
  });

  it("logs each call without bodies or secrets", async () => {
    const client = trtcClient(emulator);
    const { TaskId, RequestId } = await client.StartAIConversation(startRequest());
    assert.ok(TaskId);
    await client.StopAIConversation({ TaskId });
    const log = emulator.requests();
    assert.deepEqual(
      log.map((e) => [e.action, e.code]),
      [
        ["StartAIConversation", null],
        ["StopAIConversation", null],
      ],
    );
    assert.equal(log[0].requestId, RequestId);
    assert.deepEqual(Object.keys(log[0]).sort(), [
      "action",
      "code",
      "region",
      "requestId",
      "time",
      "tokenSent",
    ]);
    assert.doesNotMatch(JSON.stringify(log), /sk-test|emulator-secret-key|UserSig/);
  });
});
