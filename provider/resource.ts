/**
 * The AIConversation resource: a TRTC AI conversation (a voice bot in a real-time room) managed
 * as a Pulumi resource. API reference: StartAIConversation,
 * https://www.tencentcloud.com/document/api/647/64963.
 *
 * Every input is configuration of the running bot: changing any of them replaces the bot (the old
 * one is stopped first, then a new one is started). Only a user-given `sessionId` change, not a
 * derived one, counts.
 */
import * as pulumi from "@pulumi/pulumi";
import { TASK_OUTPUTS } from "./outputs";
import { SECRET_PATHS } from "./secret-paths";
import type { Region } from "./trtc/constants";
import { loaderProvider } from "./loader";

/** Ambient sound mixed under the bot's voice. */
export interface AmbientSoundArgs {
  /** Scene: `coffee_shops`, `busy_office`, `street_traffic` or `evening_mountain`. */
  scene: pulumi.Input<"coffee_shops" | "busy_office" | "street_traffic" | "evening_mountain">;
  /** Volume, 0 to 2. @default 1 */
  volume?: pulumi.Input<number>;
}

/** Voiceprint recognition (only the enrolled speaker is answered). */
export interface VoicePrintArgs {
  /** 0 off, 1 on. @default 0 */
  mode?: pulumi.Input<0 | 1>;
  /** Voiceprint ids; one is supported. */
  idList?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Semantic turn detection, used when `turnDetectionMode` is 3. */
export interface TurnDetectionArgs {
  /** How eagerly a pause ends the user's turn: `low`, `medium`, `high` or `auto` (= medium). @default "auto" */
  semanticEagerness?: pulumi.Input<"low" | "medium" | "high" | "auto">;
}

/** The bot's identity and conversation behaviour (API `AgentConfig`). Changing any field replaces the bot. */
export interface AgentConfigArgs {
  /** The bot's TRTC UserId: 1–32 letters, digits, `_` or `-`; must not collide with any user in the room. Two bots with the same UserId in one room interrupt each other. */
  userId: pulumi.Input<string>;
  /** A UserSig for `userId` (secret). Set this or `userSigSecret`. */
  userSig?: pulumi.Input<string>;
  /** The app's SDK secret key (secret): the provider makes a fresh UserSig at create time; it is never stored. Set this or `userSig`. */
  userSigSecret?: pulumi.Input<string>;
  /**
   * Lifetime of a UserSig made from `userSigSecret`, in seconds (300 to 50 years). The default is
   * the TRTC console's: a bot can outlive a day, and a bot that must present an expired UserSig
   * again (e.g. to rejoin the room) would drop. The default is not stored: a bot started under
   * an earlier default keeps running. @default 15552000 (180 days)
   */
  userSigExpireSeconds?: pulumi.Input<number>;
  /** The user whose audio the bot listens to (1–32 letters, digits, `_`, `-`; not `userId`). */
  targetUserId: pulumi.Input<string>;
  /** Seconds with nobody streaming in the room after which TRTC stops the bot (1–86400). @default 60 */
  maxIdleTime?: pulumi.Input<number>;
  /** What the bot says when it joins (at most 2000 characters). */
  welcomeMessage?: pulumi.Input<string>;
  /** 0: the server interrupts the bot when the user speaks; 1: the client sends interrupt signalling. @default 0 */
  interruptMode?: pulumi.Input<0 | 1>;
  /** With `interruptMode` 0: milliseconds of user speech that interrupt the bot (0–60000). @default 500 */
  interruptSpeechDuration?: pulumi.Input<number>;
  /** 0: a new turn after the server's speech recognition ends a sentence; 1: the client triggers turns; 3: semantic (see `turnDetection`). @default 0 */
  turnDetectionMode?: pulumi.Input<0 | 1 | 3>;
  /** Ignore one-word utterances. @default true */
  filterOneWord?: pulumi.Input<boolean>;
  /** 0 normal, 1 high (the welcome message cannot be interrupted). @default 0 */
  welcomeMessagePriority?: pulumi.Input<0 | 1>;
  /** Do not speak text in brackets: 1 （）, 2 (), 3 【】, 4 [], 5 {}. Default: no filtering. */
  filterBracketsContent?: pulumi.Input<1 | 2 | 3 | 4 | 5>;
  /** Ambient sound. */
  ambientSound?: pulumi.Input<AmbientSoundArgs>;
  /** Voiceprint recognition. */
  voicePrint?: pulumi.Input<VoicePrintArgs>;
  /** Semantic turn detection settings. */
  turnDetection?: pulumi.Input<TurnDetectionArgs>;
  /** 0: subtitles as soon as possible (full text each time); 1: per sentence, in sync with the audio (incremental). */
  subtitleMode?: pulumi.Input<0 | 1>;
  /** Only these words interrupt the bot while it speaks; they do not trigger a reply (at most 100). */
  interruptWordList?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Speech recognition (API `STTConfig`). Changing any field replaces the bot. */
export interface SttConfigArgs {
  /** Recognition language, e.g. `zh`, `en`, `ja`, `zh-TW`. API default `zh`. */
  language?: pulumi.Input<string>;
  /** Up to 3 further languages for mixed recognition (billed as advanced recognition). */
  alternativeLanguage?: pulumi.Input<pulumi.Input<string>[]>;
  /** JSON text configuring a third-party recognizer, e.g. `{"STTType":"deepgram","ApiKey":"…"}` (secret). */
  customParam?: pulumi.Input<string>;
  /** Silence that ends a sentence, in milliseconds (240–2000). API default 1000. */
  vadSilenceTime?: pulumi.Input<number>;
  /** Hot words, `word|weight,…` (weight 1–11 or 100; at most 128 words). */
  hotWordList?: pulumi.Input<string>;
  /** Voice activity detection level, 0–5 (2 recommended). API default 0. */
  vadLevel?: pulumi.Input<number>;
}

/** Fields every LLM config has. Keys not listed are sent to the API verbatim. */
interface LlmCommonArgs {
  /** The LLM API key (secret). */
  apiKey: pulumi.Input<string>;
  /** The full endpoint URL (http:// or https://). */
  apiUrl: pulumi.Input<string>;
  /** Stream the LLM's answer (recommended). */
  streaming?: pulumi.Input<boolean>;
  /** System prompt. */
  systemPrompt?: pulumi.Input<string>;
  /** LLM timeout in seconds (1–50). API default 3. */
  timeout?: pulumi.Input<number>;
  /** Rounds of history sent to the LLM (0–50). API default 0. */
  history?: pulumi.Input<number>;
  /** 1: keep the context in sync with the audio actually played. API default 0. */
  historyMode?: pulumi.Input<0 | 1>;
  /** Maximum tokens of an answer. */
  maxTokens?: pulumi.Input<number>;
  /** Sampling temperature (0–2). */
  temperature?: pulumi.Input<number>;
  /** Nucleus sampling (0–1). */
  topP?: pulumi.Input<number>;
  /** Extra fields merged into the LLM request body, as written (e.g. `{ enable_thinking: false }`). */
  extraBody?: pulumi.Input<Record<string, unknown>>;
  /** Messages prepended to the conversation. */
  userMessages?: pulumi.Input<{ role: string; content: string }[]>;
  /** Object merged into the request body. */
  metaInfo?: pulumi.Input<Record<string, unknown>>;
  /** Any further field the API documents, sent as written (e.g. a field newer than this package). */
  [extra: string]: unknown;
}

/** An OpenAI-compatible LLM (OpenAI, DeepSeek, Gemini, Hunyuan, MiniMax…). */
export interface OpenAiLlmConfigArgs extends LlmCommonArgs {
  llmType: pulumi.Input<"openai">;
  /** Model name, e.g. `gpt-4o-mini`. */
  model: pulumi.Input<string>;
}

/** A Dify app as the LLM. */
export interface DifyLlmConfigArgs extends LlmCommonArgs {
  llmType: pulumi.Input<"dify">;
  /** Dify `inputs`. */
  inputs?: pulumi.Input<Record<string, unknown>>;
  /** Dify `user`. */
  user?: pulumi.Input<string>;
  /** Dify conversation id ("" = a new conversation). */
  conversationId?: pulumi.Input<string>;
}

/** A Coze bot as the LLM. */
export interface CozeLlmConfigArgs extends LlmCommonArgs {
  llmType: pulumi.Input<"coze">;
  /** The Coze bot id. */
  botId: pulumi.Input<string>;
  /** Coze user id. */
  userId?: pulumi.Input<string>;
  /** Coze conversation id (sent as `conversation_id`). */
  conversationId?: pulumi.Input<string>;
}

/** The LLM (API `LLMConfig`, sent as JSON text), by `llmType`. Changing any field replaces the bot. */
export type LlmConfigArgs = OpenAiLlmConfigArgs | DifyLlmConfigArgs | CozeLlmConfigArgs;

/** Keys not listed are sent to the API verbatim. */
interface TtsExtraArgs {
  /** Any further field the API documents, sent as written. */
  [extra: string]: unknown;
}

/** TRTC's built-in voices. */
export interface FlowTtsConfigArgs extends TtsExtraArgs {
  ttsType: pulumi.Input<"flow">;
  /** Voice id, e.g. `v-female-R2s4N9qJ`. */
  voiceId: pulumi.Input<string>;
  /** Model, e.g. `flow_01_turbo`. */
  model: pulumi.Input<string>;
  /** Speed, 0.5–2.0. API default 1.0. */
  speed?: pulumi.Input<number>;
  /**
   * Volume, 0–10 (SDK model and trtc.io 68340). API default 1.0. The China page (647/115414)
   * gives (0, 1]: on the China site, keep it above 0 and at most 1.
   */
  volume?: pulumi.Input<number>;
  /** Pitch in semitones, −12–12. API default 0. */
  pitch?: pulumi.Input<number>;
  /** `zh`, `en` or `yue`. */
  language?: pulumi.Input<string>;
}

/** Tencent Cloud TTS (legacy). */
export interface TencentTtsConfigArgs extends TtsExtraArgs {
  ttsType: pulumi.Input<"tencent">;
  /** The Tencent Cloud TTS AppId: a number or a string (the pages show both), sent as written. */
  appId: pulumi.Input<number | string>;
  /** Tencent Cloud SecretId for TTS (secret). */
  secretId: pulumi.Input<string>;
  /** Tencent Cloud SecretKey for TTS (secret). */
  secretKey: pulumi.Input<string>;
  voiceType: pulumi.Input<number>;
  /** −2–6 (0 = 1.0×). */
  speed?: pulumi.Input<number>;
  /** 0–10. */
  volume?: pulumi.Input<number>;
  primaryLanguage?: pulumi.Input<string | number>;
  fastVoiceType?: pulumi.Input<string>;
}

/** MiniMax TTS. */
export interface MinimaxTtsConfigArgs extends TtsExtraArgs {
  ttsType: pulumi.Input<"minimax">;
  model: pulumi.Input<string>;
  apiUrl: pulumi.Input<string>;
  /** API key (secret). */
  apiKey: pulumi.Input<string>;
  groupId: pulumi.Input<string>;
  voiceType: pulumi.Input<string>;
  /** 0.5–2.0. */
  speed?: pulumi.Input<number>;
}

/** Azure TTS. */
export interface AzureTtsConfigArgs extends TtsExtraArgs {
  ttsType: pulumi.Input<"azure">;
  /** Subscription key (secret). */
  subscriptionKey: pulumi.Input<string>;
  region: pulumi.Input<string>;
  voiceName: pulumi.Input<string>;
  language: pulumi.Input<string>;
  /** 0.5–2. */
  rate?: pulumi.Input<number>;
}

/** Cartesia or ElevenLabs TTS. */
export interface KeyedVoiceTtsConfigArgs extends TtsExtraArgs {
  ttsType: pulumi.Input<"cartesia" | "elevenlabs">;
  model: pulumi.Input<string>;
  /** API key (secret). */
  apiKey: pulumi.Input<string>;
  voiceId: pulumi.Input<string>;
}

/** Inworld TTS. */
export interface InworldTtsConfigArgs extends TtsExtraArgs {
  ttsType: pulumi.Input<"inworld">;
  /** API key (secret). */
  apiKey: pulumi.Input<string>;
  voiceId: pulumi.Input<string>;
  modelId: pulumi.Input<string>;
  temperature?: pulumi.Input<number>;
}

/** Your own TTS service implementing TRTC's custom TTS protocol. */
export interface CustomTtsConfigArgs extends TtsExtraArgs {
  ttsType: pulumi.Input<"custom">;
  /** API key (secret). */
  apiKey: pulumi.Input<string>;
  apiUrl: pulumi.Input<string>;
  /** `pcm` or `wav`. API default `wav`. */
  audioFormat?: pulumi.Input<"pcm" | "wav">;
  /** Hz. API default 16000. */
  sampleRate?: pulumi.Input<number>;
  /** 1 or 2. API default 1. */
  audioChannel?: pulumi.Input<1 | 2>;
}

/** The voice (API `TTSConfig`, sent as JSON text), by `ttsType`. Changing any field replaces the bot. */
export type TtsConfigArgs =
  | FlowTtsConfigArgs
  | TencentTtsConfigArgs
  | MinimaxTtsConfigArgs
  | AzureTtsConfigArgs
  | KeyedVoiceTtsConfigArgs
  | InworldTtsConfigArgs
  | CustomTtsConfigArgs;

/** Inputs of an {@link AIConversation}. Changing any of them replaces the bot, except what `updateInPlace` updates. */
export interface AIConversationArgs {
  /** The TRTC application's SdkAppId. */
  sdkAppId: pulumi.Input<number>;
  /**
   * The room: a number (1–4294967294) or a string room of 1–64 of `a-z A-Z 0-9`, space and
   * `! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,` (TRTC's string-room rule).
   */
  roomId: pulumi.Input<string | number>;
  /**
   * 0 numeric room, 1 string room. Required when `roomId` is an all-digit string (e.g. read from
   * stack config): `"123"` could be the numeric room 123 or the string room "123", which are
   * different rooms in TRTC. @default 0 for a numeric roomId, 1 for a string that is not all digits
   */
  roomIdType?: pulumi.Input<0 | 1>;
  /**
   * Caller-chosen unique id of this conversation (1–128 of letters, digits, `_ . : -`). By default
   * the provider derives one from the stack, the resource name and the configuration; it is the
   * idempotency key that keeps a retried create from starting a second bot.
   */
  sessionId?: pulumi.Input<string>;
  /**
   * Region of the bot: one where the account's site (`trtc:site`) serves Start, Describe and
   * Stop; with no site set, one both sites serve (ap-guangzhou, ap-singapore, ap-tokyo,
   * na-siliconvalley). The bot stays there for its whole life. @default the stack's `trtc:region`, else
   * `TENCENTCLOUD_REGION`, else `ap-guangzhou`
   */
  region?: pulumi.Input<Region>;
  /** The bot's identity and behaviour. */
  agentConfig: pulumi.Input<AgentConfigArgs>;
  /** Speech recognition. */
  sttConfig?: pulumi.Input<SttConfigArgs>;
  /** The LLM. */
  llmConfig: pulumi.Input<LlmConfigArgs>;
  /** The voice. */
  ttsConfig: pulumi.Input<TtsConfigArgs>;
  /** Digital-human configuration (allow-listed accounts only): an object or JSON text, sent as JSON text. */
  avatarConfig?: pulumi.Input<Record<string, unknown> | string>;
  /** Experimental parameters agreed with Tencent: an object or JSON text, sent as JSON text. */
  experimentalParams?: pulumi.Input<Record<string, unknown> | string>;
  /**
   * Change the running bot instead of replacing it when only what UpdateAIConversation can
   * change differs: `agentConfig.welcomeMessage`, `interruptMode`, `interruptSpeechDuration`,
   * `llmConfig` and `ttsConfig` (sent whole). Why: the person in the room keeps talking, with no
   * drop and no new greeting. Removing one of the three agent fields, or any other change, still
   * replaces; Describe cannot show the running configuration, so a change made elsewhere (the
   * console) is not seen. Turning it on or off alone is no change. @default false
   */
  updateInPlace?: pulumi.Input<boolean>;
  /**
   * A running task (Idle, Preparing or InProgress, in this bot's region) that the create takes
   * over instead of starting a new bot; `destroy` then stops it. Why: a bot started by hand or
   * by a script comes under management (`pulumi import` does not work for dynamic providers).
   * One-shot: remove it after the first successful `up`. While it is set, a change that would
   * replace the bot fails at preview (the replacement would stop the adopted bot), and a create
   * after the task ended (refresh, destroy) fails instead of starting a new bot. Changing or
   * removing it is no change. Checked: the task runs in this region, belongs to `sdkAppId`, runs
   * under `sessionId` when one is given, and was not started by another pulumi-trtc resource
   * (see `adoptFromAnotherStack`). Taken on trust: the room, the bot UserId and the running
   * configuration (Describe returns none of them); the first in-place update then sends every
   * field it can change, so the bot follows these inputs.
   */
  adoptTaskId?: pulumi.Input<string>;
  /**
   * With `adoptTaskId`: take over a task although its SessionId (`pt-…`) shows that another
   * pulumi-trtc resource started it, e.g. the bot of a stack removed without `destroy`. Whatever
   * else manages the task stops it on its own `destroy`. @default false
   */
  adoptFromAnotherStack?: pulumi.Input<boolean>;
}

/** Marks the secret fields of one config group (see SECRET_PATHS) as Pulumi secrets. */
function withSecretFields(group: string, value: unknown): unknown {
  const keys = SECRET_PATHS.filter((p) => p.startsWith(`${group}.`)).map((p) => p.split(".")[1]);
  if (value === undefined || keys.length === 0) return value;
  if (pulumi.Output.isInstance(value) || value instanceof Promise) {
    // The whole group is one Output: its fields cannot be told apart before it resolves.
    return pulumi.secret(value as pulumi.Input<unknown>);
  }
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of keys) {
    if (out[key] !== undefined) out[key] = pulumi.secret(out[key] as pulumi.Input<unknown>);
  }
  return out;
}

/**
 * A TRTC AI conversation: a voice bot (speech recognition → your LLM → text-to-speech) that joins
 * a TRTC room and talks with a user there. Create starts it (StartAIConversation) and waits until
 * it runs; destroy stops it; any change of configuration replaces it.
 *
 * Credentials come from stack config (`trtc:secretId`, `trtc:secretKey` as a secret) or from
 * `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY`.
 *
 * @example
 * const bot = new AIConversation("support-bot", {
 *   sdkAppId: 1400000000,
 *   roomId: "support-room",
 *   agentConfig: { userId: "support_bot", userSigSecret: cfg.requireSecret("sdkSecretKey"), targetUserId: "customer" },
 *   llmConfig: { llmType: "openai", model: "gpt-4o-mini", apiKey: cfg.requireSecret("openaiKey"),
 *                apiUrl: "https://api.openai.com/v1/chat/completions", streaming: true },
 *   ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
 * });
 */
export class AIConversation extends pulumi.dynamic.Resource {
  /** The task id TRTC assigned; also the resource id. */
  declare public readonly taskId: pulumi.Output<string>;
  /** The SessionId the bot was started with (yours or the derived one). */
  declare public readonly sessionId: pulumi.Output<string>;
  /** RequestId of the StartAIConversation call (absent when a lost start was adopted). */
  declare public readonly requestId: pulumi.Output<string | undefined>;
  /** Status at the last create or refresh: `Preparing`, `InProgress` (or `Idle`). */
  declare public readonly status: pulumi.Output<string>;
  /** Start time reported by DescribeAIConversation (`YYYY-MM-DD hh:mm:ss.ffffff`). */
  declare public readonly startTime: pulumi.Output<string | undefined>;
  /**
   * `true` while the bot may run another configuration than state records: it was adopted or
   * found after a lost start, or an update's outcome is unknown. The next in-place update
   * (`updateInPlace`) sends every field it can change and clears it.
   */
  declare public readonly configurationUnverified: pulumi.Output<boolean | undefined>;
  /** The region the bot runs in. */
  declare public readonly region: pulumi.Output<Region>;
  /** The room the bot is in. */
  declare public readonly roomId: pulumi.Output<string | number>;

  /**
   * @param name The unique name of the resource.
   * @param args The bot's configuration.
   * @param opts Resource options.
   */
  constructor(name: string, args: AIConversationArgs, opts?: pulumi.CustomResourceOptions) {
    // Installed under node_modules, the instance module's export is stored as one require();
    // elsewhere a thin loader keeps `__provider` small (see instance.ts and loader.ts).
    const installed = __dirname.split(/[\\/]/).includes("node_modules");
    const provider: pulumi.dynamic.ResourceProvider = installed
      ? require("./instance")
      : loaderProvider;
    super(provider, name, aiConversationProps(name, args), opts, "trtc", "AIConversation");
  }
}

/**
 * The props an AIConversation registers: the args with secret fields marked, the SessionId scope,
 * and placeholders for the declared outputs only. Each property costs the program four promises
 * (the SDK's transferProperties) and the engine its copy in every checkpoint, so nothing else is
 * listed.
 * Exported for tests that register the same resource with another provider build.
 */
export function aiConversationProps(name: string, args: AIConversationArgs): pulumi.Inputs {
  return {
    ...args,
    agentConfig: withSecretFields("agentConfig", args.agentConfig),
    sttConfig: withSecretFields("sttConfig", args.sttConfig),
    llmConfig: withSecretFields("llmConfig", args.llmConfig),
    ttsConfig: withSecretFields("ttsConfig", args.ttsConfig),
    sessionId: args.sessionId,
    region: args.region,
    sessionScope: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
    ...Object.fromEntries(TASK_OUTPUTS.map((key) => [key, undefined])),
  };
}
