import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { ClientProfile } from "tencentcloud-sdk-nodejs/tencentcloud/common/interface";
import { expectApiError, SDK_APP_ID, startRequest, trtcClient, UNKNOWN_TASK_ID } from "./helpers";

/** Every way the official SDK can sign and send a request (its `signMethod` and `reqMethod`). */
const WIRE_FORMS: Array<[string, ClientProfile]> = [
  ["TC3-HMAC-SHA256 POST (JSON)", {}],
  ["TC3-HMAC-SHA256 GET (query)", { httpProfile: { reqMethod: "GET" } }],
  ["legacy HmacSHA1 POST (form)", { signMethod: "HmacSHA1" }],
  ["legacy HmacSHA256 POST (form)", { signMethod: "HmacSHA256" }],
  [
    "legacy HmacSHA256 GET (query)",
    { signMethod: "HmacSHA256", httpProfile: { reqMethod: "GET" } },
  ],
];

describe("contract: every signature and wire form the official SDK makes", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 0 });
  });

  after(() => emulator?.stop());

  for (const [name, profile] of WIRE_FORMS) {
    it(`${name}: start (nested and list fields typed back), describe, control, update and stop`, async () => {
      emulator.reset();
      const client = trtcClient(emulator, { profile });
      const request = startRequest({
        SessionId: `wire-${name.replace(/\W+/g, "-")}`,
        STTConfig: { Language: "en", AlternativeLanguage: ["zh", "ja"], VadSilenceTime: 800 },
      });
      request.AgentConfig.InterruptMode = 1;
      request.AgentConfig.FilterOneWord = false;
      const { TaskId } = await client.StartAIConversation(request);
      assert.ok(TaskId);
      const described = await client.DescribeAIConversation({
        SdkAppId: SDK_APP_ID,
        SessionId: request.SessionId,
      });
      assert.equal(described.TaskId, TaskId);
      assert.equal(described.Status, "InProgress");
      await client.ControlAIConversation({
        TaskId,
        Command: "ServerPushText",
        ServerPushText: { Text: "hi", Interrupt: true },
      });
      await client.UpdateAIConversation({ TaskId, WelcomeMessage: "Hello again" });
      await client.StopAIConversation({ TaskId });
      assert.equal((await client.DescribeAIConversation({ TaskId })).Status, "Stopped");
      assert.deepEqual(
        emulator.requests().map((r) => [r.action, r.code]),
        [
          ["StartAIConversation", null],
          ["DescribeAIConversation", null],
          ["ControlAIConversation", null],
          ["UpdateAIConversation", null],
          ["StopAIConversation", null],
          ["DescribeAIConversation", null],
        ],
      );
    });

    it(`${name}: validates the fields it carries like JSON (a wrong type is InvalidParameter)`, async () => {
      const request = startRequest({ RoomId: "55" });
      (request.AgentConfig as unknown as Record<string, unknown>).MaxIdleTime = "soon";
      await expectApiError(
        emulator,
        trtcClient(emulator, { profile }).StartAIConversation(request),
        "InvalidParameter",
        /AgentConfig\.MaxIdleTime/,
      );
    });
  }

  it("refuses a v1 signature over other parameters than those sent (SignatureFailure)", async () => {
    await expectApiError(
      emulator,
      trtcClient(emulator, {
        secretKey: "not-the-key",
        profile: { signMethod: "HmacSHA1" },
      }).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
      "AuthFailure.SignatureFailure",
    );
  });
});
