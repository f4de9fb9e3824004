/**
 * The AIConversation's fields, one declaration each: the API name of every input, its zod rule
 * (type and range), whether it is required, its documented default, whether it is a secret, and
 * whether UpdateAIConversation can change it on a running task. The zod schemas, the normalized
 * types, the defaults, the secret paths, the Start and Update request bodies and the diff's
 * in-place classification are all derived from these tables. A type-level test
 * (test/unit/provider/fields.spec.ts) fails to compile when SDK 4.1.313's request models have a
 * field that is neither here nor on a "left out, because" list, or when the documented Args in
 * resource.ts disagree with a table.
 *
 * Sources: SDK models `StartAIConversationRequest`, `AgentConfig`, `STTConfig`,
 * `UpdateAIConversationRequest` (tencentcloud-sdk-nodejs 4.1.313, trtc_models.d.ts); intl pages
 * 647/64963 (Start) and 647/64962 (Update: "not filled in: not updated"); the LLMConfig and
 * TTSConfig keys per vendor from 647/115413, 647/115414 and trtc.io 68338, 68340, 79680-79688.
 */
import { z } from "zod";
import {
  hotWordList,
  httpUrl,
  intIn,
  jsonObjectText,
  nonEmpty,
  numberIn,
  objectOrJsonText,
  oneOf,
  roomIdRule,
  sessionIdRule,
  userId,
} from "./rules";
import { REGIONS } from "../trtc/constants";

/**
 * The documentation of one field: the one source of its TSDoc (provider/args.generated.ts), its
 * description in the package schema (schema.json) and so in the generated SDKs' docs. Both are
 * written by `npm run schema` (scripts/schema.ts).
 */
export interface FieldDoc {
  /**
   * What the field is, in Markdown, with its allowed range or values: the schema has no way to
   * say "1 to 86400", so the description must (a unit test checks every range rule's bounds
   * appear in it).
   */
  readonly description: string;
  /**
   * The default in words, for a field whose default is worked out rather than one value in the
   * table's `default` (e.g. "the stack's `trtc:region`, else …"). Shown as `@default` in TSDoc.
   */
  readonly defaultDoc?: string;
  /** For a field whose rule is a set of literal values: its enum type in the schema. */
  readonly enum?: EnumDoc;
}

/** The enum type of a literal-valued field in the package schema. */
export interface EnumDoc {
  /** The enum's type name (`trtc:index:<name>`). */
  readonly name: string;
  /**
   * A member name for each value. Required for numeric values, which are not identifiers (the
   * SDK generators name members after the value otherwise).
   */
  readonly members?: Readonly<Record<string, string>>;
}

/** The object type of a field whose value is an object (or an array of objects). */
export interface ObjectDoc {
  /** The type's name: `trtc:index:<name>` in the schema, `<name>Args` in TypeScript. */
  readonly name: string;
  /** What the object is. */
  readonly description: string;
  /** Each member's documentation, keyed as in the field's zod rule. */
  readonly members: Readonly<Record<string, FieldDoc>>;
}

/** One input field: how it is checked, how it is sent to the API, and what it is. */
export interface InputField extends FieldDoc {
  /** The field's name in the API request; absent for inputs the API does not take. */
  readonly api?: string;
  /** The zod rule its value must pass. */
  readonly rule: z.ZodType;
  /** `check()` fails when it is missing. */
  readonly required?: true;
  /** UpdateAIConversation can change it on a running task. */
  readonly updatable?: true;
  /** Its value is a secret: marked secret field by field, scrubbed from errors. */
  readonly secret?: true;
  /** Input key -> API key of a nested struct (sent with only the keys given). */
  readonly struct?: Readonly<Record<string, string>>;
  /**
   * The API's documented default. The request carries it when the input has none; state stores
   * only what the user gave (a smaller state is less for the engine to write at every step), and
   * the diff compares values with their defaults, so neither giving the default explicitly nor a
   * later change of it replaces a bot. Top-level defaults that name where a bot lives (region,
   * roomIdType) are filled in by `check()` instead and recorded in `defaultsApplied`.
   */
  readonly default?: unknown;
  /** Why an input is not an API field (what the provider does with it instead). */
  readonly why?: string;
  /** What a field that accepts several forms takes, in words, for its error message. */
  readonly hint?: string;
  /**
   * It says how the provider works, not what the bot is: the diff never compares it (a change
   * of it alone is no change).
   */
  readonly behaviour?: true;
  /** The documentation of an object-valued field's type (a struct, or the items of an array). */
  readonly object?: ObjectDoc;
}

/** An input field that is sent to the API under its own name. */
export type ApiField = InputField & { readonly api: string };

/** A table of input fields, keyed by input name. */
export type FieldTable = Readonly<Record<string, InputField>>;

/** `agentConfig` inputs: AgentConfig fields, and two the provider uses to make a UserSig. */
export const AGENT_FIELDS = {
  userId: {
    api: "UserId",
    rule: userId(),
    required: true,
    description:
      "The bot's TRTC UserId: 1–32 letters, digits, `_` or `-`; must not collide with any user in the room. Two bots with the same UserId in one room interrupt each other.",
  },
  userSig: {
    api: "UserSig",
    rule: nonEmpty(8192),
    secret: true,
    description: "A UserSig for `userId` (secret). Set this or `userSigSecret`.",
  },
  userSigSecret: {
    rule: nonEmpty(1024),
    secret: true,
    why: "the app's SDK secret key: the provider makes the UserSig from it at create time",
    description:
      "The app's SDK secret key (secret): the provider makes a fresh UserSig at create time; it is never stored. Set this or `userSig`.",
  },
  userSigExpireSeconds: {
    rule: intIn(300, 50 * 365 * 86400, " seconds"),
    why: "the lifetime of the UserSig the provider makes",
    description:
      "Lifetime of a UserSig made from `userSigSecret`, in seconds (300 to 50 years, 1576800000). The default is the TRTC console's: a bot can outlive a day, and a bot that must present an expired UserSig again (e.g. to rejoin the room) would drop. The default is not stored: a bot started under an earlier default keeps running.",
    defaultDoc: "15552000 (180 days)",
  },
  targetUserId: {
    api: "TargetUserId",
    rule: userId(),
    required: true,
    description:
      "The user whose audio the bot listens to (1–32 letters, digits, `_`, `-`; not `userId`).",
  },
  maxIdleTime: {
    api: "MaxIdleTime",
    rule: intIn(1, 86400, " seconds"),
    default: 60,
    description:
      "Seconds with nobody streaming in the room after which TRTC stops the bot (1–86400).",
  },
  welcomeMessage: {
    api: "WelcomeMessage",
    rule: z.string().max(2000, { error: "It must be at most 2000 characters long." }),
    updatable: true,
    description: "What the bot says when it joins (at most 2000 characters).",
  },
  interruptMode: {
    api: "InterruptMode",
    rule: oneOf([0, 1] as const),
    updatable: true,
    default: 0,
    description:
      "0: the server interrupts the bot when the user speaks; 1: the client sends interrupt signalling.",
    enum: { name: "InterruptMode", members: { 0: "Server", 1: "Client" } },
  },
  interruptSpeechDuration: {
    api: "InterruptSpeechDuration",
    rule: intIn(0, 60000, " milliseconds"),
    updatable: true,
    default: 500,
    description:
      "With `interruptMode` 0: milliseconds of user speech that interrupt the bot (0–60000).",
  },
  turnDetectionMode: {
    api: "TurnDetectionMode",
    rule: oneOf([0, 1, 3] as const),
    default: 0,
    description:
      "0: a new turn after the server's speech recognition ends a sentence; 1: the client triggers turns; 3: semantic (see `turnDetection`).",
    enum: { name: "TurnDetectionMode", members: { 0: "Server", 1: "Client", 3: "Semantic" } },
  },
  filterOneWord: {
    api: "FilterOneWord",
    rule: z.boolean(),
    default: true,
    description: "Ignore one-word utterances.",
  },
  welcomeMessagePriority: {
    api: "WelcomeMessagePriority",
    rule: oneOf([0, 1] as const),
    default: 0,
    description: "0 normal, 1 high (the welcome message cannot be interrupted).",
    enum: { name: "WelcomeMessagePriority", members: { 0: "Normal", 1: "High" } },
  },
  filterBracketsContent: {
    api: "FilterBracketsContent",
    rule: oneOf([1, 2, 3, 4, 5] as const),
    description:
      "Do not speak text in brackets: 1 （）, 2 (), 3 【】, 4 [], 5 {}. Default: no filtering.",
    enum: {
      name: "FilterBracketsContent",
      members: {
        1: "FullWidthParentheses",
        2: "Parentheses",
        3: "LenticularBrackets",
        4: "SquareBrackets",
        5: "CurlyBrackets",
      },
    },
  },
  ambientSound: {
    api: "AmbientSound",
    struct: { scene: "Scene", volume: "Volume" },
    rule: z.strictObject({
      scene: oneOf(["coffee_shops", "busy_office", "street_traffic", "evening_mountain"] as const),
      volume: numberIn(0, 2).optional(),
    }),
    description: "Ambient sound.",
    object: {
      name: "AmbientSound",
      description: "Ambient sound mixed under the bot's voice.",
      members: {
        scene: {
          description:
            "Scene: `coffee_shops`, `busy_office`, `street_traffic` or `evening_mountain`.",
          enum: { name: "AmbientSoundScene" },
        },
        volume: { description: "Volume, 0 to 2.", defaultDoc: "1" },
      },
    },
  },
  voicePrint: {
    api: "VoicePrint",
    struct: { mode: "Mode", idList: "IdList" },
    rule: z.strictObject({
      mode: oneOf([0, 1] as const).optional(),
      idList: z
        .array(nonEmpty(256))
        .max(1, { error: "Only one voiceprint id is supported." })
        .optional(),
    }),
    description: "Voiceprint recognition.",
    object: {
      name: "VoicePrint",
      description: "Voiceprint recognition (only the enrolled speaker is answered).",
      members: {
        mode: {
          description: "0 off, 1 on.",
          defaultDoc: "0",
          enum: { name: "VoicePrintMode", members: { 0: "Off", 1: "On" } },
        },
        idList: { description: "Voiceprint ids; one is supported." },
      },
    },
  },
  turnDetection: {
    api: "TurnDetection",
    struct: { semanticEagerness: "SemanticEagerness" },
    rule: z.strictObject({
      semanticEagerness: oneOf(["low", "medium", "high", "auto"] as const).optional(),
    }),
    description: "Semantic turn detection settings.",
    object: {
      name: "TurnDetection",
      description: "Semantic turn detection, used when `turnDetectionMode` is 3.",
      members: {
        semanticEagerness: {
          description:
            "How eagerly a pause ends the user's turn: `low`, `medium`, `high` or `auto` (= medium).",
          defaultDoc: '"auto"',
          enum: { name: "SemanticEagerness" },
        },
      },
    },
  },
  subtitleMode: {
    api: "SubtitleMode",
    rule: oneOf([0, 1] as const),
    description:
      "0: subtitles as soon as possible (full text each time); 1: per sentence, in sync with the audio (incremental).",
    enum: { name: "SubtitleMode", members: { 0: "Immediate", 1: "Sentence" } },
  },
  interruptWordList: {
    api: "InterruptWordList",
    rule: z.array(nonEmpty(64)).max(100, { error: "At most 100 words." }),
    description:
      "Only these words interrupt the bot while it speaks; they do not trigger a reply (at most 100).",
  },
} as const satisfies FieldTable;

/** `sttConfig` inputs: STTConfig fields. */
export const STT_FIELDS = {
  language: {
    api: "Language",
    rule: nonEmpty(64),
    description: "Recognition language, e.g. `zh`, `en`, `ja`, `zh-TW`. API default `zh`.",
  },
  alternativeLanguage: {
    api: "AlternativeLanguage",
    rule: z.array(nonEmpty(64)).max(3, { error: "At most 3 languages." }),
    description:
      "Up to 3 further languages for mixed recognition (billed as advanced recognition).",
  },
  customParam: {
    api: "CustomParam",
    rule: jsonObjectText(),
    secret: true,
    description:
      'JSON text configuring a third-party recognizer, e.g. `{"STTType":"deepgram","ApiKey":"…"}` (secret).',
  },
  vadSilenceTime: {
    api: "VadSilenceTime",
    rule: intIn(240, 2000, " milliseconds"),
    description: "Silence that ends a sentence, in milliseconds (240–2000). API default 1000.",
  },
  hotWordList: {
    api: "HotWordList",
    rule: hotWordList(),
    description: "Hot words, `word|weight,…` (weight 1–11 or 100; at most 128 words).",
  },
  vadLevel: {
    api: "VadLevel",
    rule: intIn(0, 5),
    description: "Voice activity detection level, 0–5 (2 recommended). API default 0.",
  },
} as const satisfies FieldTable;

/**
 * Top-level inputs. The four config groups are checked by their own tables (their rule here
 * only says "present"); `roomIdType` and `region` get defaults that `check()` works out.
 */
export const START_FIELDS = {
  sdkAppId: {
    api: "SdkAppId",
    rule: intIn(1, 4294967295),
    required: true,
    description: "The TRTC application's SdkAppId (1–4294967295).",
  },
  roomId: {
    api: "RoomId",
    rule: roomIdRule(),
    required: true,
    hint: "Expected a whole number from 1 to 4294967294, or a string of 1 to 64 characters.",
    description:
      "The room: a number (1–4294967294) or a string room of 1–64 of `a-z A-Z 0-9`, space and `! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,` (TRTC's string-room rule).",
  },
  roomIdType: {
    api: "RoomIdType",
    rule: oneOf([0, 1] as const),
    description:
      '0 numeric room, 1 string room. Required when `roomId` is an all-digit string (e.g. read from stack config): `"123"` could be the numeric room 123 or the string room "123", which are different rooms in TRTC.',
    defaultDoc: "0 for a numeric roomId, 1 for a string that is not all digits",
    enum: { name: "RoomIdType", members: { 0: "Numeric", 1: "String" } },
  },
  sessionId: {
    api: "SessionId",
    rule: sessionIdRule(),
    description:
      "Caller-chosen unique id of this conversation (1–128 of letters, digits, `_ . : -`). By default the provider derives one from the stack, the resource name and the configuration; it is the idempotency key that keeps a retried create from starting a second bot.",
  },
  region: {
    rule: oneOf(REGIONS),
    why: "sent as the X-TC-Region header of every call",
    description:
      "Region of the bot: one where the account's site (`trtc:site`) serves Start, Describe and Stop; with no site set, one both sites serve (ap-guangzhou, ap-singapore, ap-tokyo, na-siliconvalley). The bot stays there for its whole life.",
    defaultDoc: "the stack's `trtc:region`, else `TENCENTCLOUD_REGION`, else `ap-guangzhou`",
    enum: { name: "Region" },
  },
  agentConfig: {
    api: "AgentConfig",
    rule: z.unknown(),
    description: "The bot's identity and behaviour.",
  },
  sttConfig: { api: "STTConfig", rule: z.unknown(), description: "Speech recognition." },
  llmConfig: { api: "LLMConfig", rule: z.unknown(), updatable: true, description: "The LLM." },
  ttsConfig: { api: "TTSConfig", rule: z.unknown(), updatable: true, description: "The voice." },
  avatarConfig: {
    api: "AvatarConfig",
    rule: objectOrJsonText(),
    hint: "Expected an object or a string of JSON text.",
    description:
      "Digital-human configuration (allow-listed accounts only): an object or JSON text, sent as JSON text.",
  },
  experimentalParams: {
    api: "ExperimentalParams",
    rule: objectOrJsonText(),
    hint: "Expected an object or a string of JSON text.",
    description:
      "Experimental parameters agreed with Tencent: an object or JSON text, sent as JSON text.",
  },
  updateInPlace: {
    rule: z.boolean(),
    behaviour: true,
    why: "how changes are applied (UpdateAIConversation or a replacement)",
    description:
      "Change the running bot instead of replacing it when only what UpdateAIConversation can change differs: `agentConfig.welcomeMessage`, `interruptMode`, `interruptSpeechDuration`, `llmConfig` and `ttsConfig` (sent whole). Why: the person in the room keeps talking, with no drop and no new greeting. Removing one of the three agent fields, or any other change, still replaces; Describe cannot show the running configuration, so a change made elsewhere (the console) is not seen. Turning it on or off alone is no change.",
    defaultDoc: "false",
  },
  adoptTaskId: {
    rule: nonEmpty(256),
    behaviour: true,
    why: "a running task the first create takes over",
    description:
      "A running task (Idle, Preparing or InProgress, in this bot's region) that the create takes over instead of starting a new bot; `destroy` then stops it. Why: a bot started by hand or by a script comes under management (`pulumi import` does not work for dynamic providers). One-shot: remove it after the first successful `up`. While it is set, a change that would replace the bot fails at preview (the replacement would stop the adopted bot), and a create after the task ended (refresh, destroy) fails instead of starting a new bot. Changing or removing it is no change. Checked: the task runs in this region, belongs to `sdkAppId`, runs under `sessionId` when one is given, and was not started by another pulumi-trtc resource (see `adoptFromAnotherStack`). Taken on trust: the room, the bot UserId and the running configuration (Describe returns none of them); the first in-place update then sends every field it can change, so the bot follows these inputs.",
  },
  adoptFromAnotherStack: {
    rule: z.boolean(),
    behaviour: true,
    why: "lets adoptTaskId take over a task another pulumi-trtc resource started",
    description:
      "With `adoptTaskId`: take over a task although its SessionId (`pt-…`) shows that another pulumi-trtc resource started it, e.g. the bot of a stack removed without `destroy`. Whatever else manages the task stops it on its own `destroy`.",
    defaultDoc: "false",
  },
} as const satisfies FieldTable;

/** Top-level inputs the provider adds itself, never written by users. */
export const TOP_BOOKKEEPING = {
  sessionScope: {
    rule: z.string(),
    why: "project/stack/name: the seed of a derived SessionId",
    description: "`project/stack/name` of the resource, the seed of a derived SessionId.",
  },
  defaultsApplied: {
    rule: z.unknown(),
    why: "the paths check() filled in with defaults",
    description: "The paths `check()` filled in with defaults.",
  },
} as const satisfies FieldTable;

/** UpdateAIConversation fields that are not inputs, and why. */
export const UPDATE_LEFT_OUT = {
  TaskId: "the resource's id (the task Start returned)",
} as const;

/**
 * LLMConfig keys every LLM type takes (647/115413; the API checks the numeric ones for dify and
 * coze as for openai).
 */
const LLM_COMMON = {
  apiKey: {
    api: "APIKey",
    rule: nonEmpty(),
    required: true,
    secret: true,
    description: "The LLM API key (secret).",
  },
  apiUrl: {
    api: "APIUrl",
    rule: httpUrl(),
    required: true,
    description: "The full endpoint URL (http:// or https://).",
  },
  streaming: {
    api: "Streaming",
    rule: z.boolean(),
    description: "Stream the LLM's answer (recommended).",
  },
  systemPrompt: {
    api: "SystemPrompt",
    rule: z.string().max(100_000, { error: "It is too long." }),
    description: "System prompt (at most 100000 characters).",
  },
  timeout: {
    api: "Timeout",
    rule: numberIn(1, 50, " seconds"),
    description: "LLM timeout in seconds (1–50). API default 3.",
  },
  history: {
    api: "History",
    rule: intIn(0, 50, " rounds"),
    description: "Rounds of history sent to the LLM (0–50). API default 0.",
  },
  historyMode: {
    api: "HistoryMode",
    rule: oneOf([0, 1] as const),
    description: "1: keep the context in sync with the audio actually played. API default 0.",
    enum: { name: "HistoryMode", members: { 0: "Generated", 1: "Played" } },
  },
  maxTokens: {
    api: "MaxTokens",
    rule: intIn(1, 1_000_000),
    description: "Maximum tokens of an answer (1–1000000).",
  },
  temperature: {
    api: "Temperature",
    rule: numberIn(0, 2),
    description: "Sampling temperature (0–2).",
  },
  topP: { api: "TopP", rule: numberIn(0, 1), description: "Nucleus sampling (0–1)." },
  extraBody: {
    api: "ExtraBody",
    rule: z.record(z.string(), z.unknown()),
    description:
      "Extra fields merged into the LLM request body, as written (e.g. `{ enable_thinking: false }`).",
  },
  userMessages: {
    api: "UserMessages",
    struct: { role: "Role", content: "Content" },
    rule: z.array(z.strictObject({ role: nonEmpty(64), content: z.string() })),
    description: "Messages prepended to the conversation.",
    object: {
      name: "LlmUserMessage",
      description: "A message prepended to the conversation.",
      members: {
        role: { description: "The message's role, e.g. `user` or `assistant` (1–64 characters)." },
        content: { description: "The message's text." },
      },
    },
  },
  metaInfo: {
    api: "MetaInfo",
    rule: z.record(z.string(), z.unknown()),
    description: "Object merged into the request body.",
  },
} as const satisfies FieldTable;

/** LLMConfig keys per `llmType` (openai 647/115413, dify trtc.io 79680, coze 647/79681). */
export const LLM_VENDORS = {
  openai: {
    ...LLM_COMMON,
    model: {
      api: "Model",
      rule: nonEmpty(256),
      required: true,
      description: "Model name, e.g. `gpt-4o-mini`.",
    },
  },
  dify: {
    ...LLM_COMMON,
    inputs: {
      api: "Inputs",
      rule: z.record(z.string(), z.unknown()),
      description: "Dify `inputs`.",
    },
    user: { api: "User", rule: z.string(), description: "Dify `user`." },
    conversationId: {
      api: "ConversationId",
      rule: z.string(),
      description: 'Dify conversation id ("" = a new conversation).',
    },
  },
  coze: {
    ...LLM_COMMON,
    botId: {
      api: "BotId",
      rule: nonEmpty(256),
      required: true,
      description: "The Coze bot id.",
    },
    userId: { api: "UserId", rule: z.string(), description: "Coze user id." },
    // Coze names its conversation field in snake case (647/79681).
    conversationId: {
      api: "conversation_id",
      rule: z.string(),
      description: "Coze conversation id (sent as `conversation_id`).",
    },
  },
} as const satisfies Readonly<Record<string, FieldTable>>;

/** The TTS keys Cartesia and ElevenLabs share (trtc.io 79684, 79685). */
const KEYED_VOICE = {
  model: { api: "Model", rule: nonEmpty(128), required: true, description: "The TTS model." },
  apiKey: {
    api: "APIKey",
    rule: nonEmpty(),
    required: true,
    secret: true,
    description: "API key (secret).",
  },
  voiceId: { api: "VoiceId", rule: nonEmpty(256), required: true, description: "Voice id." },
} as const satisfies FieldTable;

/** TTSConfig keys per `ttsType` (647/115414; trtc.io 68340 and 79683-79688). */
export const TTS_VENDORS = {
  flow: {
    voiceId: {
      api: "VoiceId",
      rule: nonEmpty(256),
      required: true,
      description: "Voice id, e.g. `v-female-R2s4N9qJ`.",
    },
    model: {
      api: "Model",
      rule: nonEmpty(128),
      required: true,
      description: "Model, e.g. `flow_01_turbo`.",
    },
    speed: {
      api: "Speed",
      rule: numberIn(0.5, 2),
      description: "Speed, 0.5–2.0. API default 1.0.",
    },
    volume: {
      api: "Volume",
      rule: numberIn(0, 10),
      description:
        "Volume, 0–10 (SDK model and trtc.io 68340). API default 1.0. The China page (647/115414) gives (0, 1]: on the China site, keep it above 0 and at most 1.",
    },
    pitch: {
      api: "Pitch",
      rule: intIn(-12, 12),
      description: "Pitch in semitones, −12–12. API default 0.",
    },
    language: { api: "Language", rule: nonEmpty(16), description: "`zh`, `en` or `yue`." },
  },
  tencent: {
    // A number on the Start page (SEED: "Integer Required"), a string on trtc.io 68340
    // ("String, required"): either is sent as written.
    appId: {
      api: "AppId",
      rule: z.union([intIn(1, Number.MAX_SAFE_INTEGER), nonEmpty(64)]),
      required: true,
      hint: "Expected the Tencent Cloud TTS AppId: a whole number, or a string of 1 to 64 characters.",
      description:
        "The Tencent Cloud TTS AppId: a whole number (1 or more) or a string of 1–64 characters (the pages show both), sent as written.",
    },
    secretId: {
      api: "SecretId",
      rule: nonEmpty(256),
      required: true,
      secret: true,
      description: "Tencent Cloud SecretId for TTS (secret).",
    },
    secretKey: {
      api: "SecretKey",
      rule: nonEmpty(256),
      required: true,
      secret: true,
      description: "Tencent Cloud SecretKey for TTS (secret).",
    },
    voiceType: {
      api: "VoiceType",
      rule: intIn(0, Number.MAX_SAFE_INTEGER),
      required: true,
      description: "The voice's VoiceType id (a whole number, 0 or more).",
    },
    speed: { api: "Speed", rule: numberIn(-2, 6), description: "−2–6 (0 = 1.0×)." },
    volume: { api: "Volume", rule: numberIn(0, 10), description: "0–10." },
    primaryLanguage: {
      api: "PrimaryLanguage",
      rule: z.union([z.string(), z.number()]),
      description: "Primary language of the voice, a number or a string, sent as written.",
    },
    fastVoiceType: {
      api: "FastVoiceType",
      rule: z.string(),
      description: "A custom (fast-cloned) voice's id.",
    },
  },
  minimax: {
    model: { api: "Model", rule: nonEmpty(128), required: true, description: "The TTS model." },
    apiUrl: {
      api: "APIUrl",
      rule: httpUrl(),
      required: true,
      description: "The MiniMax API URL (http:// or https://).",
    },
    apiKey: {
      api: "APIKey",
      rule: nonEmpty(),
      required: true,
      secret: true,
      description: "API key (secret).",
    },
    groupId: {
      api: "GroupId",
      rule: nonEmpty(256),
      required: true,
      description: "The MiniMax GroupId.",
    },
    voiceType: {
      api: "VoiceType",
      rule: nonEmpty(256),
      required: true,
      description: "The MiniMax voice id.",
    },
    speed: { api: "Speed", rule: numberIn(0.5, 2), description: "0.5–2.0." },
  },
  azure: {
    subscriptionKey: {
      api: "SubscriptionKey",
      rule: nonEmpty(),
      required: true,
      secret: true,
      description: "Subscription key (secret).",
    },
    region: {
      api: "Region",
      rule: nonEmpty(64),
      required: true,
      description: "The Azure region of the subscription, e.g. `eastasia`.",
    },
    voiceName: {
      api: "VoiceName",
      rule: nonEmpty(256),
      required: true,
      description: "The Azure voice name.",
    },
    language: {
      api: "Language",
      rule: nonEmpty(32),
      required: true,
      description: "The voice's language, e.g. `en-US`.",
    },
    rate: { api: "Rate", rule: numberIn(0.5, 2), description: "0.5–2." },
  },
  cartesia: KEYED_VOICE,
  elevenlabs: KEYED_VOICE,
  inworld: {
    apiKey: {
      api: "APIKey",
      rule: nonEmpty(),
      required: true,
      secret: true,
      description: "API key (secret).",
    },
    voiceId: { api: "VoiceId", rule: nonEmpty(256), required: true, description: "Voice id." },
    modelId: {
      api: "ModelId",
      rule: nonEmpty(128),
      required: true,
      description: "The Inworld TTS model id.",
    },
    temperature: {
      api: "Temperature",
      rule: numberIn(0, 2),
      description: "Sampling temperature (0–2).",
    },
  },
  custom: {
    apiKey: {
      api: "APIKey",
      rule: nonEmpty(),
      required: true,
      secret: true,
      description: "API key (secret).",
    },
    apiUrl: {
      api: "APIUrl",
      rule: httpUrl(),
      required: true,
      description: "Your TTS service's URL (http:// or https://).",
    },
    audioFormat: {
      api: "AudioFormat",
      rule: oneOf(["pcm", "wav"] as const),
      description: "`pcm` or `wav`. API default `wav`.",
      enum: { name: "AudioFormat" },
    },
    sampleRate: {
      api: "SampleRate",
      rule: intIn(8000, 48000, " Hz"),
      description: "Hz (8000–48000). API default 16000.",
    },
    audioChannel: {
      api: "AudioChannel",
      rule: oneOf([1, 2] as const),
      description: "1 or 2. API default 1.",
      enum: { name: "AudioChannel", members: { 1: "Mono", 2: "Stereo" } },
    },
  },
} as const satisfies Readonly<Record<string, FieldTable>>;

/** LLM providers the `llmConfig.llmType` discriminator accepts. */
export const LLM_TYPES = Object.keys(LLM_VENDORS) as (keyof typeof LLM_VENDORS)[];

/** TTS providers the `ttsConfig.ttsType` discriminator accepts. */
export const TTS_TYPES = Object.keys(TTS_VENDORS) as (keyof typeof TTS_VENDORS)[];

/** The API name of each vendor discriminator. */
export const VENDOR_TYPE_KEYS = {
  llmConfig: { key: "llmType", api: "LLMType" },
  ttsConfig: { key: "ttsType", api: "TTSType" },
} as const;

/** The documentation of a config group's object type (`agentConfig`, `sttConfig`). */
export interface GroupDoc {
  /** The type's name: `trtc:index:<name>` in the schema, `<name>Args` in TypeScript. */
  readonly name: string;
  /** What the group is. */
  readonly description: string;
  /** The resource cannot be created without it (`check()` says so; its table rule cannot). */
  readonly required?: true;
}

/** The object types of `agentConfig` and `sttConfig`, whose fields are AGENT_FIELDS and STT_FIELDS. */
export const GROUP_DOCS = {
  agentConfig: {
    name: "AgentConfig",
    description:
      "The bot's identity and conversation behaviour (API `AgentConfig`). Changing any field replaces the bot.",
    required: true,
  },
  sttConfig: {
    name: "SttConfig",
    description: "Speech recognition (API `STTConfig`). Changing any field replaces the bot.",
  },
} as const satisfies Readonly<Record<"agentConfig" | "sttConfig", GroupDoc>>;

/** The documentation of one vendor's config type. */
export interface VendorDoc {
  /** The type's name: `trtc:index:<name>` in the schema, `<name>Args` in TypeScript. */
  readonly name: string;
  /** What the vendor is. */
  readonly description: string;
  /** The TypeScript interface, when vendors with the same keys share one (name with `Args`). */
  readonly args?: { readonly name: string; readonly description: string };
}

/** The documentation of a vendor config group (`llmConfig`, `ttsConfig`) and of each vendor. */
export interface VendorGroupDoc extends GroupDoc {
  /** What the discriminator (`llmType`, `ttsType`) is. */
  readonly typeKeyDescription: string;
  /** Each vendor's type, by the discriminator's value. */
  readonly vendors: Readonly<Record<string, VendorDoc>>;
}

/** Why vendor configs take keys this package does not list. */
const EXTRA_KEYS =
  "Keys not listed are sent to the API verbatim, e.g. a field newer than this package (the TypeScript Args allow them; the generated SDKs' types name only the listed ones).";

/** The LLM and TTS config groups: one type per vendor, told apart by `llmType` / `ttsType`. */
export const VENDOR_GROUP_DOCS = {
  llmConfig: {
    name: "LlmConfig",
    description: `The LLM (API \`LLMConfig\`, sent as JSON text), by \`llmType\`. Changing any field replaces the bot. ${EXTRA_KEYS}`,
    required: true,
    typeKeyDescription: "Which LLM API the bot calls.",
    vendors: {
      openai: {
        name: "OpenAiLlmConfig",
        description: "An OpenAI-compatible LLM (OpenAI, DeepSeek, Gemini, Hunyuan, MiniMax…).",
      },
      dify: { name: "DifyLlmConfig", description: "A Dify app as the LLM." },
      coze: { name: "CozeLlmConfig", description: "A Coze bot as the LLM." },
    },
  },
  ttsConfig: {
    name: "TtsConfig",
    description: `The voice (API \`TTSConfig\`, sent as JSON text), by \`ttsType\`. Changing any field replaces the bot. ${EXTRA_KEYS}`,
    required: true,
    typeKeyDescription: "Which text-to-speech service speaks for the bot.",
    vendors: {
      flow: { name: "FlowTtsConfig", description: "TRTC's built-in voices." },
      tencent: { name: "TencentTtsConfig", description: "Tencent Cloud TTS (legacy)." },
      minimax: { name: "MinimaxTtsConfig", description: "MiniMax TTS." },
      azure: { name: "AzureTtsConfig", description: "Azure TTS." },
      cartesia: {
        name: "CartesiaTtsConfig",
        description: "Cartesia TTS.",
        args: { name: "KeyedVoiceTtsConfigArgs", description: "Cartesia or ElevenLabs TTS." },
      },
      elevenlabs: {
        name: "ElevenlabsTtsConfig",
        description: "ElevenLabs TTS.",
        args: { name: "KeyedVoiceTtsConfigArgs", description: "Cartesia or ElevenLabs TTS." },
      },
      inworld: { name: "InworldTtsConfig", description: "Inworld TTS." },
      custom: {
        name: "CustomTtsConfig",
        description: "Your own TTS service implementing TRTC's custom TTS protocol.",
      },
    },
  },
} as const satisfies {
  llmConfig: VendorGroupDoc & { vendors: Record<keyof typeof LLM_VENDORS, VendorDoc> };
  ttsConfig: VendorGroupDoc & { vendors: Record<keyof typeof TTS_VENDORS, VendorDoc> };
};

/** The resource's documentation: its Args interface's and the schema's. */
export const RESOURCE_DOC = {
  name: "AIConversation",
  argsDescription:
    "Inputs of an {@link AIConversation}. Changing any of them replaces the bot, except what `updateInPlace` updates.",
  description:
    "A TRTC AI conversation: a voice bot (speech recognition → your LLM → text-to-speech) that joins a TRTC room and talks with a user there. Create starts it (StartAIConversation) and waits until it runs; destroy stops it. A change of configuration replaces it (the old bot is stopped first, then a new one starts), except the changes UpdateAIConversation can make when `updateInPlace` is set: which inputs replace therefore depends on `updateInPlace` and on the change, and no input is marked as always replacing. Credentials come from the provider's configuration (`trtc:secretId`, `trtc:secretKey`) or from `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY`.",
} as const;

/** The value a table's field normalizes to. */
type ValueOf<F> = F extends { rule: infer R extends z.ZodType } ? z.output<R> : never;
/** Keys of a table that are always present after `check()`: the required ones. */
type PresentKeys<T> = {
  [K in keyof T]: T[K] extends { required: true } ? K : never;
}[keyof T];

/** A table's inputs after `check()`: required fields present, others (defaulted too) optional. */
export type Normalized<T> = { -readonly [K in PresentKeys<T>]: ValueOf<T[K]> } & {
  -readonly [K in Exclude<keyof T, PresentKeys<T>>]?: ValueOf<T[K]>;
};

/** The zod shape of a table: each field's rule, optional unless required. */
function shapeOf(table: FieldTable): Record<string, z.ZodType> {
  return Object.fromEntries(
    Object.entries(table).map(([k, f]) => [k, f.required ? f.rule : f.rule.optional()]),
  );
}

/** The strict zod schema of a table (unknown keys fail). */
export function strictSchemaOf(table: FieldTable): z.ZodObject {
  return z.strictObject(shapeOf(table));
}

/**
 * The loose zod schema of one vendor's LLM or TTS config: its own keys checked, unknown keys
 * passed to the API as written (so a field Tencent adds needs no release).
 */
export function vendorSchemaOf(
  group: keyof typeof VENDOR_TYPE_KEYS,
  type: string,
): z.ZodObject | undefined {
  const table = vendorTable(group, type);
  if (!table) return undefined;
  return z.looseObject({ [VENDOR_TYPE_KEYS[group].key]: z.literal(type), ...shapeOf(table) });
}

/** The vendor tables of a config group, by vendor type. */
function vendorsOf(group: keyof typeof VENDOR_TYPE_KEYS): Readonly<Record<string, FieldTable>> {
  return group === "llmConfig" ? LLM_VENDORS : TTS_VENDORS;
}

/** The key table of one vendor of a config group, if it is one. */
export function vendorTable(
  group: keyof typeof VENDOR_TYPE_KEYS,
  type: string,
): FieldTable | undefined {
  const vendors = vendorsOf(group);
  return Object.prototype.hasOwnProperty.call(vendors, type) ? vendors[type] : undefined;
}

/** vendorApiNames' answers by group and vendor ("" for a type no vendor table knows). */
const apiNamesByVendor = new Map<string, Readonly<Record<string, string>>>();

/**
 * Input key -> API key for a vendor's config. Keys another vendor of the group knows are renamed
 * too (as earlier releases did), the vendor's own names winning; other keys are sent as written.
 * Built once per vendor: the tables are constants, and every create and check asks.
 */
export function vendorApiNames(
  group: keyof typeof VENDOR_TYPE_KEYS,
  type: string,
): Readonly<Record<string, string>> {
  const own = vendorTable(group, type);
  const key = `${group}:${own ? type : ""}`;
  let names = apiNamesByVendor.get(key);
  if (!names) {
    // No prototype: an unknown key such as `constructor` must find nothing here.
    const built: Record<string, string> = Object.create(null);
    for (const table of Object.values(vendorsOf(group))) {
      for (const [k, f] of Object.entries(table)) if (f.api && !(k in built)) built[k] = f.api;
    }
    for (const [k, f] of Object.entries(own ?? {})) if (f.api) built[k] = f.api;
    built[VENDOR_TYPE_KEYS[group].key] = VENDOR_TYPE_KEYS[group].api;
    names = Object.freeze(built);
    apiNamesByVendor.set(key, names);
  }
  return names;
}

/**
 * The field at a dot path of the inputs (`roomId`, `agentConfig.userId`, `ttsConfig.appId`);
 * an LLM or TTS key is looked up in the table of the vendor `vendorType` names.
 */
export function fieldAt(path: string, vendorType?: unknown): InputField | undefined {
  const [group, key, ...rest] = path.split(".");
  if (rest.length > 0) return undefined;
  const own = (table: FieldTable, k: string) =>
    Object.prototype.hasOwnProperty.call(table, k) ? table[k] : undefined;
  if (key === undefined) return own(START_FIELDS, group);
  if (group === "agentConfig") return own(AGENT_FIELDS, key);
  if (group === "sttConfig") return own(STT_FIELDS, key);
  if (group === "llmConfig" || group === "ttsConfig") {
    const table = typeof vendorType === "string" ? vendorTable(group, vendorType) : undefined;
    return table && own(table, key);
  }
  return undefined;
}

/** Input key -> default, for the fields of a table that have one. */
export function defaultsOf(table: FieldTable): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(table)
      .filter(([, f]) => f.default !== undefined)
      .map(([k, f]) => [k, f.default]),
  );
}

/** Keys of a table that are configuration of the running bot (all but `behaviour` ones). */
export function configurationKeys(table: FieldTable): string[] {
  return Object.entries(table)
    .filter(([, f]) => !f.behaviour)
    .map(([k]) => k);
}

/** Keys of a table whose fields UpdateAIConversation can change. */
export function updatableKeys(table: FieldTable): string[] {
  return Object.entries(table)
    .filter(([, f]) => f.updatable)
    .map(([k]) => k);
}

/** Keys of a table whose values are secrets. */
function secretKeys(table: FieldTable): string[] {
  return Object.entries(table)
    .filter(([, f]) => f.secret)
    .map(([k]) => k);
}

/** Secret keys of the LLM and TTS configs, over every vendor of each. */
export const VENDOR_SECRET_KEYS = {
  llmConfig: [...new Set(Object.values(LLM_VENDORS).flatMap(secretKeys))],
  ttsConfig: [...new Set(Object.values(TTS_VENDORS).flatMap(secretKeys))],
} as const;

/** Dot paths (from the resource's inputs) of every secret value. */
export function secretPaths(): string[] {
  return [
    ...secretKeys(AGENT_FIELDS).map((k) => `agentConfig.${k}`),
    ...secretKeys(STT_FIELDS).map((k) => `sttConfig.${k}`),
    ...Object.entries(VENDOR_SECRET_KEYS).flatMap(([group, keys]) =>
      keys.map((k) => `${group}.${k}`),
    ),
  ];
}

/** Paths (dot-separated, from the resource's inputs) whose values are secrets. */
export const SECRET_PATHS: readonly string[] = secretPaths();

/**
 * The API object for a group of inputs: each input in `table` renamed to its API name (nested
 * structs too), `undefined` values left out; inputs the API does not take are not sent.
 */
export function toApiFields(
  inputs: Readonly<Record<string, unknown>>,
  table: FieldTable,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(table)) {
    const value = inputs[key];
    if (value === undefined || !field.api) continue;
    if (field.struct && value !== null && typeof value === "object") {
      const nested: Record<string, unknown> = {};
      for (const [inner, api] of Object.entries(field.struct)) {
        const v = (value as Record<string, unknown>)[inner];
        if (v !== undefined) nested[api] = v;
      }
      out[field.api] = nested;
    } else {
      out[field.api] = value;
    }
  }
  return out;
}
