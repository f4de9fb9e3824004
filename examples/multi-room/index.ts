// A fleet: one voice bot per room in the `multi-room:rooms` list. Each bot's resource name is
// derived from its room id (not from its position in the list), so adding, removing or renaming
// one room creates, deletes or replaces that room's bot and leaves the others running.
import * as pulumi from "@pulumi/pulumi";
import { AIConversation } from "pulumi-trtc";

const config = new pulumi.Config();

// e.g. ["lobby", "sales", "support"]; set with `pulumi config set --path 'rooms[0]' lobby` or
// `pulumi config set rooms '["lobby","sales"]'`.
const rooms = config.requireObject<string[]>("rooms");

// Two entries with one room id would be two bots with one resource name; say so in our words
// before the engine reports a duplicate URN.
const duplicates = rooms.filter((room, i) => rooms.indexOf(room) !== i);
if (duplicates.length > 0) {
  throw new Error(
    `Invalid value for multi-room:rooms: ${duplicates.join(", ")} appears more than once. Each room gets one bot; list each room id once.`,
  );
}

// Shared by every bot: one TRTC app, one LLM account, one voice.
const sdkAppId = config.requireNumber("sdkAppId");
const sdkSecretKey = config.requireSecret("sdkSecretKey");
const openaiApiKey = config.requireSecret("openaiApiKey");

const bots = rooms.map(
  (room) =>
    new AIConversation(`bot-${room}`, {
      sdkAppId,
      roomId: room,
      agentConfig: {
        // The same bot UserId in different rooms is fine; TRTC only forbids two in one room.
        userId: "room_bot",
        userSigSecret: sdkSecretKey,
        targetUserId: "guest",
        welcomeMessage: `Welcome to ${room}! Ask me anything.`,
        maxIdleTime: 300,
      },
      sttConfig: { language: "en" },
      llmConfig: {
        llmType: "openai",
        model: "gpt-4o-mini",
        apiUrl: "https://api.openai.com/v1/chat/completions",
        apiKey: openaiApiKey,
        systemPrompt: `You are the assistant of the ${room} room. Keep answers short.`,
        streaming: true,
      },
      ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
    }),
);

/** Room id → TRTC task id of that room's bot. */
export const taskIds = Object.fromEntries(bots.map((bot, i) => [rooms[i], bot.taskId]));
/** Room id → SessionId of that room's bot. */
export const sessionIds = Object.fromEntries(bots.map((bot, i) => [rooms[i], bot.sessionId]));
/** Room id → status (`InProgress` once the bot is in its room). */
export const statuses = Object.fromEntries(bots.map((bot, i) => [rooms[i], bot.status]));
