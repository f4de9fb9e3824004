// The bot a GitHub Actions workflow deploys: the basic example's bot with its settings under the
// `ci:` namespace. Tencent Cloud credentials are not read here: CI passes them to the provider as
// TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY, or as trtc:* stack config for the emulator.
import * as pulumi from "@pulumi/pulumi";
import { AIConversation } from "pulumi-trtc";

const config = new pulumi.Config();

const bot = new AIConversation("support-bot", {
  sdkAppId: config.requireNumber("sdkAppId"),
  roomId: config.get("roomId") ?? "support-room",
  agentConfig: {
    userId: "support_bot",
    userSigSecret: config.requireSecret("sdkSecretKey"),
    targetUserId: "customer_1",
    welcomeMessage: "Hi! I'm the support bot. How can I help?",
    maxIdleTime: 120,
  },
  sttConfig: { language: "en" },
  llmConfig: {
    llmType: "openai",
    model: "gpt-4o-mini",
    apiUrl: "https://api.openai.com/v1/chat/completions",
    apiKey: config.requireSecret("openaiApiKey"),
    systemPrompt: "You are a friendly support agent. Answer in one or two short sentences.",
    streaming: true,
  },
  ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
  // A change of the welcome message, LLM or TTS updates the running conversation instead of
  // replacing the bot mid-call (the policy pack's trtc-update-in-place asks for it in prod).
  updateInPlace: true,
});

export const taskId = bot.taskId;
export const sessionId = bot.sessionId;
export const status = bot.status;
