/**
 * The AIConversation's request bodies: the only module that speaks Tencent's PascalCase for the
 * resource's inputs and builds the JSON-string fields (LLMConfig, TTSConfig, AvatarConfig,
 * ExperimentalParams). Every name comes from the field table (fields.ts).
 */
import type { JsonObject } from "../trtc/client";
import type { ChangedPath } from "./diff";
import { withAgentDefaults, type NormalizedInputs, type ResolvedInputs } from "./model";
import {
  AGENT_FIELDS,
  START_FIELDS,
  STT_FIELDS,
  toApiFields,
  updatableKeys,
  vendorApiNames,
  vendorTable,
  type ApiField,
} from "./fields";

/**
 * A vendor config as the API's JSON text: known keys renamed (fields.ts, `vendorApiNames`),
 * lists of structs (LLM `userMessages`) renamed item by item, unknown keys sent as written.
 */
function vendorConfigJson(
  group: "llmConfig" | "ttsConfig",
  typeKey: "llmType" | "ttsType",
  cfg: JsonObject,
): string {
  const type = String(cfg[typeKey]);
  const names = vendorApiNames(group, type);
  const table = vendorTable(group, type) ?? {};
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(cfg)) {
    if (v === undefined) continue;
    const struct = Object.prototype.hasOwnProperty.call(table, k) ? table[k].struct : undefined;
    out[names[k] ?? k] =
      struct && Array.isArray(v)
        ? v.map((item: JsonObject) =>
            Object.fromEntries(
              Object.entries(item)
                .filter(([, x]) => x !== undefined)
                .map(([ik, x]) => [struct[ik] ?? ik, x]),
            ),
          )
        : v;
  }
  return JSON.stringify(out);
}

/** The LLMConfig JSON text for the API: known keys renamed, unknown keys verbatim. */
export function llmConfigJson(cfg: JsonObject): string {
  return vendorConfigJson("llmConfig", "llmType", cfg);
}

/** The TTSConfig JSON text for the API: known keys renamed, unknown keys verbatim. */
export function ttsConfigJson(cfg: JsonObject): string {
  return vendorConfigJson("ttsConfig", "ttsType", cfg);
}

function jsonText(value: JsonObject | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function dropUndefined<T extends JsonObject>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/** Top-level inputs that are StartAIConversation fields. */
type StartApiKey = {
  [K in keyof typeof START_FIELDS]: (typeof START_FIELDS)[K] extends { api: string } ? K : never;
}[keyof typeof START_FIELDS];

/** The StartAIConversation request body for these inputs (defaults filled in). */
export function buildStartRequest(
  inputs: ResolvedInputs,
  sessionId: string,
  userSig: string,
): JsonObject {
  const agent = toApiFields({ ...inputs.agentConfig, userSig }, AGENT_FIELDS);
  const stt =
    inputs.sttConfig && toApiFields(inputs.sttConfig as Record<string, unknown>, STT_FIELDS);
  // Every top-level API field of the table, so a field added there cannot be left out here.
  const values: { [K in StartApiKey]: JsonObject[string] | undefined } = {
    sdkAppId: inputs.sdkAppId,
    roomId: String(inputs.roomId),
    roomIdType: inputs.roomIdType,
    sessionId,
    agentConfig: agent as JsonObject,
    sttConfig: stt as JsonObject | undefined,
    llmConfig: llmConfigJson(inputs.llmConfig),
    ttsConfig: ttsConfigJson(inputs.ttsConfig),
    avatarConfig: jsonText(inputs.avatarConfig),
    experimentalParams: jsonText(inputs.experimentalParams),
  };
  return dropUndefined(
    Object.fromEntries(
      Object.entries(values).map(([k, v]) => [START_FIELDS[k as StartApiKey].api, v]),
    ) as JsonObject,
  );
}

/**
 * The UpdateAIConversation request for `changed`, the paths the diff found changed (diff.ts
 * `changedPaths`), among the fields it takes ("not filled in: not updated"); the LLM and TTS
 * configs are sent whole. With `"everything"`, every field it takes is sent (agent fields with
 * their documented defaults), so a bot whose running configuration is not known
 * (configurationUnverified) follows `news`.
 *
 * @returns the request, or `undefined` when none of those fields changed.
 */
export function buildUpdateRequest(
  taskId: string,
  changed: readonly ChangedPath[] | "everything",
  news: NormalizedInputs,
): JsonObject | undefined {
  const touched = (group: string, field?: string) =>
    changed === "everything" ||
    changed.some((c) => {
      const [g, f] = c.path.split(".");
      return g === group && (field === undefined || f === field);
    });
  const agent: Record<string, unknown> =
    changed === "everything" ? withAgentDefaults(news.agentConfig) : news.agentConfig;
  const request: JsonObject = {};
  for (const key of updatableKeys(AGENT_FIELDS)) {
    const value = agent[key];
    if (value !== undefined && touched("agentConfig", key)) {
      request[(AGENT_FIELDS[key as keyof typeof AGENT_FIELDS] as ApiField).api] =
        value as JsonObject[string];
    }
  }
  if (touched("llmConfig")) request[START_FIELDS.llmConfig.api] = llmConfigJson(news.llmConfig);
  if (touched("ttsConfig")) request[START_FIELDS.ttsConfig.api] = ttsConfigJson(news.ttsConfig);
  return Object.keys(request).length > 0 ? { TaskId: taskId, ...request } : undefined;
}
