/**
 * Parameter checks for the five AI-conversation actions (reference §3), producing the codes
 * API 3.0 uses, each message naming the field and the fix:
 * - `UnknownParameter`: a field the action does not define, at any struct level;
 * - `MissingParameter`: a required field absent or an empty string;
 * - `InvalidParameter`: a field of the wrong JSON type, or a body that is not a JSON object;
 * - `InvalidParameterValue`: right type, value outside the documented range or format
 *   (including the content of the `LLMConfig`/`TTSConfig` JSON strings).
 * When a request has several problems the most basic one is reported, in that order, so the
 * answer matches what the gateway checks first.
 */
import type { Action } from "./constants";
import { ApiError } from "./errors";
import { checkJsonObjectString, checkLlmConfig, checkTtsConfig } from "./json-configs";

/** JSON value types a field can require. */
export type FieldType = "integer" | "number" | "string" | "boolean" | "string[]" | "struct";

/** The documented shape of one request field. */
export interface FieldSpec {
  /** The JSON type the field must have. */
  type: FieldType;
  /** Whether the field must be present (and, for strings, non-empty). */
  required?: boolean;
  /** Smallest allowed number. */
  min?: number;
  /** Largest allowed number. */
  max?: number;
  /** The only allowed values. */
  oneOf?: readonly (string | number)[];
  /** Most array items allowed (for `string[]`). */
  maxItems?: number;
  /** Member fields (for `struct`). */
  fields?: StructSpec;
  /** Extra rule: returns an `InvalidParameterValue` message, or `undefined` when fine. */
  check?: (value: never, path: string) => string | undefined;
}

/** Field name -> spec, for one request or nested struct. */
export type StructSpec = Readonly<Record<string, FieldSpec>>;

/** One problem found in a request. */
export interface Issue {
  /** The API error code it maps to. */
  code: "UnknownParameter" | "MissingParameter" | "InvalidParameter" | "InvalidParameterValue";
  /** Dotted path of the field, e.g. `AgentConfig.UserId`. */
  field: string;
  /** The message sent to the client. */
  message: string;
}

const PRIORITY: Readonly<Record<Issue["code"], number>> = {
  UnknownParameter: 0,
  MissingParameter: 1,
  InvalidParameter: 2,
  InvalidParameterValue: 3,
};

const TYPE_NAMES: Readonly<Record<FieldType, string>> = {
  integer: "Integer",
  number: "Float",
  string: "String",
  boolean: "Boolean",
  "string[]": "Array of String",
  struct: "Object",
};

function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "string[]":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    case "struct":
      return isObject(value);
  }
}

function rangeText(spec: FieldSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return `from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `>= ${spec.min}`;
  return `<= ${spec.max}`;
}

function checkValue(value: unknown, spec: FieldSpec, path: string, issues: Issue[]): void {
  if (!hasType(value, spec.type)) {
    issues.push({
      code: "InvalidParameter",
      field: path,
      message:
        `Invalid type for \`${path}\`: expected ${TYPE_NAMES[spec.type]}, got ${jsonTypeOf(value)}. ` +
        `Send it as a JSON ${TYPE_NAMES[spec.type].toLowerCase()}.`,
    });
    return;
  }
  if (spec.type === "struct") {
    issues.push(...validateStruct(value as Record<string, unknown>, spec.fields ?? {}, `${path}.`));
    return;
  }
  const invalid = (message: string): void => {
    issues.push({ code: "InvalidParameterValue", field: path, message });
  };
  if (spec.oneOf && !spec.oneOf.includes(value as string | number)) {
    invalid(
      `Invalid value for ${path}: ${JSON.stringify(value)}. Allowed values are: ${spec.oneOf.join(", ")}.`,
    );
    return;
  }
  if (typeof value === "number") {
    if (
      (spec.min !== undefined && value < spec.min) ||
      (spec.max !== undefined && value > spec.max)
    ) {
      invalid(`Invalid value for ${path}: ${value}. Use a value ${rangeText(spec)}.`);
      return;
    }
  }
  if (Array.isArray(value) && spec.maxItems !== undefined && value.length > spec.maxItems) {
    invalid(
      `Invalid value for ${path}: ${value.length} items. At most ${spec.maxItems} are allowed.`,
    );
    return;
  }
  const message = spec.check?.(value as never, path);
  if (message) invalid(message);
}

/**
 * Find every problem in one struct (recursing into nested structs).
 *
 * @param value - The struct as received.
 * @param spec - Its documented fields.
 * @param prefix - Path prefix for messages, e.g. `AgentConfig.`.
 * @returns All issues; empty when the struct is valid.
 */
export function validateStruct(
  value: Record<string, unknown>,
  spec: StructSpec,
  prefix = "",
): Issue[] {
  const issues: Issue[] = [];
  for (const name of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(spec, name)) {
      issues.push({
        code: "UnknownParameter",
        field: `${prefix}${name}`,
        message:
          `The parameter \`${prefix}${name}\` is not recognized. Remove it; the fields allowed ` +
          `here are: ${Object.keys(spec).join(", ")}.`,
      });
    }
  }
  for (const [name, fieldSpec] of Object.entries(spec)) {
    const path = `${prefix}${name}`;
    const fieldValue = value[name];
    if (fieldValue === undefined || (fieldSpec.required && fieldValue === "")) {
      if (fieldSpec.required) {
        issues.push({
          code: "MissingParameter",
          field: path,
          message: `The request is missing a required parameter \`${path}\`.`,
        });
      }
      continue;
    }
    checkValue(fieldValue, fieldSpec, path, issues);
  }
  return issues;
}

/**
 * The issue the API reports when there are several: unknown before missing before wrong type
 * before wrong value; within one kind, the first found.
 *
 * @param issues - Issues from {@link validateStruct}.
 * @returns The error to answer with, or `undefined` for none.
 */
export function firstIssue(issues: readonly Issue[]): ApiError | undefined {
  let best: Issue | undefined;
  for (const issue of issues) {
    if (!best || PRIORITY[issue.code] < PRIORITY[best.code]) best = issue;
  }
  return best && new ApiError(best.code, best.message);
}

const USER_ID = /^[A-Za-z0-9_-]{1,32}$/;

function checkUserId(value: string, path: string): string | undefined {
  return USER_ID.test(value)
    ? undefined
    : `Invalid value for ${path}: ${JSON.stringify(value)}. A TRTC UserId has 1 to 32 ` +
        `characters from a-z, A-Z, 0-9, _ and -.`;
}

/** `"word|weight,word|weight"` with weight 1-11 or 100, at most 128 words of 30 chars. */
function checkHotWordList(value: string, path: string): string | undefined {
  const entries = value.split(",");
  if (entries.length > 128) {
    return `Invalid value for ${path}: ${entries.length} hot words. At most 128 are allowed.`;
  }
  for (const entry of entries) {
    const match = /^([^|]{1,30})\|(\d+)$/.exec(entry);
    const weight = match ? Number(match[2]) : NaN;
    if (!match || !((weight >= 1 && weight <= 11) || weight === 100)) {
      return (
        `Invalid value for ${path}: ${JSON.stringify(entry)}. Each entry is "word|weight" with a ` +
        `word of at most 30 characters and a weight from 1 to 11 or 100, separated by commas.`
      );
    }
  }
  return undefined;
}

function checkBase64(value: string, path: string): string | undefined {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0
    ? undefined
    : `Invalid value for ${path}: it is not base64. Send base64-encoded mono PCM audio.`;
}

const LLM_CONFIG: FieldSpec = { type: "string", check: (v: string) => checkLlmConfig(v) };
const TTS_CONFIG: FieldSpec = { type: "string", check: (v: string) => checkTtsConfig(v) };
const JSON_OBJECT_STRING: FieldSpec = {
  type: "string",
  check: (v: string, path: string) => (v === "" ? undefined : checkJsonObjectString(path, v)),
};
const INTERRUPT_MODE: FieldSpec = { type: "integer", oneOf: [0, 1] };
const INTERRUPT_SPEECH_DURATION: FieldSpec = { type: "integer", min: 0 };

/** AgentConfig's 16 fields (NODE-SDK 4.1.313). */
const AGENT_CONFIG: StructSpec = {
  UserId: { type: "string", required: true, check: checkUserId },
  UserSig: { type: "string", required: true },
  TargetUserId: { type: "string", required: true, check: checkUserId },
  MaxIdleTime: { type: "integer", min: 1 },
  WelcomeMessage: { type: "string" },
  InterruptMode: INTERRUPT_MODE,
  InterruptSpeechDuration: INTERRUPT_SPEECH_DURATION,
  TurnDetectionMode: { type: "integer", oneOf: [0, 1, 3] },
  FilterOneWord: { type: "boolean" },
  WelcomeMessagePriority: { type: "integer", oneOf: [0, 1] },
  FilterBracketsContent: { type: "integer", oneOf: [1, 2, 3, 4, 5] },
  AmbientSound: {
    type: "struct",
    fields: {
      Scene: {
        type: "string",
        required: true,
        oneOf: ["coffee_shops", "busy_office", "street_traffic", "evening_mountain"],
      },
      Volume: { type: "number", min: 0, max: 2 },
    },
  },
  VoicePrint: {
    type: "struct",
    fields: { Mode: { type: "integer", oneOf: [0, 1] }, IdList: { type: "string[]", maxItems: 1 } },
  },
  TurnDetection: {
    type: "struct",
    fields: { SemanticEagerness: { type: "string", oneOf: ["low", "medium", "high", "auto"] } },
  },
  SubtitleMode: { type: "integer", oneOf: [0, 1] },
  InterruptWordList: { type: "string[]" },
};

/** STTConfig's 6 fields. */
const STT_CONFIG: StructSpec = {
  Language: { type: "string" },
  AlternativeLanguage: { type: "string[]", maxItems: 3 },
  CustomParam: JSON_OBJECT_STRING,
  VadSilenceTime: { type: "integer", min: 240, max: 2000 },
  HotWordList: { type: "string", check: checkHotWordList },
  VadLevel: { type: "integer", min: 0, max: 5 },
};

const SDK_APP_ID: FieldSpec = { type: "integer", min: 1, max: 4294967295 };

const START: StructSpec = {
  SdkAppId: { ...SDK_APP_ID, required: true },
  RoomId: { type: "string", required: true },
  AgentConfig: { type: "struct", required: true, fields: AGENT_CONFIG },
  SessionId: { type: "string" },
  RoomIdType: { type: "integer", oneOf: [0, 1] },
  STTConfig: { type: "struct", fields: STT_CONFIG },
  // Optional in the doc table, but the SDK comment says required and a task cannot talk without.
  LLMConfig: { ...LLM_CONFIG, required: true },
  TTSConfig: { ...TTS_CONFIG, required: true },
  AvatarConfig: { type: "string" },
  ExperimentalParams: { type: "string" },
};

const TASK_ID: FieldSpec = { type: "string", required: true };

const STOP: StructSpec = { TaskId: TASK_ID };

const DESCRIBE: StructSpec = {
  SdkAppId: SDK_APP_ID,
  TaskId: { type: "string" },
  SessionId: { type: "string" },
};

const UPDATE: StructSpec = {
  TaskId: TASK_ID,
  WelcomeMessage: { type: "string" },
  InterruptMode: INTERRUPT_MODE,
  InterruptSpeechDuration: INTERRUPT_SPEECH_DURATION,
  LLMConfig: LLM_CONFIG,
  TTSConfig: TTS_CONFIG,
};

/** The commands ControlAIConversation knows, each carried by the struct of the same name. */
export const CONTROL_COMMANDS = ["ServerPushText", "InvokeLLM", "TransparentData"] as const;

const CONTROL: StructSpec = {
  TaskId: TASK_ID,
  Command: { type: "string", required: true, oneOf: CONTROL_COMMANDS },
  ServerPushText: {
    type: "struct",
    fields: {
      Text: { type: "string" },
      Interrupt: { type: "boolean" },
      StopAfterPlay: { type: "boolean" },
      Audio: { type: "string", check: checkBase64 },
      DropMode: { type: "integer", oneOf: [0, 1] },
      Priority: { type: "integer", oneOf: [0, 1] },
      AddHistory: { type: "boolean" },
      MetaInfo: JSON_OBJECT_STRING,
    },
  },
  InvokeLLM: {
    type: "struct",
    fields: {
      // SDK model InvokeLLM: `Content?: string` (optional).
      Content: { type: "string" },
      Interrupt: { type: "boolean" },
      ExperimentalParams: { type: "string" },
    },
  },
  TransparentData: { type: "struct", fields: { Data: { type: "string", required: true } } },
};

/** A validated StartAIConversation request (only the fields the emulator acts on). */
export interface StartRequest {
  /** The TRTC application. */
  SdkAppId: number;
  /** The room; numeric text when RoomIdType is 0. */
  RoomId: string;
  /** 0 numeric room (default), 1 string room. */
  RoomIdType?: 0 | 1;
  /** Caller-chosen idempotency key, non-empty when present. */
  SessionId?: string;
  /** The bot: its UserId and UserSig, whom it listens to, and its idle timeout in seconds. */
  AgentConfig: {
    UserId: string;
    UserSig: string;
    TargetUserId: string;
    MaxIdleTime?: number;
    WelcomeMessage?: string;
    InterruptMode?: number;
    InterruptSpeechDuration?: number;
  };
  /** The LLM config JSON text (validated). */
  LLMConfig: string;
  /** The TTS config JSON text (validated). */
  TTSConfig: string;
}

/** A validated DescribeAIConversation request: `TaskId`, or `SdkAppId` with `SessionId`. */
export interface DescribeRequest {
  /** The app, for a lookup by SessionId. */
  SdkAppId?: number;
  /** The task, when known. */
  TaskId?: string;
  /** The SessionId given at start. */
  SessionId?: string;
}

/** A validated Stop or Update request (Update's other fields only need validating). */
export interface TaskRequest {
  /** The task to act on. */
  TaskId: string;
}

/** A validated UpdateAIConversation request: what is not sent is not updated. */
export interface UpdateRequest extends TaskRequest {
  WelcomeMessage?: string;
  InterruptMode?: number;
  InterruptSpeechDuration?: number;
  /** The new LLM config JSON text (validated). */
  LLMConfig?: string;
  /** The new TTS config JSON text (validated). */
  TTSConfig?: string;
}

/** A validated ControlAIConversation request. */
export interface ControlRequest {
  /** The task to act on. */
  TaskId: string;
  /** Which command; its struct of the same name is present. */
  Command: (typeof CONTROL_COMMANDS)[number];
  /** Present for `ServerPushText`; `StopAfterPlay` ends the task. */
  ServerPushText?: { Text?: string; Audio?: string; StopAfterPlay?: boolean };
}

function check(body: Record<string, unknown>, spec: StructSpec, extra: Issue[] = []): void {
  const error = firstIssue([...validateStruct(body, spec), ...extra]);
  if (error) throw error;
}

/** The punctuation a string room id may hold (with letters, digits and space: 89 characters). */
const STRING_ROOM_PUNCTUATION = "! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,";

/**
 * TRTC's rule for string room ids: "the length limit is 64 bytes; the following 89 characters
 * are supported: letters (a-z and A-Z), digits (0-9), space, ! # $ % & ( ) + - : ; < = . > ? @
 * [ ] ^ _ { } | ~ ," (TRTCParams.strRoomId, liteav.sdk.qcloud.com TRTC API docs).
 */
const STRING_ROOM_ID = /^[A-Za-z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]{1,64}$/;

/** Whether `roomId` follows TRTC's string room id rule (ASCII only, so characters = bytes). */
export function isStringRoomId(roomId: string): boolean {
  return STRING_ROOM_ID.test(roomId);
}

/**
 * The longest SessionId stored. The pages give no limit; 256 bytes is assumed (README, "Emulator
 * vs Tencent Cloud"), so that the emulator never stores or echoes megabytes of it.
 */
export const MAX_SESSION_ID_BYTES = 256;

/**
 * Validate a StartAIConversation body, including that `RoomIdType` 0 (the default) comes with
 * a numeric `RoomId`.
 *
 * @param body - The parsed JSON body.
 * @throws ApiError with the first problem.
 */
export function validateStart(body: Record<string, unknown>): StartRequest {
  check(body, START);
  const roomId = body.RoomId as string;
  if ((body.RoomIdType ?? 0) === 0 && !/^[1-9]\d{0,9}$/.test(roomId)) {
    throw new ApiError(
      "InvalidParameterValue",
      `Invalid value for RoomId: ${JSON.stringify(roomId)}. With RoomIdType 0 (the default) the ` +
        `room id must be a number from 1 to 4294967294 sent as a string; for a string room id ` +
        `set RoomIdType to 1.`,
    );
  }
  if ((body.RoomIdType ?? 0) === 0 && Number(roomId) > 4294967294) {
    throw new ApiError(
      "InvalidParameterValue",
      `Invalid value for RoomId: ${roomId}. Numeric room ids go from 1 to 4294967294.`,
    );
  }
  if (body.RoomIdType === 1 && !isStringRoomId(roomId)) {
    throw new ApiError(
      "InvalidParameterValue",
      `Invalid value for RoomId: ${JSON.stringify(roomId.slice(0, 80))}${roomId.length > 80 ? "…" : ""}. ` +
        `A string room id has 1 to 64 bytes of the 89 characters a-z A-Z 0-9, space and ` +
        `${STRING_ROOM_PUNCTUATION}.`,
    );
  }
  if (
    typeof body.SessionId === "string" &&
    Buffer.byteLength(body.SessionId) > MAX_SESSION_ID_BYTES
  ) {
    throw new ApiError(
      "InvalidParameterValue",
      `Invalid value for SessionId: ${Buffer.byteLength(body.SessionId)} bytes. Use at most ` +
        `${MAX_SESSION_ID_BYTES} bytes.`,
    );
  }
  if (body.SessionId === "") {
    throw new ApiError(
      "InvalidParameterValue",
      "Invalid value for SessionId: an empty string. Omit SessionId or give a non-empty id.",
    );
  }
  return body as unknown as StartRequest;
}

/**
 * Validate a StopAIConversation body.
 *
 * @param body - The parsed JSON body.
 * @throws ApiError with the first problem.
 */
export function validateStop(body: Record<string, unknown>): TaskRequest {
  check(body, STOP);
  return body as unknown as TaskRequest;
}

/**
 * Validate a DescribeAIConversation body: a `TaskId`, or `SdkAppId` together with `SessionId`.
 *
 * @param body - The parsed JSON body.
 * @throws ApiError with the first problem.
 */
export function validateDescribe(body: Record<string, unknown>): DescribeRequest {
  check(body, DESCRIBE);
  const request = body as DescribeRequest;
  if (!request.TaskId) {
    if (!request.SessionId) {
      throw new ApiError(
        "MissingParameter",
        "The request is missing a required parameter `TaskId`. Send TaskId, or SdkAppId " +
          "together with SessionId.",
      );
    }
    if (request.SdkAppId === undefined) {
      throw new ApiError(
        "MissingParameter",
        "The request is missing a required parameter `SdkAppId`. A lookup by SessionId needs " +
          "the SdkAppId the task was started with.",
      );
    }
  }
  return request;
}

/**
 * Validate an UpdateAIConversation body: `TaskId` plus only WelcomeMessage, InterruptMode,
 * InterruptSpeechDuration, LLMConfig and TTSConfig.
 *
 * @param body - The parsed JSON body.
 * @throws ApiError with the first problem.
 */
export function validateUpdate(body: Record<string, unknown>): UpdateRequest {
  check(body, UPDATE);
  return body as unknown as UpdateRequest;
}

/**
 * Validate a ControlAIConversation body: the `Command` must come with the struct of the same
 * name and with no other command's struct (a mismatch is almost always a client bug).
 *
 * @param body - The parsed JSON body.
 * @throws ApiError with the first problem.
 */
export function validateControl(body: Record<string, unknown>): ControlRequest {
  const extra: Issue[] = [];
  const command = body.Command;
  if (typeof command === "string" && (CONTROL_COMMANDS as readonly string[]).includes(command)) {
    if (body[command] === undefined) {
      extra.push({
        code: "MissingParameter",
        field: command,
        message: `The request is missing a required parameter \`${command}\`. Command ${command} needs it.`,
      });
    }
    for (const other of CONTROL_COMMANDS) {
      if (other !== command && body[other] !== undefined) {
        extra.push({
          code: "InvalidParameter",
          field: other,
          message: `The parameter \`${other}\` does not go with Command ${command}. Remove it, or set Command to ${other}.`,
        });
      }
    }
  }
  check(body, CONTROL, extra);
  const request = body as unknown as ControlRequest;
  const push = request.ServerPushText;
  if (request.Command === "ServerPushText" && push && !push.Text && !push.Audio) {
    throw new ApiError(
      "MissingParameter",
      "The request is missing a required parameter `ServerPushText.Text`. Send Text, or Audio.",
    );
  }
  return request;
}

/**
 * Each action's request fields, for turning form or query parameters (`AgentConfig.UserId=...`,
 * all text) back into typed JSON (form-params.ts).
 */
export const ACTION_SPECS: Readonly<Record<Action, StructSpec>> = {
  StartAIConversation: START,
  StopAIConversation: STOP,
  DescribeAIConversation: DESCRIBE,
  UpdateAIConversation: UPDATE,
  ControlAIConversation: CONTROL,
};
