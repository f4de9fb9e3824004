// The demo stack: one support voice bot in a TRTC room. `npm start` runs it against the local
// emulator; pointed at Tencent Cloud (trtc:endpoint, trtc:secretId, trtc:secretKey) it is real.
import * as pulumi from "@pulumi/pulumi";
import { AIConversation } from "pulumi-trtc";

const config = new pulumi.Config();

const bot = new AIConversation("support-bot", {
  sdkAppId: config.getNumber("sdkAppId") ?? 1400000000,
  roomId: config.get("roomId") ?? "support-room-1",
  agentConfig: {
    userId: "support_bot",
    // The app's SDK secret key: the provider makes a fresh UserSig at create time and never stores it.
    userSigSecret: config.requireSecret("sdkSecretKey"),
    targetUserId: "customer_1",
    welcomeMessage:
      config.get("welcomeMessage") ?? "Hi! I am the support assistant. How can I help?",
    maxIdleTime: 120,
    interruptMode: 0,
  },
  sttConfig: { language: "en", vadSilenceTime: 800 },
  llmConfig: {
    llmType: "openai",
    model: "gpt-4o-mini",
    apiKey: config.requireSecret("openaiApiKey"),
    apiUrl: "https://api.openai.com/v1/chat/completions",
    streaming: true,
    systemPrompt: "You are a concise, friendly support agent for ACME Cloud.",
    history: 5,
  },
  ttsConfig: {
    ttsType: "flow",
    voiceId: "v-female-R2s4N9qJ",
    model: "flow_01_turbo",
    language: "en",
  },
});

export const taskId = bot.taskId;
export const sessionId = bot.sessionId;
export const status = bot.status;
export const roomId = bot.roomId;
