import assert from "node:assert/strict";
import { resolveDefaults, type ResolvedInputs } from "../../../provider/ai-conversation/model";
import {
  buildStartRequest,
  llmConfigJson,
  ttsConfigJson,
} from "../../../provider/ai-conversation/request";
import { type Raw, flowTts, normalized, openAiLlm } from "./fixtures";

/** Checked inputs with their defaults filled in, as create sends them. */
function resolved(raw: Raw): ResolvedInputs {
  return resolveDefaults(normalized(raw));
}

function minimalInput(): Raw {
  return {
    sdkAppId: 1400000000,
    roomId: "support-room",
    agentConfig: { userId: "support_bot", userSigSecret: "0123456789abcdef", targetUserId: "c_1" },
    llmConfig: openAiLlm(),
    ttsConfig: flowTts(),
  };
}

describe("buildStartRequest", () => {
  it("builds the exact request for minimal inputs, defaults included", () => {
    const req = buildStartRequest(resolved(minimalInput()), "pt-session", "USERSIG");
    assert.deepEqual(req, {
      SdkAppId: 1400000000,
      RoomId: "support-room",
      RoomIdType: 1,
      SessionId: "pt-session",
      AgentConfig: {
        UserId: "support_bot",
        UserSig: "USERSIG",
        TargetUserId: "c_1",
        MaxIdleTime: 60,
        InterruptMode: 0,
        InterruptSpeechDuration: 500,
        TurnDetectionMode: 0,
        FilterOneWord: true,
        WelcomeMessagePriority: 0,
      },
      LLMConfig:
        '{"LLMType":"openai","Model":"gpt-4o-mini","APIKey":"sk-live-0123456789","APIUrl":"https://api.openai.com/v1/chat/completions"}',
      TTSConfig: '{"TTSType":"flow","VoiceId":"v-female-R2s4N9qJ","Model":"flow_01_turbo"}',
    });
  });

  it("builds the exact request with every field set", () => {
    const raw: Raw = {
      sdkAppId: 1400000001,
      roomId: 12345,
      sessionId: "order-42",
      region: "ap-singapore",
      agentConfig: {
        userId: "support_bot",
        userSig: "LITERAL_SIG",
        targetUserId: "c_1",
        maxIdleTime: 300,
        welcomeMessage: "Hi!",
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
      },
      sttConfig: {
        language: "en",
        alternativeLanguage: ["zh"],
        customParam: '{"STTType":"deepgram"}',
        vadSilenceTime: 600,
        hotWordList: "TRTC|10",
        vadLevel: 2,
      },
      llmConfig: {
        llmType: "dify",
        apiKey: "app-key",
        apiUrl: "https://api.dify.ai/v1/chat-messages",
        streaming: true,
        inputs: { lang: "en" },
        user: "c_1",
        conversationId: "conv-1",
      },
      ttsConfig: {
        ttsType: "azure",
        subscriptionKey: "az-key",
        region: "eastus",
        voiceName: "en-US-JennyNeural",
        language: "en-US",
        rate: 1.2,
      },
      avatarConfig: { AvatarType: "2d", AvatarId: "a-1" },
      experimentalParams: '{"foo":true}',
    };
    const req = buildStartRequest(resolved(raw), "order-42", "LITERAL_SIG");
    assert.deepEqual(req, {
      SdkAppId: 1400000001,
      RoomId: "12345",
      RoomIdType: 0,
      SessionId: "order-42",
      AgentConfig: {
        UserId: "support_bot",
        UserSig: "LITERAL_SIG",
        TargetUserId: "c_1",
        MaxIdleTime: 300,
        WelcomeMessage: "Hi!",
        InterruptMode: 1,
        InterruptSpeechDuration: 800,
        TurnDetectionMode: 3,
        FilterOneWord: false,
        WelcomeMessagePriority: 1,
        FilterBracketsContent: 2,
        AmbientSound: { Scene: "coffee_shops", Volume: 1.5 },
        VoicePrint: { Mode: 1, IdList: ["vp-1"] },
        TurnDetection: { SemanticEagerness: "high" },
        SubtitleMode: 1,
        InterruptWordList: ["stop", "wait"],
      },
      STTConfig: {
        Language: "en",
        AlternativeLanguage: ["zh"],
        CustomParam: '{"STTType":"deepgram"}',
        VadSilenceTime: 600,
        HotWordList: "TRTC|10",
        VadLevel: 2,
      },
      LLMConfig:
        '{"LLMType":"dify","APIKey":"app-key","APIUrl":"https://api.dify.ai/v1/chat-messages","Streaming":true,"Inputs":{"lang":"en"},"User":"c_1","ConversationId":"conv-1"}',
      TTSConfig:
        '{"TTSType":"azure","SubscriptionKey":"az-key","Region":"eastus","VoiceName":"en-US-JennyNeural","Language":"en-US","Rate":1.2}',
      AvatarConfig: '{"AvatarType":"2d","AvatarId":"a-1"}',
      ExperimentalParams: '{"foo":true}',
    });
  });

  it("sends a numeric roomId as a string", () => {
    const req = buildStartRequest(resolved({ ...minimalInput(), roomId: 4294967294 }), "s", "u");
    assert.equal(req.RoomId, "4294967294");
    assert.equal(req.RoomIdType, 0);
  });

  it("serializes object avatarConfig/experimentalParams and passes JSON text as-is", () => {
    const asObjects = buildStartRequest(
      resolved({ ...minimalInput(), avatarConfig: { a: 1 }, experimentalParams: { b: [2] } }),
      "s",
      "u",
    );
    assert.equal(asObjects.AvatarConfig, '{"a":1}');
    assert.equal(asObjects.ExperimentalParams, '{"b":[2]}');
    const asText = buildStartRequest(
      resolved({ ...minimalInput(), avatarConfig: '{ "a" : 1 }', experimentalParams: "{}" }),
      "s",
      "u",
    );
    assert.equal(asText.AvatarConfig, '{ "a" : 1 }');
    assert.equal(asText.ExperimentalParams, "{}");
  });

  it("never sends userSigSecret, userSigExpireSeconds or bookkeeping fields", () => {
    const raw = {
      ...minimalInput(),
      agentConfig: {
        userId: "support_bot",
        userSigSecret: "0123456789abcdef",
        userSigExpireSeconds: 3600,
        targetUserId: "c_1",
      },
      sessionScope: "proj/dev/bot",
    };
    const req = buildStartRequest(resolved(raw), "s", "GENERATED");
    const text = JSON.stringify(req);
    assert.ok(!text.includes("0123456789abcdef"));
    assert.ok(!text.includes("3600"));
    assert.ok(!text.includes("proj/dev/bot"));
    assert.ok(!("Region" in req));
    assert.equal((req.AgentConfig as Raw).UserSig, "GENERATED");
  });
});

describe("llmConfigJson", () => {
  it("maps every known openai key to its API name, in the order given", () => {
    const json = llmConfigJson({
      llmType: "openai",
      model: "gpt-4o-mini",
      apiKey: "sk-1",
      apiUrl: "https://api.openai.com/v1/chat/completions",
      streaming: true,
      systemPrompt: "Be brief.",
      timeout: 3,
      history: 5,
      historyMode: 1,
      maxTokens: 256,
      temperature: 0.5,
      topP: 0.9,
      extraBody: { enable_thinking: false },
      userMessages: [
        { role: "system", content: "Context" },
        { role: "user", content: "Hi" },
      ],
      metaInfo: { tenant: "acme" },
    });
    assert.equal(
      json,
      '{"LLMType":"openai","Model":"gpt-4o-mini","APIKey":"sk-1","APIUrl":"https://api.openai.com/v1/chat/completions","Streaming":true,"SystemPrompt":"Be brief.","Timeout":3,"History":5,"HistoryMode":1,"MaxTokens":256,"Temperature":0.5,"TopP":0.9,"ExtraBody":{"enable_thinking":false},"UserMessages":[{"Role":"system","Content":"Context"},{"Role":"user","Content":"Hi"}],"MetaInfo":{"tenant":"acme"}}',
    );
  });

  it("sends unknown keys verbatim and omits undefined ones", () => {
    const json = llmConfigJson({
      llmType: "openai",
      model: "m",
      apiKey: "k",
      apiUrl: "https://x",
      enable_search: true,
      NewTencentField: { Nested: 1 },
      streaming: undefined,
    });
    assert.equal(
      json,
      '{"LLMType":"openai","Model":"m","APIKey":"k","APIUrl":"https://x","enable_search":true,"NewTencentField":{"Nested":1}}',
    );
  });

  it("sends an unknown key named like an Object method (constructor, toString) as written", () => {
    const json = llmConfigJson({
      llmType: "openai",
      model: "m",
      apiKey: "k",
      apiUrl: "https://x",
      constructor: "c",
      toString: "t",
    });
    assert.equal(
      json,
      '{"LLMType":"openai","Model":"m","APIKey":"k","APIUrl":"https://x","constructor":"c","toString":"t"}',
    );
  });

  it("sends dify's conversationId as ConversationId", () => {
    const json = llmConfigJson({
      llmType: "dify",
      apiKey: "k",
      apiUrl: "https://api.dify.ai/v1/chat-messages",
      inputs: { a: 1 },
      user: "u",
      conversationId: "c-1",
    });
    assert.equal(
      json,
      '{"LLMType":"dify","APIKey":"k","APIUrl":"https://api.dify.ai/v1/chat-messages","Inputs":{"a":1},"User":"u","ConversationId":"c-1"}',
    );
  });

  it("sends coze's conversationId as conversation_id", () => {
    const json = llmConfigJson({
      llmType: "coze",
      apiKey: "pat",
      apiUrl: "https://api.coze.com/v3/chat",
      botId: "74000",
      userId: "u-1",
      conversationId: "c-1",
      streaming: true,
    });
    assert.equal(
      json,
      '{"LLMType":"coze","APIKey":"pat","APIUrl":"https://api.coze.com/v3/chat","BotId":"74000","UserId":"u-1","conversation_id":"c-1","Streaming":true}',
    );
  });
});

describe("ttsConfigJson", () => {
  const cases: Array<[string, Raw, string]> = [
    [
      "flow",
      {
        ttsType: "flow",
        voiceId: "v-1",
        model: "flow_01_turbo",
        speed: 1.2,
        volume: 5,
        pitch: -2,
        language: "en",
      },
      '{"TTSType":"flow","VoiceId":"v-1","Model":"flow_01_turbo","Speed":1.2,"Volume":5,"Pitch":-2,"Language":"en"}',
    ],
    [
      "tencent",
      {
        ttsType: "tencent",
        appId: 1300000000,
        secretId: "AKID",
        secretKey: "SK",
        voiceType: 101001,
        speed: 1,
        volume: 2,
        primaryLanguage: 1,
        fastVoiceType: "fv",
      },
      '{"TTSType":"tencent","AppId":1300000000,"SecretId":"AKID","SecretKey":"SK","VoiceType":101001,"Speed":1,"Volume":2,"PrimaryLanguage":1,"FastVoiceType":"fv"}',
    ],
    [
      "minimax",
      {
        ttsType: "minimax",
        model: "speech-01",
        apiUrl: "https://api.minimax.chat/v1/t2a_v2",
        apiKey: "mm",
        groupId: "g-1",
        voiceType: "female",
        speed: 1.5,
      },
      '{"TTSType":"minimax","Model":"speech-01","APIUrl":"https://api.minimax.chat/v1/t2a_v2","APIKey":"mm","GroupId":"g-1","VoiceType":"female","Speed":1.5}',
    ],
    [
      "azure",
      {
        ttsType: "azure",
        subscriptionKey: "az",
        region: "eastus",
        voiceName: "Jenny",
        language: "en-US",
        rate: 1.1,
      },
      '{"TTSType":"azure","SubscriptionKey":"az","Region":"eastus","VoiceName":"Jenny","Language":"en-US","Rate":1.1}',
    ],
    [
      "cartesia",
      { ttsType: "cartesia", model: "sonic-2", apiKey: "ct", voiceId: "v-2" },
      '{"TTSType":"cartesia","Model":"sonic-2","APIKey":"ct","VoiceId":"v-2"}',
    ],
    [
      "elevenlabs",
      { ttsType: "elevenlabs", model: "eleven_turbo_v2_5", apiKey: "el", voiceId: "v-3" },
      '{"TTSType":"elevenlabs","Model":"eleven_turbo_v2_5","APIKey":"el","VoiceId":"v-3"}',
    ],
    [
      "inworld",
      { ttsType: "inworld", apiKey: "iw", voiceId: "Ashley", modelId: "tts-1", temperature: 0.8 },
      '{"TTSType":"inworld","APIKey":"iw","VoiceId":"Ashley","ModelId":"tts-1","Temperature":0.8}',
    ],
    [
      "custom",
      {
        ttsType: "custom",
        apiKey: "ck",
        apiUrl: "http://tts.local/v1",
        audioFormat: "pcm",
        sampleRate: 16000,
        audioChannel: 1,
      },
      '{"TTSType":"custom","APIKey":"ck","APIUrl":"http://tts.local/v1","AudioFormat":"pcm","SampleRate":16000,"AudioChannel":1}',
    ],
  ];
  for (const [ttsType, cfg, expected] of cases) {
    it(`maps every known ${ttsType} key to its API name`, () => {
      assert.equal(ttsConfigJson(cfg), expected);
    });
  }

  it("sends unknown keys verbatim and omits undefined ones", () => {
    assert.equal(
      ttsConfigJson({
        ttsType: "flow",
        voiceId: "v",
        model: "m",
        EmotionCategory: "happy",
        emotion_intensity: 100,
        speed: undefined,
      }),
      '{"TTSType":"flow","VoiceId":"v","Model":"m","EmotionCategory":"happy","emotion_intensity":100}',
    );
  });
});
