import assert from "node:assert/strict";
import { UNKNOWN_VALUE, withAgentDefaults } from "../../../provider/ai-conversation/model";
import { validateInputs, type CheckFailure } from "../../../provider/ai-conversation/check";
import { SHARED_LIFE_REGIONS } from "../../../provider/trtc/sites";
import { type Raw, flowTts, openAiLlm } from "./fixtures";

/** A minimal valid resource input: string room, literal UserSig, OpenAI LLM, flow TTS. */
function validInput(): Raw {
  return {
    sdkAppId: 1400000000,
    roomId: "support-room",
    agentConfig: { userId: "support_bot", userSig: "eJw1yVELgjAU", targetUserId: "customer_1" },
    llmConfig: openAiLlm(),
    ttsConfig: flowTts(),
  };
}

/** `validInput()` with some top-level fields replaced. */
function withFields(fields: Raw): Raw {
  return { ...validInput(), ...fields };
}

/** `validInput()` with some agentConfig fields replaced. */
function withAgent(fields: Raw): Raw {
  const input = validInput();
  return { ...input, agentConfig: { ...(input.agentConfig as Raw), ...fields } };
}

function failuresOf(raw: Raw): CheckFailure[] {
  const result = validateInputs(raw);
  assert.equal(result.inputs, undefined, "no inputs are returned when a field is bad");
  return result.failures;
}

function onlyFailure(raw: Raw): CheckFailure {
  const failures = failuresOf(raw);
  assert.equal(failures.length, 1, JSON.stringify(failures));
  return failures[0];
}

function accepted(raw: Raw, opts?: Parameters<typeof validateInputs>[1]) {
  const result = validateInputs(raw, opts);
  assert.deepEqual(result.failures, []);
  assert.ok(result.inputs);
  return result.inputs;
}

describe("validateInputs", () => {
  describe("valid inputs", () => {
    const llmConfigs: Record<string, Raw> = {
      openai: {
        llmType: "openai",
        model: "gpt-4o-mini",
        apiKey: "sk-live-0123456789",
        apiUrl: "https://api.openai.com/v1/chat/completions",
        streaming: true,
        systemPrompt: "You are a helpful support agent.",
        timeout: 3.5,
        history: 5,
        historyMode: 1,
        maxTokens: 1024,
        temperature: 0.7,
        topP: 0.9,
        extraBody: { enable_thinking: false },
        userMessages: [{ role: "user", content: "Hello" }],
        metaInfo: { tenant: "acme" },
      },
      dify: {
        llmType: "dify",
        apiKey: "app-0123456789",
        apiUrl: "https://api.dify.ai/v1/chat-messages",
        streaming: true,
        inputs: { lang: "en" },
        user: "customer_1",
        conversationId: "",
      },
      coze: {
        llmType: "coze",
        apiKey: "pat_0123456789",
        apiUrl: "https://api.coze.com/v3/chat",
        botId: "7400000000000000000",
        userId: "customer_1",
        conversationId: "conv-1",
      },
    };
    for (const [llmType, llmConfig] of Object.entries(llmConfigs)) {
      it(`accepts a complete ${llmType} llmConfig and keeps it as given`, () => {
        const inputs = accepted(withFields({ llmConfig }));
        assert.deepEqual(inputs.llmConfig, llmConfig);
      });
    }

    const ttsConfigs: Record<string, Raw> = {
      flow: {
        ttsType: "flow",
        voiceId: "v-female-R2s4N9qJ",
        model: "flow_01_turbo",
        speed: 1.2,
        volume: 5,
        pitch: -3,
        language: "en",
      },
      tencent: {
        ttsType: "tencent",
        appId: 1300000000,
        secretId: "AKIDtts0123456789",
        secretKey: "tts-secret-key-0123",
        voiceType: 101001,
        speed: 1,
        volume: 3,
        primaryLanguage: 2,
        fastVoiceType: "",
      },
      minimax: {
        ttsType: "minimax",
        model: "speech-01-turbo",
        apiUrl: "https://api.minimax.chat/v1/t2a_v2",
        apiKey: "mm-key-0123456789",
        groupId: "1800000000000000000",
        voiceType: "female-tianmei",
        speed: 1.5,
      },
      azure: {
        ttsType: "azure",
        subscriptionKey: "az-key-0123456789",
        region: "eastus",
        voiceName: "en-US-JennyNeural",
        language: "en-US",
        rate: 1.1,
      },
      cartesia: {
        ttsType: "cartesia",
        model: "sonic-2",
        apiKey: "ct-key-0123456789",
        voiceId: "a0e99841-438c-4a64-b679-ae501e7d6091",
      },
      elevenlabs: {
        ttsType: "elevenlabs",
        model: "eleven_turbo_v2_5",
        apiKey: "el-key-0123456789",
        voiceId: "21m00Tcm4TlvDq8ikWAM",
      },
      inworld: {
        ttsType: "inworld",
        apiKey: "iw-key-0123456789",
        voiceId: "Ashley",
        modelId: "inworld-tts-1",
        temperature: 0.8,
      },
      custom: {
        ttsType: "custom",
        apiKey: "custom-key-0123456789",
        apiUrl: "http://tts.example.com/v1/synthesize",
        audioFormat: "pcm",
        sampleRate: 16000,
        audioChannel: 1,
      },
    };
    for (const [ttsType, ttsConfig] of Object.entries(ttsConfigs)) {
      it(`accepts a complete ${ttsType} ttsConfig and keeps it as given`, () => {
        const inputs = accepted(withFields({ ttsConfig }));
        assert.deepEqual(inputs.ttsConfig, ttsConfig);
      });
    }

    it("accepts every agentConfig field in its documented form", () => {
      const agentConfig = {
        userId: "support_bot",
        userSigSecret: "0123456789abcdef",
        userSigExpireSeconds: 7 * 86400,
        targetUserId: "customer_1",
        maxIdleTime: 300,
        welcomeMessage: "Hi, how can I help?",
        interruptMode: 1,
        interruptSpeechDuration: 800,
        turnDetectionMode: 3,
        filterOneWord: false,
        welcomeMessagePriority: 1,
        filterBracketsContent: 2,
        ambientSound: { scene: "coffee_shops", volume: 1.5 },
        voicePrint: { mode: 1, idList: ["vp-1"] },
        turnDetection: { semanticEagerness: "high" },
        subtitleMode: 1,
        interruptWordList: ["stop", "wait"],
      };
      const inputs = accepted(withFields({ agentConfig }));
      assert.deepEqual(inputs.agentConfig, agentConfig);
      assert.deepEqual(inputs.defaultsApplied, ["roomIdType", "region"]);
    });

    it("accepts every sttConfig field in its documented form", () => {
      const sttConfig = {
        language: "en",
        alternativeLanguage: ["zh", "ja"],
        customParam: '{"STTType":"deepgram","ApiKey":"dg-key"}',
        vadSilenceTime: 1000,
        hotWordList: "TRTC|10,Pulumi|5",
        vadLevel: 2,
      };
      assert.deepEqual(accepted(withFields({ sttConfig })).sttConfig, sttConfig);
    });

    it("accepts avatarConfig and experimentalParams as objects or as JSON text", () => {
      const asObjects = accepted(
        withFields({ avatarConfig: { AvatarType: "2d" }, experimentalParams: { foo: [1, 2] } }),
      );
      assert.deepEqual(asObjects.avatarConfig, { AvatarType: "2d" });
      assert.deepEqual(asObjects.experimentalParams, { foo: [1, 2] });
      const asText = accepted(
        withFields({ avatarConfig: '{"AvatarType":"2d"}', experimentalParams: "{}" }),
      );
      assert.equal(asText.avatarConfig, '{"AvatarType":"2d"}');
      assert.equal(asText.experimentalParams, "{}");
    });

    it("accepts a user-given sessionId and an explicit region", () => {
      const inputs = accepted(withFields({ sessionId: "order-42:call.1_a", region: "ap-tokyo" }));
      assert.equal(inputs.sessionId, "order-42:call.1_a");
      assert.equal(inputs.region, "ap-tokyo");
      assert.ok(!inputs.defaultsApplied.includes("region"));
    });

    it("does not modify the object it was given", () => {
      const raw = validInput();
      const copy = structuredClone(raw);
      accepted(raw);
      assert.deepEqual(raw, copy);
    });
  });

  describe("defaults", () => {
    it("defaults roomIdType to 0 for a numeric roomId and records it", () => {
      const inputs = accepted(withFields({ roomId: 12345 }));
      assert.equal(inputs.roomIdType, 0);
      assert.ok(inputs.defaultsApplied.includes("roomIdType"));
    });

    it("defaults roomIdType to 1 for a string roomId and records it", () => {
      const inputs = accepted(withFields({ roomId: "support-room" }));
      assert.equal(inputs.roomIdType, 1);
      assert.ok(inputs.defaultsApplied.includes("roomIdType"));
    });

    it("keeps an explicit roomIdType and does not record it as a default", () => {
      const inputs = accepted(withFields({ roomId: "12345", roomIdType: 0 }));
      assert.equal(inputs.roomIdType, 0);
      assert.ok(!inputs.defaultsApplied.includes("roomIdType"));
    });

    it("defaults region to ap-guangzhou when neither the resource nor the option names one", () => {
      const inputs = accepted(validInput());
      assert.equal(inputs.region, "ap-guangzhou");
      assert.ok(inputs.defaultsApplied.includes("region"));
    });

    it("defaults region to the defaultRegion option (trtc:region) when given", () => {
      const inputs = accepted(validInput(), { defaultRegion: "ap-singapore" });
      assert.equal(inputs.region, "ap-singapore");
      assert.ok(inputs.defaultsApplied.includes("region"));
    });

    it("prefers the resource's own region over the defaultRegion option", () => {
      const inputs = accepted(withFields({ region: "ap-tokyo" }), {
        defaultRegion: "ap-singapore",
      });
      assert.equal(inputs.region, "ap-tokyo");
      assert.ok(!inputs.defaultsApplied.includes("region"));
    });

    it("leaves agentConfig's documented defaults out of state (the request fills them in)", () => {
      const inputs = accepted(validInput());
      assert.deepEqual(inputs.agentConfig, {
        userId: "support_bot",
        userSig: "eJw1yVELgjAU",
        targetUserId: "customer_1",
      });
      assert.deepEqual(inputs.defaultsApplied, ["roomIdType", "region"]);
      assert.deepEqual(withAgentDefaults(inputs.agentConfig), {
        userId: "support_bot",
        userSig: "eJw1yVELgjAU",
        targetUserId: "customer_1",
        maxIdleTime: 60,
        interruptMode: 0,
        interruptSpeechDuration: 500,
        turnDetectionMode: 0,
        filterOneWord: true,
        welcomeMessagePriority: 0,
      });
    });

    it("keeps explicit agentConfig values, including falsy ones, without recording them", () => {
      const inputs = accepted(
        withAgent({ maxIdleTime: 120, filterOneWord: false, interruptSpeechDuration: 0 }),
      );
      assert.equal(inputs.agentConfig.maxIdleTime, 120);
      assert.equal(inputs.agentConfig.filterOneWord, false);
      assert.equal(inputs.agentConfig.interruptSpeechDuration, 0);
      assert.deepEqual(inputs.defaultsApplied, ["roomIdType", "region"]);
      const effective = withAgentDefaults(inputs.agentConfig);
      assert.equal(effective.filterOneWord, false);
      assert.equal(effective.interruptSpeechDuration, 0);
    });

    it("drops __provider, keeps sessionScope and recomputes a stale defaultsApplied", () => {
      const inputs = accepted(
        withFields({
          __provider: "exports.handler = ...",
          sessionScope: "proj/dev/support-bot",
          defaultsApplied: ["agentConfig.welcomeMessage"],
        }),
      ) as unknown as Raw;
      assert.ok(!("__provider" in inputs));
      assert.equal(inputs.sessionScope, "proj/dev/support-bot");
      assert.deepEqual(inputs.defaultsApplied, ["roomIdType", "region"]);
    });
  });

  describe("invalid inputs", () => {
    it("explains a bad enum value with every allowed value", () => {
      assert.deepEqual(onlyFailure(withAgent({ interruptMode: 3 })), {
        property: "agentConfig.interruptMode",
        reason: "Invalid value for agentConfig.interruptMode: 3. Allowed values are: 0, 1.",
      });
    });

    it("quotes a bad string value and lists the supported regions", () => {
      assert.deepEqual(onlyFailure(withFields({ region: "eu-frankfurt" })), {
        property: "region",
        reason:
          'Invalid value for region: "eu-frankfurt". Allowed values are: ap-beijing, ap-guangzhou, ap-shanghai, ap-singapore, ap-tokyo, na-ashburn, na-siliconvalley.',
      });
    });

    it("states the allowed range of a number out of range, with its unit", () => {
      assert.deepEqual(onlyFailure(withAgent({ maxIdleTime: 0 })), {
        property: "agentConfig.maxIdleTime",
        reason:
          "Invalid value for agentConfig.maxIdleTime: 0. Allowed range is 1 to 86400 seconds.",
      });
    });

    it("says a fractional integer field must be a whole number", () => {
      // The schema's own message for `.int()` is "It must be a whole number."; zod's
      // invalid_type issue (expected "int") must not leak out as "Expected int.".
      assert.deepEqual(onlyFailure(withAgent({ maxIdleTime: 1.5 })), {
        property: "agentConfig.maxIdleTime",
        reason: "Invalid value for agentConfig.maxIdleTime: 1.5. It must be a whole number.",
      });
    });

    it("names a missing required field", () => {
      const input = validInput();
      delete (input.agentConfig as Raw).targetUserId;
      assert.deepEqual(onlyFailure(input), {
        property: "agentConfig.targetUserId",
        reason: "Missing required field agentConfig.targetUserId.",
      });
    });

    it("lists the llmType values when llmType is unknown", () => {
      assert.deepEqual(
        onlyFailure(withFields({ llmConfig: { llmType: "gpt", apiKey: "sk-live-0123456789" } })),
        {
          property: "llmConfig.llmType",
          reason:
            'Invalid value for llmConfig.llmType: "gpt". Allowed values are: openai, dify, coze.',
        },
      );
    });

    it("lists the ttsType values when ttsType is missing", () => {
      assert.deepEqual(onlyFailure(withFields({ ttsConfig: { voiceId: "v" } })), {
        property: "ttsConfig.ttsType",
        reason:
          "Missing required field ttsConfig.ttsType. Allowed values are: flow, tencent, minimax, azure, cartesia, elevenlabs, inworld, custom.",
      });
    });

    it("rejects an llmType's missing required fields, each by name", () => {
      const failures = failuresOf(withFields({ llmConfig: { llmType: "coze" } }));
      assert.deepEqual(failures.map((f) => f.property).sort(), [
        "llmConfig.apiKey",
        "llmConfig.apiUrl",
        "llmConfig.botId",
      ]);
    });

    it("rejects each ttsType's missing required fields, each by name", () => {
      const required: Record<string, string[]> = {
        flow: ["model", "voiceId"],
        tencent: ["appId", "secretId", "secretKey", "voiceType"],
        minimax: ["apiKey", "apiUrl", "groupId", "model", "voiceType"],
        azure: ["language", "region", "subscriptionKey", "voiceName"],
        cartesia: ["apiKey", "model", "voiceId"],
        elevenlabs: ["apiKey", "model", "voiceId"],
        inworld: ["apiKey", "modelId", "voiceId"],
        custom: ["apiKey", "apiUrl"],
      };
      for (const [ttsType, fields] of Object.entries(required)) {
        const failures = failuresOf(withFields({ ttsConfig: { ttsType } }));
        assert.deepEqual(
          failures.map((f) => f.property).sort(),
          fields.map((f) => `ttsConfig.${f}`),
          ttsType,
        );
        for (const f of failures) assert.equal(f.reason, `Missing required field ${f.property}.`);
      }
    });

    it("rejects a bad value in every field group, naming the field in property and reason", () => {
      const cases: Array<[Raw, string]> = [
        [withFields({ sdkAppId: "1400000000" }), "sdkAppId"],
        [withFields({ sdkAppId: 0 }), "sdkAppId"],
        [withFields({ roomId: "" }), "roomId"],
        [withFields({ roomId: "x".repeat(65) }), "roomId"],
        [withFields({ roomId: 0 }), "roomId"],
        [withFields({ roomIdType: 2 }), "roomIdType"],
        [withFields({ sessionId: "has space" }), "sessionId"],
        [withFields({ region: "eu-frankfurt" }), "region"],
        [withFields({ agentConfig: "support_bot" }), "agentConfig"],
        [withAgent({ userId: "bad id" }), "agentConfig.userId"],
        [withAgent({ targetUserId: "x".repeat(33) }), "agentConfig.targetUserId"],
        [withAgent({ welcomeMessage: "x".repeat(2001) }), "agentConfig.welcomeMessage"],
        [withAgent({ interruptSpeechDuration: 60001 }), "agentConfig.interruptSpeechDuration"],
        [withAgent({ turnDetectionMode: 2 }), "agentConfig.turnDetectionMode"],
        [withAgent({ filterOneWord: "yes" }), "agentConfig.filterOneWord"],
        [withAgent({ welcomeMessagePriority: 2 }), "agentConfig.welcomeMessagePriority"],
        [withAgent({ filterBracketsContent: 6 }), "agentConfig.filterBracketsContent"],
        [withAgent({ ambientSound: { scene: "beach" } }), "agentConfig.ambientSound.scene"],
        [
          withAgent({ ambientSound: { scene: "busy_office", volume: 3 } }),
          "agentConfig.ambientSound.volume",
        ],
        [withAgent({ voicePrint: { mode: 2 } }), "agentConfig.voicePrint.mode"],
        [withAgent({ voicePrint: { idList: ["a", "b"] } }), "agentConfig.voicePrint.idList"],
        [
          withAgent({ turnDetection: { semanticEagerness: "eager" } }),
          "agentConfig.turnDetection.semanticEagerness",
        ],
        [withAgent({ subtitleMode: 2 }), "agentConfig.subtitleMode"],
        [withAgent({ interruptWordList: "stop" }), "agentConfig.interruptWordList"],
        [withFields({ sttConfig: { language: "" } }), "sttConfig.language"],
        [
          withFields({ sttConfig: { alternativeLanguage: ["a", "b", "c", "d"] } }),
          "sttConfig.alternativeLanguage",
        ],
        [withFields({ sttConfig: { vadSilenceTime: 100 } }), "sttConfig.vadSilenceTime"],
        [withFields({ sttConfig: { hotWordList: 3 } }), "sttConfig.hotWordList"],
        [withFields({ sttConfig: { vadLevel: 6 } }), "sttConfig.vadLevel"],
        [withFields({ llmConfig: "openai" }), "llmConfig"],
        [withFields({ avatarConfig: "{not json" }), "avatarConfig"],
        [withFields({ experimentalParams: "[1," }), "experimentalParams"],
      ];
      const llm = validInput().llmConfig as Raw;
      const llmCases: Array<[string, unknown]> = [
        ["apiUrl", "ftp://example.com"],
        ["model", ""],
        ["streaming", "yes"],
        ["timeout", 0],
        ["history", 51],
        ["historyMode", 2],
        ["maxTokens", 0],
        ["temperature", 2.5],
        ["topP", 1.5],
        ["extraBody", "x"],
        ["userMessages", [{ role: "user" }]],
        ["metaInfo", []],
      ];
      for (const [key, value] of llmCases) {
        cases.push([
          withFields({ llmConfig: { ...llm, [key]: value } }),
          key === "userMessages" ? "llmConfig.userMessages.0.content" : `llmConfig.${key}`,
        ]);
      }
      const tts = validInput().ttsConfig as Raw;
      const ttsCases: Array<[string, unknown]> = [
        ["speed", 3],
        ["volume", 11],
        ["pitch", 13],
        ["voiceId", ""],
      ];
      for (const [key, value] of ttsCases) {
        cases.push([withFields({ ttsConfig: { ...tts, [key]: value } }), `ttsConfig.${key}`]);
      }
      cases.push([
        withFields({
          ttsConfig: {
            ttsType: "custom",
            apiKey: "k-0123",
            apiUrl: "https://x",
            audioFormat: "mp3",
          },
        }),
        "ttsConfig.audioFormat",
      ]);
      cases.push([
        withFields({
          ttsConfig: { ttsType: "custom", apiKey: "k-0123", apiUrl: "https://x", sampleRate: 100 },
        }),
        "ttsConfig.sampleRate",
      ]);

      for (const [raw, property] of cases) {
        const failures = failuresOf(raw);
        const mine = failures.filter((f) => f.property === property);
        assert.equal(mine.length, 1, `${property}: ${JSON.stringify(failures)}`);
        assert.ok(
          mine[0].reason.includes(property),
          `the reason names ${property}: ${mine[0].reason}`,
        );
        assert.ok(mine[0].reason.endsWith("."), `the reason is a sentence: ${mine[0].reason}`);
      }
    });

    it("explains a value of the wrong shape in words, without zod's internal wording", () => {
      const failure = onlyFailure(withFields({ experimentalParams: 5 }));
      assert.equal(failure.property, "experimentalParams");
      assert.ok(failure.reason.startsWith("Invalid value for experimentalParams: 5. "));
      assert.ok(!failure.reason.includes("Invalid input"), failure.reason);
      assert.ok(failure.reason.endsWith("."), failure.reason);
    });

    it("reports every bad field at once", () => {
      const input = withFields({
        sdkAppId: "app",
        region: "mars-1",
        agentConfig: { userId: "bot", userSig: "sig", targetUserId: "user", interruptMode: 3 },
        sttConfig: { vadLevel: 9 },
        llmConfig: { ...(validInput().llmConfig as Raw), temperature: 5 },
        ttsConfig: { ttsType: "flow", voiceId: "v" },
      });
      assert.deepEqual(
        failuresOf(input).map((f) => f.property),
        [
          "sdkAppId",
          "region",
          "agentConfig.interruptMode",
          "sttConfig.vadLevel",
          "llmConfig.temperature",
          "ttsConfig.model",
        ],
      );
    });

    describe("secrets", () => {
      const secretCases: Array<[string, Raw, string]> = [
        [
          "sttConfig.customParam",
          withFields({ sttConfig: { customParam: '{"ApiKey":"dg-secret-9876' } }),
          "dg-secret-9876",
        ],
        [
          "llmConfig.apiKey",
          withFields({ llmConfig: { ...(validInput().llmConfig as Raw), apiKey: 987654321 } }),
          "987654321",
        ],
        [
          "ttsConfig.apiKey",
          withFields({
            ttsConfig: {
              ttsType: "custom",
              apiKey: ["tts-secret-9876"],
              apiUrl: "https://tts.example.com",
            },
          }),
          "tts-secret-9876",
        ],
        [
          "ttsConfig.secretKey",
          withFields({
            ttsConfig: {
              ttsType: "tencent",
              appId: 1,
              secretId: "AKIDtts",
              secretKey: { value: "tts-secret-9876" },
              voiceType: 1,
            },
          }),
          "tts-secret-9876",
        ],
        [
          "ttsConfig.subscriptionKey",
          withFields({
            ttsConfig: {
              ttsType: "azure",
              subscriptionKey: "x".repeat(5000),
              region: "eastus",
              voiceName: "v",
              language: "en-US",
            },
          }),
          "xxxxxxxx",
        ],
        ["agentConfig.userSig", withAgent({ userSig: "s".repeat(9000) }), "ssssssss"],
        [
          "agentConfig.userSigSecret",
          withAgent({ userSig: undefined, userSigSecret: 1234567890 }),
          "1234567890",
        ],
      ];
      for (const [property, raw, value] of secretCases) {
        it(`shows [secret] instead of a bad ${property} value`, () => {
          const failure = failuresOf(raw).find((f) => f.property === property);
          assert.ok(failure, `a failure names ${property}`);
          assert.ok(failure.reason.includes("[secret]"), failure.reason);
          assert.ok(!failure.reason.includes(value), failure.reason);
        });
      }

      it("gives the exact reason for a bad llmConfig.apiKey without its value", () => {
        const raw = withFields({ llmConfig: { ...(validInput().llmConfig as Raw), apiKey: "" } });
        assert.deepEqual(onlyFailure(raw), {
          property: "llmConfig.apiKey",
          reason: "Invalid value for llmConfig.apiKey: [secret]. It must not be empty.",
        });
      });

      it("gives the exact reason for bad sttConfig.customParam JSON without its value", () => {
        const raw = withFields({ sttConfig: { customParam: '{"ApiKey":"dg-secret' } });
        assert.deepEqual(onlyFailure(raw), {
          property: "sttConfig.customParam",
          reason:
            'Invalid value for sttConfig.customParam: [secret]. It must be JSON text of an object, e.g. {"key": "value"}.',
        });
        assert.equal(
          onlyFailure(withFields({ sttConfig: { customParam: "[]" } })).property,
          "sttConfig.customParam",
        );
      });
    });

    describe("unknown fields", () => {
      it("rejects an unknown top-level field and lists the known ones", () => {
        assert.deepEqual(onlyFailure(withFields({ roomID: "x" })), {
          property: "roomID",
          reason:
            "Unknown field roomID. Known fields are: sdkAppId, roomId, roomIdType, sessionId, region, agentConfig, sttConfig, llmConfig, ttsConfig, avatarConfig, experimentalParams, updateInPlace, adoptTaskId, adoptFromAnotherStack.",
        });
      });

      it("rejects an unknown agentConfig field", () => {
        const failure = onlyFailure(withAgent({ maxIdleTimeout: 30 }));
        assert.equal(failure.property, "agentConfig.maxIdleTimeout");
        assert.ok(
          failure.reason.startsWith(
            "Unknown field agentConfig.maxIdleTimeout. Known fields are: userId, userSig, userSigSecret,",
          ),
          failure.reason,
        );
      });

      it("rejects an unknown sttConfig field", () => {
        assert.deepEqual(onlyFailure(withFields({ sttConfig: { lang: "en" } })), {
          property: "sttConfig.lang",
          reason:
            "Unknown field sttConfig.lang. Known fields are: language, alternativeLanguage, customParam, vadSilenceTime, hotWordList, vadLevel.",
        });
      });

      it("rejects an unknown field inside a nested agentConfig object", () => {
        const failure = onlyFailure(withAgent({ ambientSound: { scene: "busy_office", gain: 1 } }));
        assert.equal(failure.property, "agentConfig.ambientSound.gain");
        assert.equal(failure.reason, "Unknown field agentConfig.ambientSound.gain.");
      });

      it("passes unknown llmConfig and ttsConfig keys through unchanged", () => {
        const llmConfig = {
          ...(validInput().llmConfig as Raw),
          enable_search: true,
          NewTencentField: { a: 1 },
        };
        const ttsConfig = { ...(validInput().ttsConfig as Raw), EmotionCategory: "happy" };
        const inputs = accepted(withFields({ llmConfig, ttsConfig }));
        assert.deepEqual(inputs.llmConfig, llmConfig);
        assert.deepEqual(inputs.ttsConfig, ttsConfig);
      });
    });

    describe("cross-field rules", () => {
      it("rejects roomIdType 0 with a non-numeric string roomId", () => {
        assert.deepEqual(onlyFailure(withFields({ roomId: "support-room", roomIdType: 0 })), {
          property: "roomId",
          reason:
            'Invalid value for roomId: "support-room". With roomIdType 0 the room id must be a number from 1 to 4294967294; use roomIdType 1 for a string room id.',
        });
      });

      it("accepts roomIdType 0 with a numeric string roomId", () => {
        const inputs = accepted(withFields({ roomId: "12345", roomIdType: 0 }));
        assert.equal(inputs.roomId, "12345");
      });

      it("rejects roomIdType 0 with a numeric string roomId above 4294967294", () => {
        const failure = onlyFailure(withFields({ roomId: "4294967295", roomIdType: 0 }));
        assert.equal(failure.property, "roomId");
      });

      it("rejects roomIdType 1 with a numeric roomId", () => {
        assert.deepEqual(onlyFailure(withFields({ roomId: 12345, roomIdType: 1 })), {
          property: "roomIdType",
          reason:
            "Invalid value for roomIdType: 1. A numeric roomId needs roomIdType 0; pass the room id as a string for a string room.",
        });
      });

      it("requires one of userSig and userSigSecret", () => {
        assert.deepEqual(onlyFailure(withAgent({ userSig: undefined })), {
          property: "agentConfig.userSig",
          reason:
            "Missing required field agentConfig.userSig. Set agentConfig.userSig (a UserSig for agentConfig.userId) or agentConfig.userSigSecret (the app's SDK secret key, to make one at create time).",
        });
      });

      it("rejects userSig and userSigSecret together", () => {
        assert.deepEqual(onlyFailure(withAgent({ userSigSecret: "0123456789abcdef" })), {
          property: "agentConfig.userSig",
          reason: "Set either agentConfig.userSig or agentConfig.userSigSecret, not both.",
        });
      });

      it("accepts userSigSecret alone", () => {
        const inputs = accepted(
          withAgent({ userSig: undefined, userSigSecret: "0123456789abcdef" }),
        );
        assert.equal(inputs.agentConfig.userSigSecret, "0123456789abcdef");
      });

      it("rejects userSigExpireSeconds without userSigSecret", () => {
        assert.deepEqual(onlyFailure(withAgent({ userSigExpireSeconds: 3600 })), {
          property: "agentConfig.userSigExpireSeconds",
          reason: "agentConfig.userSigExpireSeconds applies only with agentConfig.userSigSecret.",
        });
      });

      it("rejects a targetUserId equal to the bot's userId", () => {
        assert.deepEqual(onlyFailure(withAgent({ targetUserId: "support_bot" })), {
          property: "agentConfig.targetUserId",
          reason:
            'Invalid value for agentConfig.targetUserId: "support_bot". It must differ from agentConfig.userId (the bot\'s own UserId).',
        });
      });
    });
  });

  describe("values unknown during preview", () => {
    it("accepts the unknown marker for any top-level field without validating it", () => {
      const raw = withFields({
        sdkAppId: UNKNOWN_VALUE,
        roomId: UNKNOWN_VALUE,
        region: UNKNOWN_VALUE,
        sessionId: UNKNOWN_VALUE,
        agentConfig: UNKNOWN_VALUE,
        llmConfig: UNKNOWN_VALUE,
        ttsConfig: UNKNOWN_VALUE,
      });
      const inputs = accepted(raw) as unknown as Raw;
      for (const key of [
        "sdkAppId",
        "roomId",
        "region",
        "sessionId",
        "agentConfig",
        "llmConfig",
        "ttsConfig",
      ]) {
        assert.equal(inputs[key], UNKNOWN_VALUE, key);
      }
    });

    it("accepts the unknown marker for nested fields, including secrets and discriminators", () => {
      const raw = withFields({
        agentConfig: {
          userId: "support_bot",
          userSig: UNKNOWN_VALUE,
          targetUserId: "customer_1",
          maxIdleTime: UNKNOWN_VALUE,
        },
        llmConfig: {
          ...(validInput().llmConfig as Raw),
          apiKey: UNKNOWN_VALUE,
          topP: UNKNOWN_VALUE,
        },
        ttsConfig: { ttsType: UNKNOWN_VALUE },
      });
      const inputs = accepted(raw);
      assert.equal(inputs.agentConfig.userSig, UNKNOWN_VALUE);
      assert.equal(inputs.agentConfig.maxIdleTime, UNKNOWN_VALUE);
      assert.ok(!inputs.defaultsApplied.includes("agentConfig.maxIdleTime"));
      assert.equal(inputs.llmConfig.apiKey, UNKNOWN_VALUE);
      assert.deepEqual(inputs.ttsConfig, { ttsType: UNKNOWN_VALUE });
    });

    it("accepts an unknown roomId with roomIdType 0 and leaves roomIdType undecided", () => {
      assert.equal(accepted(withFields({ roomId: UNKNOWN_VALUE, roomIdType: 0 })).roomIdType, 0);
      const inputs = accepted(withFields({ roomId: UNKNOWN_VALUE }));
      assert.equal(inputs.roomIdType, undefined);
      assert.ok(!inputs.defaultsApplied.includes("roomIdType"));
    });

    it("still reports bad known fields next to unknown ones", () => {
      const raw = withFields({
        roomId: UNKNOWN_VALUE,
        agentConfig: { ...(validInput().agentConfig as Raw), interruptMode: 3 },
        llmConfig: { ...(validInput().llmConfig as Raw), apiKey: UNKNOWN_VALUE },
      });
      assert.deepEqual(failuresOf(raw), [
        {
          property: "agentConfig.interruptMode",
          reason: "Invalid value for agentConfig.interruptMode: 3. Allowed values are: 0, 1.",
        },
      ]);
    });
  });

  it("never echoes a config group given as JSON text, which may hold keys", () => {
    const llmConfig = JSON.stringify({ LLMType: "openai", APIKey: "sk-proj-secret-123" });
    const { failures } = validateInputs({ ...validInput(), llmConfig });
    assert.ok(failures.length > 0);
    for (const f of failures) assert.ok(!f.reason.includes("sk-proj"), f.reason);
  });
});

describe("validateInputs: the room a bot joins, and the regions of its site", () => {
  it("refuses an all-digit string roomId without roomIdType, explaining both rooms", () => {
    const result = validateInputs(withFields({ roomId: "12345" }));
    assert.equal(result.inputs, undefined);
    assert.deepEqual(
      result.failures.map((f) => f.property),
      ["roomIdType"],
    );
    assert.match(result.failures[0].reason, /the numeric room 12345 or the string room "12345"/);
    assert.match(result.failures[0].reason, /roomIdType: 0 for the numeric room/);
    assert.match(result.failures[0].reason, /roomIdType: 1 for the string room/);
  });

  it("accepts it with roomIdType 0 or 1, and a non-digit string room without one (as 1)", () => {
    assert.equal(accepted(withFields({ roomId: "12345", roomIdType: 0 })).roomIdType, 0);
    assert.equal(accepted(withFields({ roomId: "12345", roomIdType: 1 })).roomIdType, 1);
    assert.equal(accepted(withFields({ roomId: "room-12345" })).roomIdType, 1);
    assert.equal(accepted(withFields({ roomId: 12345 })).roomIdType, 0);
  });

  it("lets a resource whose state holds the room keep the roomIdType it was given", () => {
    const previous = { ...withFields({ roomId: "12345" }), roomIdType: 1 };
    const inputs = accepted(withFields({ roomId: "12345" }), { previous });
    assert.equal(inputs.roomIdType, 1);
    assert.ok(inputs.defaultsApplied.includes("roomIdType"));
    const moved = validateInputs(withFields({ roomId: "678" }), { previous });
    assert.deepEqual(
      moved.failures.map((f) => f.property),
      ["roomIdType"],
    );
  });

  it("takes string rooms by TRTC's rule: 64 bytes of 89 characters", () => {
    accepted(withFields({ roomId: "Room 1 !#$%&()+-:;<=.>?@[]^_{}|~," }));
    for (const roomId of ["room/1", "räume", "tab\there", "a".repeat(65)]) {
      const failure = onlyFailure(withFields({ roomId }));
      assert.equal(failure.property, "roomId", roomId);
    }
    assert.match(
      onlyFailure(withFields({ roomId: "room/1" })).reason,
      /a-z A-Z 0-9, space and ! # \$ % & \( \) \+ - : ; < = \. > \? @ \[ \] \^ _ \{ \} \| ~ ,/,
    );
  });

  it("with no site set, keeps a new bot in a region both sites serve, naming how to set the site", () => {
    for (const region of ["na-ashburn", "ap-beijing", "ap-shanghai"]) {
      const result = validateInputs(withFields({ region }));
      assert.deepEqual(
        result.failures.map((f) => f.property),
        ["region"],
        region,
      );
      assert.equal(
        result.failures[0].reason,
        `Invalid value for region: "${region}". No site is set (trtc:site or TENCENTCLOUD_TRTC_SITE), so a bot must live in a region both sites serve: ap-guangzhou, ap-singapore, ap-tokyo, na-siliconvalley. Accounts on cloud.tencent.com: \`pulumi config set trtc:site china\` (adds ap-beijing, ap-shanghai, na-ashburn); on tencentcloud.com: \`trtc:site intl\`.`,
      );
    }
    for (const region of SHARED_LIFE_REGIONS) {
      assert.equal(accepted(withFields({ region })).region, region);
    }
  });

  it("lets trtc:site unlock that site's regions, and names the other site when it refuses one", () => {
    for (const region of ["na-ashburn", "ap-beijing", "ap-shanghai"]) {
      const result = validateInputs(withFields({ region }), { site: "intl" });
      assert.deepEqual(
        result.failures.map((f) => f.property),
        ["region"],
        region,
      );
      assert.equal(
        result.failures[0].reason,
        `Invalid value for region: "${region}". On the international site (trtc:site intl) a bot must live in a region where it can be started, looked up and stopped: ap-guangzhou, ap-singapore, ap-tokyo, na-siliconvalley. Accounts on cloud.tencent.com: \`pulumi config set trtc:site china\` (adds ap-beijing, ap-shanghai, na-ashburn).`,
      );
    }
    for (const region of ["ap-beijing", "ap-shanghai", "na-ashburn", "ap-guangzhou"]) {
      assert.equal(accepted(withFields({ region }), { site: "china" }).region, region);
    }
  });

  it("checks the default region (trtc:region) against the site too, naming where it came from", () => {
    const result = validateInputs(validInput(), { defaultRegion: "ap-shanghai" });
    const { reason } = result.failures[0];
    assert.match(
      reason,
      /^Invalid value for region: "ap-shanghai" \(from trtc:region or TENCENTCLOUD_REGION\)\. No site is set/,
    );
    assert.ok(reason.length < 400, `${reason.length} characters`);
  });

  it("lets a bot in state keep its region; a new bot or a changed region is checked", () => {
    // Deployed when the endpoint implied the China site: refresh, update, destroy and a
    // no-change preview send the old inputs as `previous`.
    const inBeijing = accepted(withFields({ region: "ap-beijing" }), { site: "china" });
    const previous: Raw = { ...inBeijing };
    assert.equal(accepted(withFields({ region: "ap-beijing" }), { previous }).region, "ap-beijing");
    const fromDefault = accepted(validInput(), { defaultRegion: "ap-beijing", previous });
    assert.equal(fromDefault.region, "ap-beijing");
    const priors: (Raw | undefined)[] = [undefined, {}, { ...previous, region: "ap-guangzhou" }];
    for (const prior of priors) {
      const moved = validateInputs(withFields({ region: "ap-beijing" }), { previous: prior });
      assert.deepEqual(
        moved.failures.map((f) => f.property),
        ["region"],
        JSON.stringify(prior),
      );
    }
    const elsewhere = validateInputs(withFields({ region: "ap-shanghai" }), { previous });
    assert.deepEqual(
      elsewhere.failures.map((f) => f.property),
      ["region"],
    );
  });
});

describe("validateInputs: misspelled and miscased LLM and TTS keys", () => {
  it("refuses a near miss of a known key with 'did you mean'", () => {
    const llm = withFields({
      llmConfig: { ...(validInput().llmConfig as Raw), systemPromt: "Be brief." },
    });
    const failure = onlyFailure(llm);
    assert.equal(failure.property, "llmConfig.systemPromt");
    assert.equal(
      failure.reason,
      "Unknown field llmConfig.systemPromt for llmType openai. Did you mean llmConfig.systemPrompt? (Unknown fields are otherwise sent to the API as written.)",
    );
    const tts = onlyFailure(
      withFields({ ttsConfig: { ...(validInput().ttsConfig as Raw), voiceID2: "x" } }),
    );
    assert.match(tts.reason, /Did you mean ttsConfig\.voiceId\?/);
  });

  it("still passes other unknown keys, and short ones a single edit from a known key", () => {
    const inputs = accepted(
      withFields({
        llmConfig: { ...(validInput().llmConfig as Raw), topK: 40, reasoningEffort: "low" },
      }),
    );
    assert.equal((inputs.llmConfig as Raw).topK, 40);
    assert.equal((inputs.llmConfig as Raw).reasoningEffort, "low");
  });

  it("refuses another case of a known key, naming the camelCase one (and that it stays secret)", () => {
    const failure = onlyFailure(
      withFields({ llmConfig: { ...(validInput().llmConfig as Raw), APIKey: "sk-other" } }),
    );
    assert.equal(failure.property, "llmConfig.APIKey");
    assert.match(
      failure.reason,
      /write it as llmConfig\.apiKey \(camelCase\), so it is checked and kept secret/,
    );
    assert.doesNotMatch(failure.reason, /sk-other/);
    const speed = onlyFailure(
      withFields({ ttsConfig: { ...(validInput().ttsConfig as Raw), Speed: 99 } }),
    );
    assert.match(speed.reason, /write it as ttsConfig\.speed \(camelCase\), so it is checked;/);
  });

  it("checks the numeric LLM fields of dify and coze like openai's", () => {
    for (const llm of [
      { llmType: "dify", apiKey: "app-x", apiUrl: "https://api.dify.ai/v1/chat-messages" },
      { llmType: "coze", apiKey: "pat_x", apiUrl: "https://api.coze.com/v3/chat", botId: "b1" },
    ]) {
      for (const [key, value] of [
        ["timeout", 999],
        ["history", 51],
        ["temperature", 3],
        ["maxTokens", 0],
        ["topP", 2],
      ] as const) {
        const failure = onlyFailure(withFields({ llmConfig: { ...llm, [key]: value } }));
        assert.equal(failure.property, `llmConfig.${key}`, `${llm.llmType} ${key}`);
      }
      accepted(withFields({ llmConfig: { ...llm, timeout: 10, history: 5 } }));
    }
  });
});

describe("validateInputs: hostile input (hostile-input review B1-B5)", () => {
  const secret = "pat_SECRETKEY0123456789abcdef";

  it("never quotes a config group given as a list, which may hold its keys", () => {
    for (const group of ["agentConfig", "llmConfig", "ttsConfig", "sttConfig"]) {
      const failures = failuresOf(
        withFields({ [group]: [{ llmType: "coze", apiKey: secret, userSig: secret }] }),
      );
      const text = JSON.stringify(failures);
      assert.ok(!text.includes("SECRETKEY"), `${group}: ${text}`);
      assert.match(text, /a list of 1 item\(s\)/);
    }
  });

  it("checks hotWordList's word|weight format", () => {
    accepted(withFields({ sttConfig: { hotWordList: "Tencent|10,TRTC|11,cloud|100" } }));
    for (const hotWordList of ["hello", "a|12", "a|0", `${"w".repeat(31)}|5`, "a|5,"]) {
      const failure = onlyFailure(withFields({ sttConfig: { hotWordList } }));
      assert.equal(failure.property, "sttConfig.hotWordList", hotWordList);
      assert.match(failure.reason, /"word\|weight" entries/);
    }
  });

  it("answers very deep input with a failure naming the field, not a RangeError", () => {
    let deep: Raw = {};
    const root = deep;
    for (let i = 0; i < 10_000; i++) {
      const next: Raw = {};
      deep.x = next;
      deep = next;
    }
    const failure = onlyFailure(
      withFields({ llmConfig: { ...(validInput().llmConfig as Raw), extraBody: root } }),
    );
    assert.match(failure.property, /^llmConfig\.extraBody(\.x)+$/);
    assert.match(failure.reason, /nested more than 64 levels deep/);
  });

  it("answers very wide input with one failure", () => {
    const wide: Raw = validInput();
    for (let i = 0; i < 100_000; i++) wide[`unknown${i}`] = i;
    const failures = failuresOf(wide);
    assert.equal(failures.length, 1);
    assert.match(failures[0].reason, /more than 20000 values/);
  });

  it("shows NaN and Infinity as themselves", () => {
    assert.match(onlyFailure(withFields({ sdkAppId: Number.NaN })).reason, /: NaN\./);
    assert.match(
      onlyFailure(withFields({ sdkAppId: Number.POSITIVE_INFINITY })).reason,
      /: Infinity\./,
    );
  });
});
