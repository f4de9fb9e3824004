/**
 * Checks for the JSON-string fields `LLMConfig` and `TTSConfig` (reference §4). The API takes
 * them as strings, so the real service can only reject their content as
 * `InvalidParameterValue`; these functions return that message (naming the inner field) or
 * `undefined`. Keys the documents do not mention are accepted: vendors add options faster than
 * the docs list them, and TRTC passes many of them through.
 */

/** The value kinds a JSON-config field may be required to have. */
type Kind = "string" | "integer" | "number" | "boolean" | "object" | "array" | "url";

/** One documented field inside a JSON config. */
interface ConfigField {
  kind: Kind | readonly Kind[];
  required?: boolean;
  min?: number;
  max?: number;
  oneOf?: readonly (string | number)[];
}

type ConfigRules = Readonly<Record<string, ConfigField>>;

const LLM_COMMON: ConfigRules = {
  Streaming: { kind: "boolean" },
  SystemPrompt: { kind: "string" },
  Timeout: { kind: "number", min: 1, max: 50 },
  History: { kind: "integer", min: 0, max: 50 },
  HistoryMode: { kind: "integer", oneOf: [0, 1] },
  MaxTokens: { kind: "integer", min: 1 },
  Temperature: { kind: "number" },
  TopP: { kind: "number" },
  ExtraBody: { kind: "object" },
  UserMessages: { kind: "array" },
  MetaInfo: { kind: "object" },
};

/** Required and typed fields per LLMType (reference §4.1). */
const LLM_RULES: Readonly<Record<string, ConfigRules>> = {
  openai: {
    ...LLM_COMMON,
    Model: { kind: "string", required: true },
    APIKey: { kind: "string", required: true },
    APIUrl: { kind: "url", required: true },
  },
  dify: {
    ...LLM_COMMON,
    APIKey: { kind: "string", required: true },
    APIUrl: { kind: "url", required: true },
    Inputs: { kind: "object" },
    User: { kind: "string" },
    ConversationId: { kind: "string" },
  },
  coze: {
    ...LLM_COMMON,
    APIKey: { kind: "string", required: true },
    APIUrl: { kind: "url", required: true },
    BotId: { kind: "string", required: true },
    UserId: { kind: "string" },
    conversation_id: { kind: "string" },
  },
};

/** Required and typed fields per TTSType (reference §4.2). */
const TTS_RULES: Readonly<Record<string, ConfigRules>> = {
  flow: {
    VoiceId: { kind: "string", required: true },
    Model: { kind: "string", required: true },
    Speed: { kind: "number", min: 0.5, max: 2 },
    Volume: { kind: "number", min: 0, max: 10 },
    Pitch: { kind: "number", min: -12, max: 12 },
    Language: { kind: "string" },
  },
  tencent: {
    // The seed page types AppId as Integer; trtc.io 68340 shows `"AppId": "..." // String`.
    AppId: { kind: ["integer", "string"], required: true },
    SecretId: { kind: "string", required: true },
    SecretKey: { kind: "string", required: true },
    VoiceType: { kind: "integer", required: true },
    Speed: { kind: "number", min: -2, max: 6 },
    Volume: { kind: "number", min: 0, max: 10 },
    // The SDK comment shows "zh-CN", trtc.io shows 1/2/3: accept both forms.
    PrimaryLanguage: { kind: ["string", "integer"] },
    FastVoiceType: { kind: "string" },
  },
  minimax: {
    Model: { kind: "string", required: true },
    APIUrl: { kind: "url", required: true },
    APIKey: { kind: "string", required: true },
    GroupId: { kind: "string", required: true },
    VoiceType: { kind: "string", required: true },
    Speed: { kind: "number", min: 0.5, max: 2 },
  },
  azure: {
    SubscriptionKey: { kind: "string", required: true },
    Region: { kind: "string", required: true },
    VoiceName: { kind: "string", required: true },
    Language: { kind: "string", required: true },
    Rate: { kind: "number", min: 0.5, max: 2 },
  },
  cartesia: {
    Model: { kind: "string", required: true },
    APIKey: { kind: "string", required: true },
    VoiceId: { kind: "string", required: true },
  },
  elevenlabs: {
    Model: { kind: "string", required: true },
    APIKey: { kind: "string", required: true },
    VoiceId: { kind: "string", required: true },
  },
  inworld: {
    APIKey: { kind: "string", required: true },
    VoiceId: { kind: "string", required: true },
    ModelId: { kind: "string", required: true },
    Temperature: { kind: "number" },
  },
  custom: {
    APIKey: { kind: "string", required: true },
    APIUrl: { kind: "url", required: true },
    AudioFormat: { kind: "string", oneOf: ["pcm", "wav"] },
    SampleRate: { kind: "integer", min: 1 },
    AudioChannel: { kind: "integer", oneOf: [1, 2] },
  },
};

/** The LLMType values the emulator accepts. */
export const LLM_TYPES: readonly string[] = Object.keys(LLM_RULES);

/** The TTSType values the emulator accepts. */
export const TTS_TYPES: readonly string[] = Object.keys(TTS_RULES);

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return String(value);
}

function isKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "url":
      return typeof value === "string" && /^https?:\/\/[^\s/]+/.test(value);
  }
}

const KIND_TEXT: Readonly<Record<Kind, string>> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  object: "a JSON object",
  array: "a JSON array",
  url: "an http:// or https:// URL",
};

/** Parse a JSON-string field into an object, or say why it is not one. */
function parseObject(field: string, text: string): Record<string, unknown> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return (
      `Invalid value for ${field}: it is not valid JSON (${(e as Error).message}). ` +
      `Send a JSON object serialized as a string.`
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return `Invalid value for ${field}: expected a JSON object, got ${describe(parsed)}.`;
  }
  return parsed as Record<string, unknown>;
}

function checkFields(
  field: string,
  typeField: string,
  type: string,
  doc: Record<string, unknown>,
  rules: ConfigRules,
): string | undefined {
  for (const [name, rule] of Object.entries(rules)) {
    const path = `${field}.${name}`;
    const value = doc[name];
    const empty = value === undefined || value === null || value === "";
    if (empty) {
      if (rule.required) {
        return (
          `Invalid value for ${field}: the field \`${path}\` is required when ${typeField} is ` +
          `"${type}". Add it to the ${field} JSON string.`
        );
      }
      continue;
    }
    const kinds: readonly Kind[] = Array.isArray(rule.kind) ? rule.kind : [rule.kind as Kind];
    if (!kinds.some((kind) => isKind(value, kind))) {
      const expected = kinds.map((kind) => KIND_TEXT[kind]).join(" or ");
      return `Invalid value for ${path}: ${describe(value)}. Expected ${expected}.`;
    }
    if (rule.oneOf && !rule.oneOf.includes(value as string | number)) {
      return `Invalid value for ${path}: ${describe(value)}. Allowed values are: ${rule.oneOf.join(", ")}.`;
    }
    if (typeof value === "number") {
      if (
        (rule.min !== undefined && value < rule.min) ||
        (rule.max !== undefined && value > rule.max)
      ) {
        const range =
          rule.max === undefined ? `>= ${rule.min}` : `from ${rule.min ?? "-inf"} to ${rule.max}`;
        return `Invalid value for ${path}: ${value}. Use a value ${range}.`;
      }
    }
  }
  return undefined;
}

function checkTyped(
  field: string,
  typeField: string,
  text: string,
  table: Readonly<Record<string, ConfigRules>>,
): string | undefined {
  const doc = parseObject(field, text);
  if (typeof doc === "string") return doc;
  const type = doc[typeField];
  const allowed = Object.keys(table).join(", ");
  if (type === undefined || type === null || type === "") {
    return (
      `Invalid value for ${field}: the field \`${field}.${typeField}\` is required. ` +
      `Allowed values are: ${allowed}.`
    );
  }
  if (typeof type !== "string" || !Object.prototype.hasOwnProperty.call(table, type)) {
    return `Invalid value for ${field}.${typeField}: ${describe(type)}. Allowed values are: ${allowed}.`;
  }
  return checkFields(field, typeField, type, doc, table[type]);
}

/**
 * Check an `LLMConfig` JSON string: valid JSON object, a known `LLMType`, the fields that
 * type requires (openai: Model, APIKey, APIUrl; dify: APIKey, APIUrl; coze: also BotId) and the
 * documented types and ranges of optional fields.
 *
 * @param text - The `LLMConfig` value as sent.
 * @returns An `InvalidParameterValue` message naming the field, or `undefined` when valid.
 */
export function checkLlmConfig(text: string): string | undefined {
  return checkTyped("LLMConfig", "LLMType", text, LLM_RULES);
}

/**
 * Check a `TTSConfig` JSON string: valid JSON object, a known `TTSType` (flow, tencent,
 * minimax, azure, cartesia, elevenlabs, inworld, custom) and the fields that type requires.
 *
 * @param text - The `TTSConfig` value as sent.
 * @returns An `InvalidParameterValue` message naming the field, or `undefined` when valid.
 */
export function checkTtsConfig(text: string): string | undefined {
  return checkTyped("TTSConfig", "TTSType", text, TTS_RULES);
}

/**
 * Check a field that must hold a JSON object serialized as a string (e.g.
 * `STTConfig.CustomParam`, `ServerPushText.MetaInfo`).
 *
 * @param field - The dotted field path, used in the message.
 * @param text - The value as sent.
 * @returns An `InvalidParameterValue` message, or `undefined` when valid.
 */
export function checkJsonObjectString(field: string, text: string): string | undefined {
  const doc = parseObject(field, text);
  return typeof doc === "string" ? doc : undefined;
}
