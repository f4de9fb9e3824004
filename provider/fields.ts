/**
 * The request fields of StartAIConversation and UpdateAIConversation, one declaration each: the
 * API name of every input, whether it is a secret, whether UpdateAIConversation can change it on
 * a running task, and how a nested value maps to the API. The Start and Update request bodies,
 * the diff's in-place classification and the secret paths are derived from these tables; a
 * type-level test (test/unit/provider/fields.spec.ts) fails to compile when SDK 4.1.313's models
 * have a field that is neither here nor in a "left out, because" list.
 *
 * Sources: SDK models `StartAIConversationRequest`, `AgentConfig`, `STTConfig`,
 * `UpdateAIConversationRequest` (tencentcloud-sdk-nodejs 4.1.313, trtc_models.d.ts); intl pages
 * 647/64963 (Start) and 647/64962 (Update: "not filled in: not updated").
 *
 * Not here yet: the zod schemas, defaults and TSDoc still live in schema.ts and resource.ts.
 */

/** How one input is sent to the API. */
export interface ApiField {
  /** The field's name in the API request. */
  readonly api: string;
  /** UpdateAIConversation can change it on a running task. */
  readonly updatable?: true;
  /** Its value is a secret: marked secret field by field, scrubbed from errors. */
  readonly secret?: true;
  /** Input key -> API key of a nested struct (sent with only the keys given). */
  readonly struct?: Readonly<Record<string, string>>;
  /**
   * The API's documented default, which `check()` fills in and records in `defaultsApplied`
   * (so that a later change of it never replaces a bot).
   */
  readonly default?: unknown;
}

/** `agentConfig` inputs that are AgentConfig fields. */
export const AGENT_FIELDS = {
  userId: { api: "UserId" },
  userSig: { api: "UserSig", secret: true },
  targetUserId: { api: "TargetUserId" },
  maxIdleTime: { api: "MaxIdleTime", default: 60 },
  welcomeMessage: { api: "WelcomeMessage", updatable: true },
  interruptMode: { api: "InterruptMode", updatable: true, default: 0 },
  interruptSpeechDuration: { api: "InterruptSpeechDuration", updatable: true, default: 500 },
  turnDetectionMode: { api: "TurnDetectionMode", default: 0 },
  filterOneWord: { api: "FilterOneWord", default: true },
  welcomeMessagePriority: { api: "WelcomeMessagePriority", default: 0 },
  filterBracketsContent: { api: "FilterBracketsContent" },
  ambientSound: { api: "AmbientSound", struct: { scene: "Scene", volume: "Volume" } },
  voicePrint: { api: "VoicePrint", struct: { mode: "Mode", idList: "IdList" } },
  turnDetection: { api: "TurnDetection", struct: { semanticEagerness: "SemanticEagerness" } },
  subtitleMode: { api: "SubtitleMode" },
  interruptWordList: { api: "InterruptWordList" },
} as const satisfies Readonly<Record<string, ApiField>>;

/** `agentConfig` inputs that are not API fields, and what they are for. */
export const AGENT_INPUT_ONLY = {
  userSigSecret: {
    secret: true,
    why: "the app's SDK secret key: the provider makes the UserSig from it at create time",
  },
  userSigExpireSeconds: { why: "the lifetime of the UserSig the provider makes" },
} as const;

/** `sttConfig` inputs: STTConfig fields. */
export const STT_FIELDS = {
  language: { api: "Language" },
  alternativeLanguage: { api: "AlternativeLanguage" },
  customParam: { api: "CustomParam", secret: true },
  vadSilenceTime: { api: "VadSilenceTime" },
  hotWordList: { api: "HotWordList" },
  vadLevel: { api: "VadLevel" },
} as const satisfies Readonly<Record<string, ApiField>>;

/** Top-level inputs that are StartAIConversation fields. */
export const START_FIELDS = {
  sdkAppId: { api: "SdkAppId" },
  roomId: { api: "RoomId" },
  roomIdType: { api: "RoomIdType" },
  sessionId: { api: "SessionId" },
  agentConfig: { api: "AgentConfig" },
  sttConfig: { api: "STTConfig" },
  llmConfig: { api: "LLMConfig", updatable: true },
  ttsConfig: { api: "TTSConfig", updatable: true },
  avatarConfig: { api: "AvatarConfig" },
  experimentalParams: { api: "ExperimentalParams" },
} as const satisfies Readonly<Record<string, ApiField>>;

/** Top-level inputs that are not StartAIConversation fields, and what they are for. */
export const TOP_INPUT_ONLY = {
  region: { why: "sent as the X-TC-Region header of every call" },
  updateInPlace: { why: "how changes are applied (UpdateAIConversation or a replacement)" },
  adoptTaskId: { why: "a running task the first create takes over" },
} as const;

/** Top-level inputs the provider adds itself, never written by users. */
export const TOP_BOOKKEEPING = {
  sessionScope: { why: "project/stack/name: the seed of a derived SessionId" },
  defaultsApplied: { why: "the paths check() filled in with defaults" },
} as const;

/** UpdateAIConversation fields that are not inputs, and why. */
export const UPDATE_LEFT_OUT = {
  TaskId: "the resource's id (the task Start returned)",
} as const;

/**
 * Secret keys of the LLM and TTS configs, per the vendor docs (LLM: APIKey; TTS: APIKey, and
 * tencent's SecretId/SecretKey, azure's SubscriptionKey).
 */
export const VENDOR_SECRET_KEYS = {
  llmConfig: ["apiKey"],
  ttsConfig: ["apiKey", "secretId", "secretKey", "subscriptionKey"],
} as const;

/** Input key -> default, for the fields of a table that have one. */
export function defaultsOf(table: Readonly<Record<string, ApiField>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(table)
      .filter(([, f]) => f.default !== undefined)
      .map(([k, f]) => [k, f.default]),
  );
}

/** Keys of a table whose fields UpdateAIConversation can change. */
export function updatableKeys(table: Readonly<Record<string, ApiField>>): string[] {
  return Object.entries(table)
    .filter(([, f]) => f.updatable)
    .map(([k]) => k);
}

/** Dot paths (from the resource's inputs) of every secret value. */
export function secretPaths(): string[] {
  const of = (group: string, table: object) =>
    Object.entries(table as Record<string, { secret?: true }>)
      .filter(([, f]) => f.secret)
      .map(([k]) => `${group}.${k}`);
  return [
    ...of("agentConfig", AGENT_FIELDS),
    ...of("agentConfig", AGENT_INPUT_ONLY),
    ...of("sttConfig", STT_FIELDS),
    ...Object.entries(VENDOR_SECRET_KEYS).flatMap(([group, keys]) =>
      keys.map((k) => `${group}.${k}`),
    ),
  ];
}

/**
 * The API object for a group of inputs: each input in `table` renamed to its API name (nested
 * structs too), `undefined` values left out; inputs not in the table are not sent.
 */
export function toApiFields(
  inputs: Readonly<Record<string, unknown>>,
  table: Readonly<Record<string, ApiField>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(table)) {
    const value = inputs[key];
    if (value === undefined) continue;
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
