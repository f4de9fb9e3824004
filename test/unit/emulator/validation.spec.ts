import assert from "node:assert/strict";
import { ApiError } from "../../../emulator/errors";
import { checkLlmConfig, checkTtsConfig } from "../../../emulator/json-configs";
import {
  validateControl,
  validateDescribe,
  validateStart,
  validateStop,
  validateUpdate,
} from "../../../emulator/validation";

const LLM = {
  LLMType: "openai",
  Model: "gpt-4o-mini",
  APIKey: "sk-test",
  APIUrl: "https://api.openai.com/v1/chat/completions",
};
const TTS = { TTSType: "flow", VoiceId: "v-female-R2s4N9qJ", Model: "flow_01_turbo" };

function startBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SdkAppId: 1400000000,
    RoomId: "1234",
    AgentConfig: { UserId: "ai_bot", UserSig: "sig", TargetUserId: "user_1" },
    LLMConfig: JSON.stringify(LLM),
    TTSConfig: JSON.stringify(TTS),
    ...overrides,
  };
}

function agent(overrides: Record<string, unknown>): Record<string, unknown> {
  return startBody({
    AgentConfig: { UserId: "ai_bot", UserSig: "sig", TargetUserId: "user_1", ...overrides },
  });
}

function rejects(fn: () => unknown, code: string, message: string | RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ApiError, `expected ApiError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (typeof message === "string") assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

describe("emulator parameter validation", () => {
  describe("stored sizes and string room ids", () => {
    it("accepts a string room of up to 64 bytes of TRTC's 89 characters", () => {
      validateStart(startBody({ RoomIdType: 1, RoomId: "a".repeat(64) }));
      validateStart(startBody({ RoomIdType: 1, RoomId: "Room 1 !#$%&()+-:;<=.>?@[]^_{}|~," }));
    });

    it("refuses a longer string room, or one with another character, naming the rule", () => {
      for (const RoomId of [
        "a".repeat(65),
        "room/1",
        "räume",
        "a\u0000b",
        "line\n",
        "x".repeat(1 << 20),
      ]) {
        rejects(
          () => validateStart(startBody({ RoomIdType: 1, RoomId })),
          "InvalidParameterValue",
          /A string room id has 1 to 64 bytes of the 89 characters a-z A-Z 0-9, space and/,
        );
      }
    });

    it("refuses a SessionId over 256 bytes without echoing it", () => {
      validateStart(startBody({ SessionId: "s".repeat(256) }));
      rejects(
        () => validateStart(startBody({ SessionId: "s".repeat(1 << 20) })),
        "InvalidParameterValue",
        /^Invalid value for SessionId: 1048576 bytes\. Use at most 256 bytes\.$/,
      );
    });
  });

  describe("StartAIConversation top-level fields", () => {
    it("accepts a minimal valid request and every optional field", () => {
      validateStart(startBody());
      validateStart(
        startBody({
          SessionId: "s-1",
          RoomIdType: 1,
          RoomId: "room-a",
          AvatarConfig: "{}",
          ExperimentalParams: "x",
          STTConfig: {},
        }),
      );
    });

    it("names a missing required field with MissingParameter", () => {
      const body = startBody();
      delete body.SdkAppId;
      rejects(
        () => validateStart(body),
        "MissingParameter",
        "The request is missing a required parameter `SdkAppId`.",
      );
    });

    it("requires LLMConfig and TTSConfig", () => {
      const body = startBody();
      delete body.TTSConfig;
      rejects(() => validateStart(body), "MissingParameter", /`TTSConfig`/);
    });

    it("rejects a wrongly typed field with InvalidParameter", () => {
      rejects(
        () => validateStart(startBody({ SdkAppId: "1400000000" })),
        "InvalidParameter",
        "Invalid type for `SdkAppId`: expected Integer, got string. Send it as a JSON integer.",
      );
    });

    it("rejects an undocumented field with UnknownParameter before anything else", () => {
      const body = startBody({ Foo: 1 });
      delete body.RoomId;
      rejects(
        () => validateStart(body),
        "UnknownParameter",
        /^The parameter `Foo` is not recognized/,
      );
    });

    it("requires a numeric RoomId when RoomIdType is 0 or absent", () => {
      rejects(
        () => validateStart(startBody({ RoomId: "room-a" })),
        "InvalidParameterValue",
        /^Invalid value for RoomId: "room-a"\. With RoomIdType 0/,
      );
      rejects(
        () => validateStart(startBody({ RoomId: "4294967295", RoomIdType: 0 })),
        "InvalidParameterValue",
        /from 1 to 4294967294/,
      );
      validateStart(startBody({ RoomId: "room-a", RoomIdType: 1 }));
    });

    it("rejects a RoomIdType other than 0 or 1", () => {
      rejects(
        () => validateStart(startBody({ RoomIdType: 2 })),
        "InvalidParameterValue",
        "Invalid value for RoomIdType: 2. Allowed values are: 0, 1.",
      );
    });
  });

  describe("AgentConfig", () => {
    it("accepts all 16 documented fields", () => {
      validateStart(
        agent({
          MaxIdleTime: 120,
          WelcomeMessage: "hi",
          InterruptMode: 1,
          InterruptSpeechDuration: 500,
          TurnDetectionMode: 3,
          FilterOneWord: false,
          WelcomeMessagePriority: 1,
          FilterBracketsContent: 5,
          AmbientSound: { Scene: "coffee_shops", Volume: 1.5 },
          VoicePrint: { Mode: 1, IdList: ["vp-1"] },
          TurnDetection: { SemanticEagerness: "auto" },
          SubtitleMode: 1,
          InterruptWordList: ["stop"],
        }),
      );
    });

    it("names a missing nested field with its path", () => {
      const body = startBody({ AgentConfig: { UserId: "ai_bot", TargetUserId: "u" } });
      rejects(
        () => validateStart(body),
        "MissingParameter",
        "The request is missing a required parameter `AgentConfig.UserSig`.",
      );
    });

    it("treats an empty required string as missing", () => {
      rejects(
        () => validateStart(agent({ UserSig: "" })),
        "MissingParameter",
        /`AgentConfig.UserSig`/,
      );
    });

    it("rejects an unknown nested field with UnknownParameter and lists the allowed ones", () => {
      rejects(
        () => validateStart(agent({ MaxIdle: 5 })),
        "UnknownParameter",
        /^The parameter `AgentConfig.MaxIdle` is not recognized\. Remove it; the fields allowed here are: UserId, UserSig, TargetUserId, MaxIdleTime,/,
      );
    });

    it("checks enumerations and ranges", () => {
      rejects(
        () => validateStart(agent({ InterruptMode: 3 })),
        "InvalidParameterValue",
        "Invalid value for AgentConfig.InterruptMode: 3. Allowed values are: 0, 1.",
      );
      rejects(
        () => validateStart(agent({ MaxIdleTime: 0 })),
        "InvalidParameterValue",
        "Invalid value for AgentConfig.MaxIdleTime: 0. Use a value >= 1.",
      );
      rejects(
        () => validateStart(agent({ TurnDetectionMode: 2 })),
        "InvalidParameterValue",
        /TurnDetectionMode: 2\. Allowed values are: 0, 1, 3\./,
      );
      rejects(
        () => validateStart(agent({ FilterOneWord: "yes" })),
        "InvalidParameter",
        /`AgentConfig.FilterOneWord`: expected Boolean, got string/,
      );
    });

    it("checks the UserId format of UserId and TargetUserId", () => {
      rejects(
        () => validateStart(agent({ TargetUserId: "has space" })),
        "InvalidParameterValue",
        /^Invalid value for AgentConfig.TargetUserId: "has space"\. A TRTC UserId has 1 to 32/,
      );
      rejects(
        () => validateStart(agent({ UserId: "x".repeat(33) })),
        "InvalidParameterValue",
        /UserId/,
      );
    });

    it("checks AmbientSound, VoicePrint and TurnDetection", () => {
      rejects(
        () => validateStart(agent({ AmbientSound: { Volume: 1 } })),
        "MissingParameter",
        /`AgentConfig.AmbientSound.Scene`/,
      );
      rejects(
        () => validateStart(agent({ AmbientSound: { Scene: "beach" } })),
        "InvalidParameterValue",
        /AmbientSound.Scene: "beach"\. Allowed values are: coffee_shops, busy_office/,
      );
      rejects(
        () => validateStart(agent({ AmbientSound: { Scene: "busy_office", Volume: 3 } })),
        "InvalidParameterValue",
        "Invalid value for AgentConfig.AmbientSound.Volume: 3. Use a value from 0 to 2.",
      );
      rejects(
        () => validateStart(agent({ VoicePrint: { IdList: ["a", "b"] } })),
        "InvalidParameterValue",
        "Invalid value for AgentConfig.VoicePrint.IdList: 2 items. At most 1 are allowed.",
      );
      rejects(
        () => validateStart(agent({ TurnDetection: { SemanticEagerness: "eager" } })),
        "InvalidParameterValue",
        /SemanticEagerness: "eager"\. Allowed values are: low, medium, high, auto\./,
      );
      rejects(
        () => validateStart(agent({ VoicePrint: { Mode: 1, Extra: true } })),
        "UnknownParameter",
        /`AgentConfig.VoicePrint.Extra`/,
      );
    });
  });

  describe("STTConfig", () => {
    const stt = (config: Record<string, unknown>) => startBody({ STTConfig: config });

    it("accepts its 6 documented fields", () => {
      validateStart(
        stt({
          Language: "en",
          AlternativeLanguage: ["zh", "ja"],
          CustomParam: '{"STTType":"deepgram","ApiKey":"k","Model":"nova-2"}',
          VadSilenceTime: 240,
          HotWordList: "TRTC|11,Tencent|100",
          VadLevel: 2,
        }),
      );
    });

    it("checks ranges and formats", () => {
      rejects(
        () => validateStart(stt({ VadSilenceTime: 100 })),
        "InvalidParameterValue",
        "Invalid value for STTConfig.VadSilenceTime: 100. Use a value from 240 to 2000.",
      );
      rejects(
        () => validateStart(stt({ VadLevel: 6 })),
        "InvalidParameterValue",
        /STTConfig.VadLevel: 6\. Use a value from 0 to 5/,
      );
      rejects(
        () => validateStart(stt({ AlternativeLanguage: ["a", "b", "c", "d"] })),
        "InvalidParameterValue",
        /STTConfig.AlternativeLanguage: 4 items\. At most 3/,
      );
      rejects(
        () => validateStart(stt({ HotWordList: "TRTC|12" })),
        "InvalidParameterValue",
        /STTConfig.HotWordList: "TRTC\|12"\. Each entry is "word\|weight"/,
      );
      rejects(
        () => validateStart(stt({ CustomParam: "not json" })),
        "InvalidParameterValue",
        /^Invalid value for STTConfig.CustomParam: it is not valid JSON/,
      );
      rejects(
        () => validateStart(stt({ AlternativeLanguage: "en" })),
        "InvalidParameter",
        /expected Array of String, got string/,
      );
    });
  });

  describe("LLMConfig JSON string", () => {
    it("accepts each LLMType with its required fields, and unknown keys", () => {
      assert.equal(
        checkLlmConfig(JSON.stringify({ ...LLM, Streaming: true, Vendor: "x" })),
        undefined,
      );
      assert.equal(
        checkLlmConfig(
          JSON.stringify({
            LLMType: "dify",
            APIKey: "app-1",
            APIUrl: "https://d/v1/chat-messages",
          }),
        ),
        undefined,
      );
      assert.equal(
        checkLlmConfig(
          JSON.stringify({
            LLMType: "coze",
            APIKey: "k",
            APIUrl: "https://api.coze.com/v3/chat",
            BotId: "b",
          }),
        ),
        undefined,
      );
    });

    it("rejects text that is not a JSON object", () => {
      assert.match(checkLlmConfig("{") ?? "", /^Invalid value for LLMConfig: it is not valid JSON/);
      assert.equal(
        checkLlmConfig("[]"),
        "Invalid value for LLMConfig: expected a JSON object, got an array.",
      );
    });

    it("names the missing required field for the LLMType", () => {
      const { APIUrl: _omit, ...withoutUrl } = LLM;
      assert.equal(
        checkLlmConfig(JSON.stringify(withoutUrl)),
        'Invalid value for LLMConfig: the field `LLMConfig.APIUrl` is required when LLMType is "openai". Add it to the LLMConfig JSON string.',
      );
      assert.match(
        checkLlmConfig(
          JSON.stringify({ LLMType: "coze", APIKey: "k", APIUrl: "https://c/v3/chat" }),
        ) ?? "",
        /`LLMConfig.BotId` is required when LLMType is "coze"/,
      );
      assert.match(
        checkLlmConfig("{}") ?? "",
        /`LLMConfig.LLMType` is required\. Allowed values are: openai, dify, coze\./,
      );
    });

    it("rejects an unknown LLMType and bad optional values", () => {
      assert.equal(
        checkLlmConfig(JSON.stringify({ ...LLM, LLMType: "minimax" })),
        'Invalid value for LLMConfig.LLMType: "minimax". Allowed values are: openai, dify, coze.',
      );
      assert.equal(
        checkLlmConfig(JSON.stringify({ ...LLM, Timeout: 60 })),
        "Invalid value for LLMConfig.Timeout: 60. Use a value from 1 to 50.",
      );
      assert.equal(
        checkLlmConfig(JSON.stringify({ ...LLM, APIUrl: "api.openai.com" })),
        'Invalid value for LLMConfig.APIUrl: "api.openai.com". Expected an http:// or https:// URL.',
      );
    });

    it("surfaces through StartAIConversation as InvalidParameterValue", () => {
      rejects(
        () => validateStart(startBody({ LLMConfig: JSON.stringify({ LLMType: "openai" }) })),
        "InvalidParameterValue",
        /`LLMConfig.Model` is required/,
      );
      rejects(
        () => validateStart(startBody({ LLMConfig: LLM })),
        "InvalidParameter",
        "Invalid type for `LLMConfig`: expected String, got object. Send it as a JSON string.",
      );
    });
  });

  describe("TTSConfig JSON string", () => {
    const valid: Record<string, Record<string, unknown>> = {
      flow: TTS,
      tencent: {
        TTSType: "tencent",
        AppId: 130000000,
        SecretId: "AKID",
        SecretKey: "k",
        VoiceType: 1008,
      },
      minimax: {
        TTSType: "minimax",
        Model: "speech-2.8-turbo",
        APIUrl: "https://api.minimax.chat/v1/t2a_v2",
        APIKey: "k",
        GroupId: "g",
        VoiceType: "female-tianmei",
      },
      azure: {
        TTSType: "azure",
        SubscriptionKey: "k",
        Region: "eastus",
        VoiceName: "v",
        Language: "en-US",
      },
      cartesia: { TTSType: "cartesia", Model: "sonic-3", APIKey: "k", VoiceId: "v" },
      elevenlabs: { TTSType: "elevenlabs", Model: "eleven_v3", APIKey: "k", VoiceId: "v" },
      inworld: {
        TTSType: "inworld",
        APIKey: "k",
        VoiceId: "Dennis",
        ModelId: "inworld-tts-1.5-max",
      },
      custom: { TTSType: "custom", APIKey: "k", APIUrl: "https://tts.example.com/stream" },
    };

    it("accepts each TTSType with its required fields", () => {
      for (const config of Object.values(valid))
        assert.equal(checkTtsConfig(JSON.stringify(config)), undefined);
    });

    it("names each required field when it is missing", () => {
      for (const [type, config] of Object.entries(valid)) {
        for (const field of Object.keys(config).filter((k) => k !== "TTSType")) {
          const { [field]: _omit, ...rest } = config;
          assert.equal(
            checkTtsConfig(JSON.stringify(rest)),
            `Invalid value for TTSConfig: the field \`TTSConfig.${field}\` is required when TTSType is "${type}". Add it to the TTSConfig JSON string.`,
          );
        }
      }
    });

    it("accepts a Tencent TTS AppId as an integer or as a string (trtc.io 68340)", () => {
      assert.equal(
        checkTtsConfig(JSON.stringify({ ...valid.tencent, AppId: "130000000" })),
        undefined,
      );
      assert.equal(
        checkTtsConfig(JSON.stringify({ ...valid.tencent, AppId: 130000000 })),
        undefined,
      );
      assert.match(
        checkTtsConfig(JSON.stringify({ ...valid.tencent, AppId: true })) ?? "",
        /TTSConfig\.AppId: true/,
      );
    });

    it("checks types and ranges of documented fields", () => {
      assert.equal(
        checkTtsConfig(JSON.stringify({ ...valid.flow, Speed: 3 })),
        "Invalid value for TTSConfig.Speed: 3. Use a value from 0.5 to 2.",
      );
      assert.equal(
        checkTtsConfig(JSON.stringify({ ...valid.custom, AudioFormat: "mp3" })),
        'Invalid value for TTSConfig.AudioFormat: "mp3". Allowed values are: pcm, wav.',
      );
      assert.match(
        checkTtsConfig(JSON.stringify({ TTSType: "volcengine" })) ?? "",
        /Allowed values are: flow, tencent, minimax, azure, cartesia, elevenlabs, inworld, custom\./,
      );
    });
  });

  describe("Describe, Stop, Update and Control", () => {
    it("Describe needs TaskId, or SdkAppId with SessionId", () => {
      validateDescribe({ TaskId: "t" });
      validateDescribe({ SdkAppId: 1400000000, SessionId: "s" });
      rejects(
        () => validateDescribe({}),
        "MissingParameter",
        /`TaskId`\. Send TaskId, or SdkAppId together with SessionId\./,
      );
      rejects(() => validateDescribe({ SessionId: "s" }), "MissingParameter", /`SdkAppId`/);
    });

    it("Stop needs a TaskId and nothing else", () => {
      rejects(
        () => validateStop({}),
        "MissingParameter",
        "The request is missing a required parameter `TaskId`.",
      );
      rejects(() => validateStop({ TaskId: "t", SdkAppId: 1 }), "UnknownParameter", /`SdkAppId`/);
    });

    it("Update accepts only its five optional fields", () => {
      validateUpdate({
        TaskId: "t",
        WelcomeMessage: "hi",
        InterruptMode: 0,
        InterruptSpeechDuration: 800,
        LLMConfig: JSON.stringify(LLM),
        TTSConfig: JSON.stringify(TTS),
      });
      rejects(
        () => validateUpdate({ TaskId: "t", AgentConfig: {} }),
        "UnknownParameter",
        /^The parameter `AgentConfig` is not recognized\. Remove it; the fields allowed here are: TaskId, WelcomeMessage, InterruptMode, InterruptSpeechDuration, LLMConfig, TTSConfig\.$/,
      );
      rejects(
        () => validateUpdate({ TaskId: "t", InterruptMode: 2 }),
        "InvalidParameterValue",
        /InterruptMode: 2/,
      );
      rejects(
        () => validateUpdate({ TaskId: "t", TTSConfig: JSON.stringify({ TTSType: "flow" }) }),
        "InvalidParameterValue",
        /`TTSConfig.VoiceId` is required/,
      );
    });

    it("Control needs a known Command with its matching struct", () => {
      validateControl({
        TaskId: "t",
        Command: "ServerPushText",
        ServerPushText: { Text: "hi", StopAfterPlay: true },
      });
      validateControl({
        TaskId: "t",
        Command: "InvokeLLM",
        InvokeLLM: { Content: "hi", Interrupt: true },
      });
      // InvokeLLM.Content is optional in the SDK model (`Content?: string`).
      validateControl({
        TaskId: "t",
        Command: "InvokeLLM",
        InvokeLLM: { Interrupt: true },
      });
      validateControl({ TaskId: "t", Command: "TransparentData", TransparentData: { Data: "x" } });
      rejects(
        () => validateControl({ TaskId: "t", Command: "Shout" }),
        "InvalidParameterValue",
        'Invalid value for Command: "Shout". Allowed values are: ServerPushText, InvokeLLM, TransparentData.',
      );
      rejects(
        () => validateControl({ TaskId: "t", Command: "InvokeLLM" }),
        "MissingParameter",
        "The request is missing a required parameter `InvokeLLM`. Command InvokeLLM needs it.",
      );
      rejects(
        () =>
          validateControl({
            TaskId: "t",
            Command: "InvokeLLM",
            InvokeLLM: { Content: "x" },
            ServerPushText: { Text: "y" },
          }),
        "InvalidParameter",
        /`ServerPushText` does not go with Command InvokeLLM/,
      );
      rejects(
        () => validateControl({ TaskId: "t", Command: "TransparentData", TransparentData: {} }),
        "MissingParameter",
        /`TransparentData.Data`/,
      );
      rejects(
        () =>
          validateControl({
            TaskId: "t",
            Command: "ServerPushText",
            ServerPushText: { Interrupt: true },
          }),
        "MissingParameter",
        /`ServerPushText.Text`\. Send Text, or Audio\./,
      );
      rejects(
        () =>
          validateControl({
            TaskId: "t",
            Command: "ServerPushText",
            ServerPushText: { Text: "a", DropMode: 2 },
          }),
        "InvalidParameterValue",
        /ServerPushText.DropMode: 2/,
      );
    });
  });
});
