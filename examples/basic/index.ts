// One voice bot in one room: it joins the room, listens to one user, answers with an
// OpenAI-compatible LLM and speaks with TRTC's built-in (flow) voice.
import * as pulumi from "@pulumi/pulumi";
import { AIConversation } from "pulumi-trtc";

// Keys live under the project name: `basic:sdkAppId`, `basic:openaiApiKey`, …
const config = new pulumi.Config();

const bot = new AIConversation("support-bot", {
  // Your TRTC application; it must have the AI conversation ability enabled.
  sdkAppId: config.requireNumber("sdkAppId"),
  // A string room id; the user's app joins the same room.
  roomId: config.get("roomId") ?? "support-room",
  agentConfig: {
    userId: "support_bot",
    // The provider signs a fresh UserSig for the bot from the app's SDK secret key at create
    // time, so no short-lived token ends up in config or state.
    userSigSecret: config.requireSecret("sdkSecretKey"),
    // The bot answers this user only.
    targetUserId: config.get("targetUserId") ?? "customer_1",
    welcomeMessage: "Hi! I'm the support bot. How can I help?",
    // Leave the room after two minutes without anyone streaming, so a forgotten bot stops billing.
    maxIdleTime: 120,
  },
  sttConfig: { language: "en" },
  llmConfig: {
    llmType: "openai",
    model: "gpt-4o-mini",
    apiUrl: "https://api.openai.com/v1/chat/completions",
    // requireSecret keeps the key encrypted in config and state and masked in output.
    apiKey: config.requireSecret("openaiApiKey"),
    systemPrompt: "You are a friendly support agent. Answer in one or two short sentences.",
    // Streaming lets the bot start speaking before the whole answer is generated.
    streaming: true,
  },
  ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
  // A new welcome message, prompt or voice changes the running bot instead of replacing it, so
  // the person in the room keeps the call (any other change still replaces the bot).
  updateInPlace: true,
  // To bring a bot started by hand under management, name its TaskId here for the first `up`:
  // adoptTaskId: config.get("adoptTaskId"),
});

/** TRTC's id of the running bot (also the Pulumi resource id). */
export const taskId = bot.taskId;
/** The SessionId the bot was started with; the provider derives it so a retried create is safe. */
export const sessionId = bot.sessionId;
/** `InProgress` once the bot is in the room. */
export const status = bot.status;
