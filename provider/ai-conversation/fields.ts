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

/** One input field: how it is checked, and how it is sent to the API. */
export interface InputField {
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
}

/** An input field that is sent to the API under its own name. */
export type ApiField = InputField & { readonly api: string };

/** A table of input fields, keyed by input name. */
export type FieldTable = Readonly<Record<string, InputField>>;

/** `agentConfig` inputs: AgentConfig fields, and two the provider uses to make a UserSig. */
export const AGENT_FIELDS = {
  userId: { api: "UserId", rule: userId(), required: true },
  userSig: { api: "UserSig", rule: nonEmpty(8192), secret: true },
  userSigSecret: {
    rule: nonEmpty(1024),
    secret: true,
    why: "the app's SDK secret key: the provider makes the UserSig from it at create time",
  },
  userSigExpireSeconds: {
    rule: intIn(300, 50 * 365 * 86400, " seconds"),
    why: "the lifetime of the UserSig the provider makes",
  },
  targetUserId: { api: "TargetUserId", rule: userId(), required: true },
  maxIdleTime: { api: "MaxIdleTime", rule: intIn(1, 86400, " seconds"), default: 60 },
  welcomeMessage: {
    api: "WelcomeMessage",
    rule: z.string().max(2000, { error: "It must be at most 2000 characters long." }),
    updatable: true,
  },
  interruptMode: {
    api: "InterruptMode",
    rule: oneOf([0, 1] as const),
    updatable: true,
    default: 0,
  },
  interruptSpeechDuration: {
    api: "InterruptSpeechDuration",
    rule: intIn(0, 60000, " milliseconds"),
    updatable: true,
    default: 500,
  },
  turnDetectionMode: { api: "TurnDetectionMode", rule: oneOf([0, 1, 3] as const), default: 0 },
  filterOneWord: { api: "FilterOneWord", rule: z.boolean(), default: true },
  welcomeMessagePriority: {
    api: "WelcomeMessagePriority",
    rule: oneOf([0, 1] as const),
    default: 0,
  },
  filterBracketsContent: { api: "FilterBracketsContent", rule: oneOf([1, 2, 3, 4, 5] as const) },
  ambientSound: {
    api: "AmbientSound",
    struct: { scene: "Scene", volume: "Volume" },
    rule: z.strictObject({
      scene: oneOf(["coffee_shops", "busy_office", "street_traffic", "evening_mountain"] as const),
      volume: numberIn(0, 2).optional(),
    }),
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
  },
  turnDetection: {
    api: "TurnDetection",
    struct: { semanticEagerness: "SemanticEagerness" },
    rule: z.strictObject({
      semanticEagerness: oneOf(["low", "medium", "high", "auto"] as const).optional(),
    }),
  },
  subtitleMode: { api: "SubtitleMode", rule: oneOf([0, 1] as const) },
  interruptWordList: {
    api: "InterruptWordList",
    rule: z.array(nonEmpty(64)).max(100, { error: "At most 100 words." }),
  },
} as const satisfies FieldTable;

/** `sttConfig` inputs: STTConfig fields. */
export const STT_FIELDS = {
  language: { api: "Language", rule: nonEmpty(64) },
  alternativeLanguage: {
    api: "AlternativeLanguage",
    rule: z.array(nonEmpty(64)).max(3, { error: "At most 3 languages." }),
  },
  customParam: { api: "CustomParam", rule: jsonObjectText(), secret: true },
  vadSilenceTime: { api: "VadSilenceTime", rule: intIn(240, 2000, " milliseconds") },
  hotWordList: { api: "HotWordList", rule: hotWordList() },
  vadLevel: { api: "VadLevel", rule: intIn(0, 5) },
} as const satisfies FieldTable;

/**
 * Top-level inputs. The four config groups are checked by their own tables (their rule here
 * only says "present"); `roomIdType` and `region` get defaults that `check()` works out.
 */
export const START_FIELDS = {
  sdkAppId: { api: "SdkAppId", rule: intIn(1, 4294967295), required: true },
  roomId: {
    api: "RoomId",
    rule: roomIdRule(),
    required: true,
    hint: "Expected a whole number from 1 to 4294967294, or a string of 1 to 64 characters.",
  },
  roomIdType: { api: "RoomIdType", rule: oneOf([0, 1] as const) },
  sessionId: { api: "SessionId", rule: sessionIdRule() },
  region: { rule: oneOf(REGIONS), why: "sent as the X-TC-Region header of every call" },
  agentConfig: { api: "AgentConfig", rule: z.unknown() },
  sttConfig: { api: "STTConfig", rule: z.unknown() },
  llmConfig: { api: "LLMConfig", rule: z.unknown(), updatable: true },
  ttsConfig: { api: "TTSConfig", rule: z.unknown(), updatable: true },
  avatarConfig: {
    api: "AvatarConfig",
    rule: objectOrJsonText(),
    hint: "Expected an object or a string of JSON text.",
  },
  experimentalParams: {
    api: "ExperimentalParams",
    rule: objectOrJsonText(),
    hint: "Expected an object or a string of JSON text.",
  },
  updateInPlace: {
    rule: z.boolean(),
    behaviour: true,
    why: "how changes are applied (UpdateAIConversation or a replacement)",
  },
  adoptTaskId: {
    rule: nonEmpty(256),
    behaviour: true,
    why: "a running task the first create takes over",
  },
  adoptFromAnotherStack: {
    rule: z.boolean(),
    behaviour: true,
    why: "lets adoptTaskId take over a task another pulumi-trtc resource started",
  },
} as const satisfies FieldTable;

/** Top-level inputs the provider adds itself, never written by users. */
export const TOP_BOOKKEEPING = {
  sessionScope: { rule: z.string(), why: "project/stack/name: the seed of a derived SessionId" },
  defaultsApplied: { rule: z.unknown(), why: "the paths check() filled in with defaults" },
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
  apiKey: { api: "APIKey", rule: nonEmpty(), required: true, secret: true },
  apiUrl: { api: "APIUrl", rule: httpUrl(), required: true },
  streaming: { api: "Streaming", rule: z.boolean() },
  systemPrompt: {
    api: "SystemPrompt",
    rule: z.string().max(100_000, { error: "It is too long." }),
  },
  timeout: { api: "Timeout", rule: numberIn(1, 50, " seconds") },
  history: { api: "History", rule: intIn(0, 50, " rounds") },
  historyMode: { api: "HistoryMode", rule: oneOf([0, 1] as const) },
  maxTokens: { api: "MaxTokens", rule: intIn(1, 1_000_000) },
  temperature: { api: "Temperature", rule: numberIn(0, 2) },
  topP: { api: "TopP", rule: numberIn(0, 1) },
  extraBody: { api: "ExtraBody", rule: z.record(z.string(), z.unknown()) },
  userMessages: {
    api: "UserMessages",
    struct: { role: "Role", content: "Content" },
    rule: z.array(z.strictObject({ role: nonEmpty(64), content: z.string() })),
  },
  metaInfo: { api: "MetaInfo", rule: z.record(z.string(), z.unknown()) },
} as const satisfies FieldTable;

/** LLMConfig keys per `llmType` (openai 647/115413, dify trtc.io 79680, coze 647/79681). */
export const LLM_VENDORS = {
  openai: { ...LLM_COMMON, model: { api: "Model", rule: nonEmpty(256), required: true } },
  dify: {
    ...LLM_COMMON,
    inputs: { api: "Inputs", rule: z.record(z.string(), z.unknown()) },
    user: { api: "User", rule: z.string() },
    conversationId: { api: "ConversationId", rule: z.string() },
  },
  coze: {
    ...LLM_COMMON,
    botId: { api: "BotId", rule: nonEmpty(256), required: true },
    userId: { api: "UserId", rule: z.string() },
    // Coze names its conversation field in snake case (647/79681).
    conversationId: { api: "conversation_id", rule: z.string() },
  },
} as const satisfies Readonly<Record<string, FieldTable>>;

/** TTSConfig keys per `ttsType` (647/115414; trtc.io 68340 and 79683-79688). */
export const TTS_VENDORS = {
  flow: {
    voiceId: { api: "VoiceId", rule: nonEmpty(256), required: true },
    model: { api: "Model", rule: nonEmpty(128), required: true },
    speed: { api: "Speed", rule: numberIn(0.5, 2) },
    volume: { api: "Volume", rule: numberIn(0, 10) },
    pitch: { api: "Pitch", rule: intIn(-12, 12) },
    language: { api: "Language", rule: nonEmpty(16) },
  },
  tencent: {
    // A number on the Start page (SEED: "Integer Required"), a string on trtc.io 68340
    // ("String, required"): either is sent as written.
    appId: {
      api: "AppId",
      rule: z.union([intIn(1, Number.MAX_SAFE_INTEGER), nonEmpty(64)]),
      required: true,
      hint: "Expected the Tencent Cloud TTS AppId: a whole number, or a string of 1 to 64 characters.",
    },
    secretId: { api: "SecretId", rule: nonEmpty(256), required: true, secret: true },
    secretKey: { api: "SecretKey", rule: nonEmpty(256), required: true, secret: true },
    voiceType: { api: "VoiceType", rule: intIn(0, Number.MAX_SAFE_INTEGER), required: true },
    speed: { api: "Speed", rule: numberIn(-2, 6) },
    volume: { api: "Volume", rule: numberIn(0, 10) },
    primaryLanguage: { api: "PrimaryLanguage", rule: z.union([z.string(), z.number()]) },
    fastVoiceType: { api: "FastVoiceType", rule: z.string() },
  },
  minimax: {
    model: { api: "Model", rule: nonEmpty(128), required: true },
    apiUrl: { api: "APIUrl", rule: httpUrl(), required: true },
    apiKey: { api: "APIKey", rule: nonEmpty(), required: true, secret: true },
    groupId: { api: "GroupId", rule: nonEmpty(256), required: true },
    voiceType: { api: "VoiceType", rule: nonEmpty(256), required: true },
    speed: { api: "Speed", rule: numberIn(0.5, 2) },
  },
  azure: {
    subscriptionKey: { api: "SubscriptionKey", rule: nonEmpty(), required: true, secret: true },
    region: { api: "Region", rule: nonEmpty(64), required: true },
    voiceName: { api: "VoiceName", rule: nonEmpty(256), required: true },
    language: { api: "Language", rule: nonEmpty(32), required: true },
    rate: { api: "Rate", rule: numberIn(0.5, 2) },
  },
  cartesia: {
    model: { api: "Model", rule: nonEmpty(128), required: true },
    apiKey: { api: "APIKey", rule: nonEmpty(), required: true, secret: true },
    voiceId: { api: "VoiceId", rule: nonEmpty(256), required: true },
  },
  elevenlabs: {
    model: { api: "Model", rule: nonEmpty(128), required: true },
    apiKey: { api: "APIKey", rule: nonEmpty(), required: true, secret: true },
    voiceId: { api: "VoiceId", rule: nonEmpty(256), required: true },
  },
  inworld: {
    apiKey: { api: "APIKey", rule: nonEmpty(), required: true, secret: true },
    voiceId: { api: "VoiceId", rule: nonEmpty(256), required: true },
    modelId: { api: "ModelId", rule: nonEmpty(128), required: true },
    temperature: { api: "Temperature", rule: numberIn(0, 2) },
  },
  custom: {
    apiKey: { api: "APIKey", rule: nonEmpty(), required: true, secret: true },
    apiUrl: { api: "APIUrl", rule: httpUrl(), required: true },
    audioFormat: { api: "AudioFormat", rule: oneOf(["pcm", "wav"] as const) },
    sampleRate: { api: "SampleRate", rule: intIn(8000, 48000, " Hz") },
    audioChannel: { api: "AudioChannel", rule: oneOf([1, 2] as const) },
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
