/**
 * The AIConversation's model, derived from the field table (fields.ts): the inputs' types after
 * `check()`, the documented defaults and how they are filled in, and the zod schemas of each
 * group. Every module that needs these facts (check, diff, request, session, state, provider)
 * takes them from here, never from the check.
 */
import { z } from "zod";
import type { Region } from "../trtc/constants";
import {
  AGENT_FIELDS,
  START_FIELDS,
  STT_FIELDS,
  TOP_BOOKKEEPING,
  defaultsOf,
  strictSchemaOf,
  type Normalized,
} from "./fields";

/** An object whose keys are passed to the API as they are (pass-through JSON). */
export type JsonObject = { [key: string]: unknown };

/** The value the engine sends for an input that is not known yet (during preview). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** AgentConfig after validation (from the field table). */
export type NormalizedAgentConfig = Normalized<typeof AGENT_FIELDS>;

/** STTConfig after validation (from the field table). */
export type NormalizedSttConfig = Normalized<typeof STT_FIELDS>;

/** Inputs after validation and defaults: what state stores and what the provider sends. */
export type NormalizedInputs = Omit<
  Normalized<typeof START_FIELDS & typeof TOP_BOOKKEEPING>,
  | "agentConfig"
  | "sttConfig"
  | "llmConfig"
  | "ttsConfig"
  | "roomIdType"
  | "region"
  | "defaultsApplied"
> & {
  agentConfig: NormalizedAgentConfig;
  sttConfig?: NormalizedSttConfig;
  llmConfig: JsonObject & { llmType: string };
  ttsConfig: JsonObject & { ttsType: string };
  /** Filled in by `check()`: 0 for a numeric room, else the one state holds, else 1. */
  roomIdType: 0 | 1;
  /** Filled in by `check()` from `trtc:region` when the resource names none. */
  region: Region;
  /** Paths whose values `check()` filled in with defaults (a later default change never replaces a bot). */
  defaultsApplied: string[];
};

/** Keys of a table's fields that have a documented default. */
type DefaultedKeys<T> = {
  [K in keyof T]: T[K] extends { default: unknown } ? K : never;
}[keyof T];

/** An agentConfig with every documented default filled in: what Start sends. */
export type ResolvedAgentConfig = NormalizedAgentConfig &
  Required<Pick<NormalizedAgentConfig, DefaultedKeys<typeof AGENT_FIELDS>>>;

/**
 * Inputs with agentConfig's documented defaults filled in ({@link resolveDefaults}), once per
 * create: the derived SessionId and the Start request take only these.
 */
export type ResolvedInputs = Omit<NormalizedInputs, "agentConfig"> & {
  agentConfig: ResolvedAgentConfig;
};

/**
 * agentConfig's documented defaults, from the field table (and on the Args fields). They are
 * not stored in state: the request and the derived SessionId use {@link resolveDefaults}, and
 * the diff compares values with them filled in.
 */
export const AGENT_DEFAULTS: Readonly<Record<string, unknown>> = defaultsOf(AGENT_FIELDS);

/** `agent` with each documented default filled in where it has no value: what the API gets. */
export function withAgentDefaults(agent: NormalizedAgentConfig): ResolvedAgentConfig {
  const out: Record<string, unknown> = { ...AGENT_DEFAULTS };
  for (const [k, v] of Object.entries(agent)) if (v !== undefined) out[k] = v;
  return out as ResolvedAgentConfig;
}

/** `inputs` with agentConfig's documented defaults filled in. */
export function resolveDefaults(inputs: NormalizedInputs): ResolvedInputs {
  return { ...inputs, agentConfig: withAgentDefaults(inputs.agentConfig) };
}

/** The documented default of `agentConfig.maxIdleTime`: how long a bot waits for someone. */
export const DEFAULT_MAX_IDLE_TIME = AGENT_FIELDS.maxIdleTime.default;

/** The zod schema of `agentConfig`, from the field table. */
export function agentConfigSchema() {
  return strictSchemaOf(AGENT_FIELDS) as z.ZodObject<ShapeOf<typeof AGENT_FIELDS>>;
}

/** The zod schema of `sttConfig`, from the field table. */
export function sttConfigSchema() {
  return strictSchemaOf(STT_FIELDS) as z.ZodObject<ShapeOf<typeof STT_FIELDS>>;
}

/** The zod schema of the top-level inputs, from the field table (config groups: any value). */
export function topLevelSchema() {
  return strictSchemaOf({ ...START_FIELDS, ...TOP_BOOKKEEPING }) as z.ZodObject<
    ShapeOf<typeof START_FIELDS & typeof TOP_BOOKKEEPING>
  >;
}

/** The zod shape a table's schema has, as a type. */
type ShapeOf<T> = {
  [K in keyof T]: T[K] extends { rule: infer R extends z.ZodType; required: true }
    ? R
    : T[K] extends { rule: infer R extends z.ZodType }
      ? z.ZodOptional<R>
      : never;
};
