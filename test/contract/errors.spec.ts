import assert from "node:assert/strict";
import { generateUserSig, startEmulator, type RunningEmulator } from "../../emulator";
import {
  APP_KEY,
  SDK_APP_ID,
  commonClient,
  control,
  expectApiError,
  startRequest,
  startTask,
  trtcClient,
  withClientClockSkew,
  rawRequest,
  UNKNOWN_TASK_ID,
} from "./helpers";

describe("contract: API errors surface through the official SDK with code and requestId", () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  beforeEach(() => emulator.reset());
  after(() => emulator.stop());

  describe("authentication", () => {
    it("AuthFailure.SignatureFailure for a wrong SecretKey", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator, { secretKey: "wrong-key" }).DescribeAIConversation({
          TaskId: UNKNOWN_TASK_ID,
        }),
        "AuthFailure.SignatureFailure",
        /^The provided credentials could not be validated\. Please check your signature is correct\.$/,
      );
    });

    it("AuthFailure.SignatureExpire when the client's clock is 400 s behind", async () => {
      await withClientClockSkew(-400_000, () =>
        expectApiError(
          emulator,
          trtcClient(emulator).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
          "AuthFailure.SignatureExpire",
          /by (399|400|401) s \(at most 300 s allowed\)\. Check the client's clock\./,
        ),
      );
    });

    it("still accepts a client clock 200 s ahead", async () => {
      await withClientClockSkew(200_000, () =>
        expectApiError(
          emulator,
          trtcClient(emulator).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
          "FailedOperation.TaskNotExist",
        ),
      );
    });

    it("AuthFailure.SecretIdNotFound for an unknown SecretId", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator, { secretId: "AKIDUNKNOWN" }).DescribeAIConversation({
          TaskId: UNKNOWN_TASK_ID,
        }),
        "AuthFailure.SecretIdNotFound",
        /`AKIDUNKNOWN` does not exist/,
      );
    });

    it("AuthFailure.InvalidAuthorization for an unsigned request (skipSign)", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator).request(
          "DescribeAIConversation",
          { TaskId: UNKNOWN_TASK_ID },
          { skipSign: true },
        ),
        "AuthFailure.InvalidAuthorization",
        /Authorization header is missing or malformed/,
      );
    });

    it("AuthFailure.SignatureFailure for a legacy v1 signature made with the wrong key", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator, {
          secretKey: "wrong",
          profile: { signMethod: "HmacSHA256" },
        }).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
        "AuthFailure.SignatureFailure",
      );
    });

    it("AuthFailure.TokenFailure when a token is configured and the client's differs", async () => {
      const withToken = await startEmulator({ port: 0, token: "sts-token" });
      try {
        await expectApiError(
          withToken,
          trtcClient(withToken, { token: "other" }).DescribeAIConversation({
            TaskId: UNKNOWN_TASK_ID,
          }),
          "AuthFailure.TokenFailure",
        );
        await expectApiError(
          withToken,
          trtcClient(withToken).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
          "AuthFailure.TokenFailure",
        );
        await expectApiError(
          withToken,
          trtcClient(withToken, { token: "sts-token" }).DescribeAIConversation({
            TaskId: UNKNOWN_TASK_ID,
          }),
          "FailedOperation.TaskNotExist",
        );
      } finally {
        await withToken.stop();
      }
    });

    it("AuthFailure.TokenFailure for a token sent with a permanent key", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator, { token: "anything" }).DescribeAIConversation({
          TaskId: UNKNOWN_TASK_ID,
        }),
        "AuthFailure.TokenFailure",
        /permanent key AKIDEMULATOR0000000000000000000000, which takes none/,
      );
    });
  });

  describe("action, version, region and protocol", () => {
    it("InvalidAction for an action the emulator does not implement", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator).request("StartAITranscription", {}),
        "InvalidAction",
        /`StartAITranscription` does not exist/,
      );
    });

    it("NoSuchVersion for another API version", async () => {
      await expectApiError(
        emulator,
        commonClient(emulator, "2018-01-01").request("DescribeAIConversation", {
          TaskId: UNKNOWN_TASK_ID,
        }),
        "NoSuchVersion",
        /`2018-01-01` does not exist for DescribeAIConversation\. Use 2019-07-22\./,
      );
    });

    it("MissingParameter Region when the client has no region", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator, { region: null }).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
        "MissingParameter",
        /^The request is missing a required parameter `Region`\.$/,
      );
    });

    it("UnsupportedRegion naming the region and the action's regions on the site", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator, { region: "eu-frankfurt" }).DescribeAIConversation({
          TaskId: UNKNOWN_TASK_ID,
        }),
        "UnsupportedRegion",
        /^DescribeAIConversation does not support the region `eu-frankfurt` on the international site\. Supported regions: ap-guangzhou, ap-singapore, ap-tokyo, na-siliconvalley\.$/,
      );
    });

    it("UnsupportedProtocol for a method other than GET and POST", async () => {
      const response = await rawRequest(emulator, "PUT", "/", "{}", {
        "Content-Type": "application/json",
      });
      const { Error } = JSON.parse(response.text).Response;
      assert.equal(Error.Code, "UnsupportedProtocol");
      assert.match(Error.Message, /POST with Content-Type application\/json or GET.*; got PUT\./);
    });

    it("RequestSizeLimitExceeded for a body over 10 MB", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(
          startRequest({ ExperimentalParams: "x".repeat(10 * 1024 * 1024) }),
        ),
        "RequestSizeLimitExceeded",
      );
    });
  });

  describe("parameters", () => {
    it("MissingParameter naming a missing field", async () => {
      const request = startRequest();
      request.AgentConfig = { ...request.AgentConfig, UserSig: "" };
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(request),
        "MissingParameter",
        /^The request is missing a required parameter `AgentConfig\.UserSig`\.$/,
      );
    });

    it("InvalidParameter naming a field of the wrong type", async () => {
      const request = { ...startRequest(), SdkAppId: "1400000000" } as unknown as ReturnType<
        typeof startRequest
      >;
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(request),
        "InvalidParameter",
        /^Invalid type for `SdkAppId`: expected Integer, got string\./,
      );
    });

    it("InvalidParameterValue naming a field out of range", async () => {
      const request = startRequest();
      request.AgentConfig = { ...request.AgentConfig, InterruptMode: 7 };
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(request),
        "InvalidParameterValue",
        /^Invalid value for AgentConfig\.InterruptMode: 7\. Allowed values are: 0, 1\.$/,
      );
    });

    it("InvalidParameterValue naming a field missing from the LLMConfig JSON", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(
          startRequest({
            LLMConfig: JSON.stringify({
              LLMType: "coze",
              APIKey: "k",
              APIUrl: "https://api.coze.com/v3/chat",
            }),
          }),
        ),
        "InvalidParameterValue",
        /`LLMConfig\.BotId` is required when LLMType is "coze"/,
      );
    });

    it("InvalidParameterValue for a non-numeric RoomId with RoomIdType 0", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(startRequest({ RoomId: "room-a", RoomIdType: 0 })),
        "InvalidParameterValue",
        /RoomId: "room-a"/,
      );
    });

    it("UnknownParameter naming an undocumented field, also nested", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator).UpdateAIConversation({
          TaskId: UNKNOWN_TASK_ID,
          MaxIdleTime: 5,
        } as never),
        "UnknownParameter",
        /^The parameter `MaxIdleTime` is not recognized/,
      );
      const request = startRequest();
      Object.assign(request.AgentConfig, { Voice: "x" });
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(request),
        "UnknownParameter",
        /`AgentConfig\.Voice`/,
      );
    });
  });

  describe("business rules", () => {
    it("FailedOperation.TaskExist for a SessionId an active task holds", async () => {
      const client = trtcClient(emulator);
      await startTask(client, { SessionId: "dup" });
      await expectApiError(
        emulator,
        client.StartAIConversation(startRequest({ SessionId: "dup", botUserId: "other_bot" })),
        "FailedOperation.TaskExist",
        /SessionId `dup`/,
      );
    });

    it("allows reusing the SessionId of a stopped task", async () => {
      const client = trtcClient(emulator);
      const first = await startTask(client, { SessionId: "again" });
      await client.StopAIConversation({ TaskId: first });
      const second = await startTask(client, { SessionId: "again" });
      assert.notEqual(second, first);
      const found = await client.DescribeAIConversation({
        SdkAppId: SDK_APP_ID,
        SessionId: "again",
      });
      assert.equal(found.TaskId, second);
    });

    /** Stop, Describe, Control and Update of `TaskId`, each as a promise of its answer. */
    function everyTaskIdAction(TaskId: string) {
      const client = trtcClient(emulator);
      return {
        Stop: () => client.StopAIConversation({ TaskId }),
        Describe: () => client.DescribeAIConversation({ TaskId }),
        Control: () =>
          client.ControlAIConversation({
            TaskId,
            Command: "ServerPushText",
            ServerPushText: { Text: "hi" },
          }),
        Update: () => client.UpdateAIConversation({ TaskId, WelcomeMessage: "hi" }),
      };
    }

    it("FailedOperation.TaskNotExist for a well-formed TaskId never issued, of any real shape", async () => {
      for (const taskId of [
        UNKNOWN_TASK_ID, // Tencent's 72-character example, ending `..`
        `hKPD2Q7k${"x".repeat(65)}LDZs`, // 77 characters, no dot
        "SV1FR+XTtvzAjRxZZ+aof1DfJF00VSBBNE0zR9W-PEpgCPBmt402BbnqMCdom79LtZO-VbLyV1nhVY1pFauWgrW12BevPvJ5Zn010RnD6vj3hgfbVH0.",
        "nope",
        "a*b_c.d",
        "x".repeat(256),
      ]) {
        for (const [action, call] of Object.entries(everyTaskIdAction(taskId))) {
          const error = await expectApiError(emulator, call(), "FailedOperation.TaskNotExist");
          assert.ok(error.message.includes(taskId), `${action} ${taskId}: ${error.message}`);
        }
      }
    });

    it("InvalidParameter.TaskId only outside the grammar (a space, 257 characters), except on Update (its page lists only TaskNotExist)", async () => {
      for (const taskId of ["a b", "x".repeat(257)]) {
        const { Update, ...others } = everyTaskIdAction(taskId);
        for (const call of Object.values(others)) {
          await expectApiError(
            emulator,
            call(),
            "InvalidParameter.TaskId",
            new RegExp(`^TaskId parameter error: \`${taskId}\` is not a TaskId\\. `),
          );
        }
        await expectApiError(emulator, Update(), "FailedOperation.TaskNotExist");
      }
    });

    it("Stop, Describe, Control and Update find every shape of TaskId the emulator issues", async () => {
      const client = trtcClient(emulator);
      const ids = [];
      for (const RoomId of ["1", "2", "3"]) ids.push(await startTask(client, { RoomId }));
      assert.deepEqual(ids.map((id) => /\.*$/.exec(id)?.[0].length).sort(), [0, 1, 2]);
      for (const id of ids) {
        const { Stop, Describe, Control, Update } = everyTaskIdAction(id);
        assert.equal((await Describe()).TaskId, id);
        await Control();
        await Update();
        await Stop();
      }
      assert.deepEqual(
        emulator.tasks().map((t) => [t.status, t.updates]),
        [
          ["Stopped", 1],
          ["Stopped", 1],
          ["Stopped", 1],
        ],
      );
    });

    it("FailedOperation.TaskNotExist for unknown tasks and for stopping a stopped task", async () => {
      const client = trtcClient(emulator);
      await expectApiError(
        emulator,
        client.StopAIConversation({ TaskId: UNKNOWN_TASK_ID }),
        "FailedOperation.TaskNotExist",
      );
      await expectApiError(
        emulator,
        client.DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
        "FailedOperation.TaskNotExist",
      );
      await expectApiError(
        emulator,
        client.DescribeAIConversation({ SdkAppId: SDK_APP_ID, SessionId: "nope" }),
        "FailedOperation.TaskNotExist",
      );
      const taskId = await startTask(client);
      await client.StopAIConversation({ TaskId: taskId });
      await expectApiError(
        emulator,
        client.StopAIConversation({ TaskId: taskId }),
        "FailedOperation.TaskNotExist",
      );
      await expectApiError(
        emulator,
        client.UpdateAIConversation({ TaskId: taskId, WelcomeMessage: "x" }),
        "FailedOperation.TaskNotExist",
      );
      await expectApiError(
        emulator,
        client.ControlAIConversation({
          TaskId: taskId,
          Command: "InvokeLLM",
          InvokeLLM: { Content: "x" },
        }),
        "FailedOperation.TaskNotExist",
      );
    });

    it("InvalidParameter.UserSig for a UserSig signed with another key", async () => {
      const request = startRequest();
      request.AgentConfig.UserSig = generateUserSig({
        sdkAppId: SDK_APP_ID,
        key: "not-the-key",
        userId: "ai_bot",
      });
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(request),
        "InvalidParameter.UserSig",
        /^UserSig is expired or wrong: its signature does not match the app's UserSig key\./,
      );
    });

    it("InvalidParameter.UserSig for an expired UserSig or one for another user", async () => {
      const expired = startRequest();
      expired.AgentConfig.UserSig = generateUserSig({
        sdkAppId: SDK_APP_ID,
        key: APP_KEY,
        userId: "ai_bot",
        nowSeconds: Math.floor(Date.now() / 1000) - 7200,
        expireSeconds: 3600,
      });
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(expired),
        "InvalidParameter.UserSig",
        /it expired at/,
      );
      const otherUser = startRequest();
      otherUser.AgentConfig.UserSig = generateUserSig({
        sdkAppId: SDK_APP_ID,
        key: APP_KEY,
        userId: "someone",
      });
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(otherUser),
        "InvalidParameter.UserSig",
        /issued for UserId `someone`, not `ai_bot`/,
      );
    });

    it("FailedOperation.NotAbility for an SdkAppId the emulator does not know", async () => {
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(startRequest({ SdkAppId: 1400009999 })),
        "FailedOperation.NotAbility",
        /not enabled for SdkAppId 1400009999/,
      );
    });

    it("InternalError from an injected fault", async () => {
      await control(emulator, "POST", "/faults", {
        action: "DescribeAIConversation",
        mode: "error",
        count: 1,
      });
      await expectApiError(
        emulator,
        trtcClient(emulator).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
        "InternalError",
        /Injected by an emulator fault/,
      );
    });
  });
});
