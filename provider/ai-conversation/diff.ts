/**
 * The diff decision. Any change of configuration replaces the bot (delete first: one active task
 * per bot UserId in a room); a change of nothing but the provider's own code, of bookkeeping, or
 * of a default that `check()` filled in on both sides, is no change at all.
 *
 * With `updateInPlace: true` in the new inputs, a change that touches only what
 * UpdateAIConversation can change (TaskId + WelcomeMessage, InterruptMode,
 * InterruptSpeechDuration, LLMConfig, TTSConfig: SDK model UpdateAIConversationRequest; intl page
 * 647/64962) is an update instead. Update cannot unset a field ("not filled in: not updated"),
 * so removing one of the three agent fields still replaces. A changed llmType or ttsType is an
 * update: the whole JSON is sent.
 */
import { AGENT_DEFAULTS, UNKNOWN_VALUE } from "./model";
import { AGENT_FIELDS, START_FIELDS, configurationKeys, updatableKeys } from "./fields";

/** Top-level inputs that are configuration of the running bot (fields.ts). */
export const CONFIG_KEYS = configurationKeys(START_FIELDS);

/** AgentConfig fields UpdateAIConversation changes on a running task (fields.ts). */
export const UPDATABLE_AGENT_FIELDS = updatableKeys(AGENT_FIELDS);

/** Config groups UpdateAIConversation replaces whole, as their JSON text (fields.ts). */
export const UPDATABLE_GROUPS = updatableKeys(START_FIELDS);

/** What `diff()` returns to the engine. */
export interface DiffDecision {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

function leaves(value: unknown, path: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(path, {});
    for (const [k, v] of entries) leaves(v, `${path}.${k}`, out);
    return;
  }
  out.set(path, value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The documented default of an `agentConfig.<field>` path, if it has one. */
function defaultOf(path: string): unknown {
  const [group, field, ...rest] = path.split(".");
  if (group !== "agentConfig" || rest.length > 0) return undefined;
  return Object.prototype.hasOwnProperty.call(AGENT_DEFAULTS, field)
    ? AGENT_DEFAULTS[field]
    : undefined;
}

function defaulted(props: Record<string, unknown>): Set<string> {
  return new Set(Array.isArray(props.defaultsApplied) ? (props.defaultsApplied as string[]) : []);
}

/**
 * Compares old outputs (which echo the inputs they were created from) with new checked inputs.
 *
 * @returns `changes` (always a boolean), the changed top-level keys as `replaces`, and
 * `deleteBeforeReplace: true`.
 */
export function diffInputs(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): DiffDecision {
  const changed = changedPaths(olds, news);
  const keys = [...new Set(changed.map((c) => c.path.split(".")[0]))];
  const inPlace =
    news.updateInPlace === true &&
    changed.length > 0 &&
    changed.every((c) => isUpdatable(c.path, c.removed));
  return {
    changes: keys.length > 0,
    replaces: inPlace ? [] : keys,
    deleteBeforeReplace: true,
  };
}

/** Whether a changed path can be changed by UpdateAIConversation (a removal of an agent field cannot). */
function isUpdatable(path: string, removed: boolean): boolean {
  const [group, field] = path.split(".");
  if (UPDATABLE_GROUPS.includes(group)) return true;
  return group === "agentConfig" && UPDATABLE_AGENT_FIELDS.includes(field) && !removed;
}

/** One changed leaf: its path, and whether the new inputs no longer have it. */
export interface ChangedPath {
  path: string;
  removed: boolean;
}

/**
 * The leaf paths of configuration that changed from `olds` to `news`, ignoring defaults filled in
 * on either side and a derived SessionId. A value still unknown (preview) counts as changed.
 */
export function changedPaths(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): ChangedPath[] {
  const oldDefaults = defaulted(olds);
  const newDefaults = defaulted(news);
  const out: ChangedPath[] = [];
  for (const key of CONFIG_KEYS) {
    // A SessionId the provider derived is not configuration: only a user-given one is compared
    // (set, changed or removed).
    // State without defaultsApplied cannot tell, and is treated as derived.
    const oldDerived = !Array.isArray(olds.defaultsApplied) || oldDefaults.has("sessionId");
    if (key === "sessionId" && news.sessionId === undefined && oldDerived) continue;
    const before = new Map<string, unknown>();
    const after = new Map<string, unknown>();
    leaves(olds[key], key, before);
    leaves(news[key], key, after);
    const paths = new Set([...before.keys(), ...after.keys()]);
    for (const p of paths) {
      const a = before.get(p);
      const b = after.get(p);
      if (b === UNKNOWN_VALUE || JSON.stringify(b)?.includes(UNKNOWN_VALUE)) {
        out.push({ path: p, removed: false });
        continue;
      }
      if (same(a, b)) continue;
      // A default filled in by check() on either side, where the other side has the same default
      // or none at all (a release that added or removed a default), is not the user's change.
      if (oldDefaults.has(p) && (newDefaults.has(p) || b === undefined)) continue;
      if (newDefaults.has(p) && a === undefined) continue;
      // An agentConfig field with a documented default is compared with the default filled in
      // where a side has none: giving the default explicitly, or no longer giving it, is no
      // change. A value an earlier release filled in is what the bot runs with, so it is
      // compared as it is (a user who now asks for another value gets it).
      const fallback = defaultOf(p);
      if (
        fallback !== undefined &&
        same(a === undefined ? fallback : a, b === undefined ? fallback : b)
      ) {
        continue;
      }
      out.push({ path: p, removed: b === undefined });
    }
  }
  return out;
}
