// Five voice bots side by side, one per room, each pairing a different LLM with a different
// voice, so you can copy the pair you need. Every API key comes from `pulumi config set
// --secret`: the provider marks these fields secret, so they stay encrypted in state and masked
// in preview output.
import * as pulumi from "@pulumi/pulumi";
import { AIConversation, type LlmConfigArgs, type TtsConfigArgs } from "pulumi-trtc";

const config = new pulumi.Config();
const sdkAppId = config.requireNumber("sdkAppId");
const sdkSecretKey = config.requireSecret("sdkSecretKey");

// Account ids that are not secret. They describe the bot rather than the environment, so they
// live in code; replace them with your own before you deploy to Tencent Cloud.
const TENCENT_CLOUD_APP_ID = 1300000000; // Tencent Cloud AppId that owns the TTS quota
const COZE_BOT_ID = "7400000000000000000"; // Coze → your bot → URL …/bot/<id>
const MINIMAX_GROUP_ID = "1810000000000000000"; // MiniMax console → Basic Information
const ELEVENLABS_VOICE_ID = "21m00Tcm4TlvDq8ikWAM"; // ElevenLabs voice library
const CUSTOM_TTS_URL = "https://tts.example.com/v1/synthesize"; // your server speaking TRTC's custom TTS protocol

/** One bot in its own room; only the LLM and the voice differ between bots. */
function bot(name: string, llmConfig: LlmConfigArgs, ttsConfig: TtsConfigArgs): AIConversation {
  return new AIConversation(name, {
    sdkAppId,
    roomId: `providers-${name}`,
    agentConfig: {
      userId: "voice_bot",
      userSigSecret: sdkSecretKey,
      targetUserId: "tester",
      welcomeMessage: `Hello from the ${name} bot.`,
    },
    sttConfig: { language: "en" },
    llmConfig,
    ttsConfig,
  });
}

// OpenAI itself. Any OpenAI-compatible vendor (DeepSeek, Gemini, Hunyuan, MiniMax…) is the same
// `llmType: "openai"` with its own apiUrl and model, e.g.
// https://api.deepseek.com/v1/chat/completions and deepseek-chat.
const openai: LlmConfigArgs = {
  llmType: "openai",
  model: "gpt-4o-mini",
  apiUrl: "https://api.openai.com/v1/chat/completions",
  apiKey: config.requireSecret("openaiApiKey"),
  systemPrompt: "You are a helpful voice assistant. Keep answers short.",
  history: 5,
  streaming: true,
};

// A Dify app: prompts, knowledge and tools are managed in Dify, not here.
const dify: LlmConfigArgs = {
  llmType: "dify",
  apiUrl: "https://api.dify.ai/v1/chat-messages",
  apiKey: config.requireSecret("difyApiKey"),
  inputs: {},
  streaming: true,
};

// A Coze bot.
const coze: LlmConfigArgs = {
  llmType: "coze",
  apiUrl: "https://api.coze.com/v3/chat",
  apiKey: config.requireSecret("cozeApiKey"),
  botId: COZE_BOT_ID,
  streaming: true,
};

const bots = {
  // TRTC's built-in voice: no vendor account, no key.
  "openai-flow": bot("openai-flow", openai, {
    ttsType: "flow",
    voiceId: "v-female-p9Xy7Q1L",
    model: "flow_01_turbo",
    language: "en",
  }),
  // Tencent Cloud TTS bills a Tencent Cloud account of its own, hence a second key pair.
  "dify-tencent": bot("dify-tencent", dify, {
    ttsType: "tencent",
    appId: TENCENT_CLOUD_APP_ID,
    secretId: config.requireSecret("tencentTtsSecretId"),
    secretKey: config.requireSecret("tencentTtsSecretKey"),
    voiceType: 101001,
    primaryLanguage: 2, // English
  }),
  "coze-minimax": bot("coze-minimax", coze, {
    ttsType: "minimax",
    model: "speech-02-turbo",
    apiUrl: "https://api.minimax.chat/v1/t2a_v2",
    apiKey: config.requireSecret("minimaxApiKey"),
    groupId: MINIMAX_GROUP_ID,
    voiceType: "female-tianmei",
  }),
  "openai-elevenlabs": bot("openai-elevenlabs", openai, {
    ttsType: "elevenlabs",
    model: "eleven_flash_v2_5",
    apiKey: config.requireSecret("elevenlabsApiKey"),
    voiceId: ELEVENLABS_VOICE_ID,
  }),
  // Your own TTS service; the audio fields describe what it returns.
  "dify-custom": bot("dify-custom", dify, {
    ttsType: "custom",
    apiUrl: CUSTOM_TTS_URL,
    apiKey: config.requireSecret("customTtsApiKey"),
    audioFormat: "pcm",
    sampleRate: 16000,
    audioChannel: 1,
  }),
};

/** Bot name → TRTC task id. */
export const taskIds = Object.fromEntries(Object.entries(bots).map(([n, b]) => [n, b.taskId]));
/** Bot name → SessionId. */
export const sessionIds = Object.fromEntries(
  Object.entries(bots).map(([n, b]) => [n, b.sessionId]),
);
/** Bot name → status (`InProgress` once the bot is in its room). */
export const statuses = Object.fromEntries(Object.entries(bots).map(([n, b]) => [n, b.status]));
