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
import { AGENT_FIELDS, START_FIELDS, updatableKeys } from "./fields";
import {
  digestOf,
  SECRET_PATHS_BY_UNIT,
  secretValuesOf,
  snapshotOfState,
  unitOfSecret,
  unitsOf,
} from "./snapshot";

export { CONFIG_KEYS } from "./snapshot";

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
 * Compares a state record (snapshot.ts: the digests of the configuration it was created or
 * updated from) with new checked inputs.
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

/** One changed comparison unit (snapshot.ts): its path, and whether the new inputs no longer have it. */
export interface ChangedPath {
  path: string;
  removed: boolean;
}

/** Whether a value is, or holds, a value the engine does not know yet (preview). */
function holdsUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE || (JSON.stringify(value)?.includes(UNKNOWN_VALUE) ?? false);
}

/** The raw new value of a unit, secrets included: a top-level input or one agentConfig field. */
function rawValue(news: Record<string, unknown>, unit: string): unknown {
  const [group, field] = unit.split(".");
  const value = news[group];
  if (field === undefined) return value;
  return value !== null && typeof value === "object"
    ? (value as Record<string, unknown>)[field]
    : value;
}

/**
 * The comparison units of configuration (a top-level input, or one agentConfig field) that
 * changed from the state record `olds` to the new checked inputs `news`, ignoring defaults filled
 * in on either side and a derived SessionId. A value still unknown (preview) counts as changed.
 * A record that holds no configuration (an imported bot) is compared on what it holds only.
 */
export function changedPaths(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): ChangedPath[] {
  const before = snapshotOfState(olds);
  const after = unitsOf(news);
  const newSecrets = secretValuesOf(news);
  const oldDefaults = defaulted(olds);
  const newDefaults = defaulted(news);
  // A SessionId the provider derived is not configuration: only a user-given one is compared
  // (set, changed or removed). State without defaultsApplied cannot tell, and is treated as
  // derived.
  const oldDerived = !Array.isArray(olds.defaultsApplied) || oldDefaults.has("sessionId");
  const secretUnits = [...Object.keys(before.secrets), ...Object.keys(newSecrets)].map(
    unitOfSecret,
  );
  const units = new Set([...Object.keys(before.digests), ...after.keys(), ...secretUnits]);
  const out: ChangedPath[] = [];
  for (const unit of units) {
    if (before.onlyThese && !Object.hasOwn(before.digests, unit)) continue;
    if (unit === "sessionId" && news.sessionId === undefined && oldDerived) continue;
    const raw = rawValue(news, unit);
    if (holdsUnknown(raw)) {
      out.push({ path: unit, removed: false });
      continue;
    }
    const secretsSame = (SECRET_PATHS_BY_UNIT.get(unit) ?? []).every(
      (p) => JSON.stringify(before.secrets[p]) === JSON.stringify(newSecrets[p]),
    );
    if (
      secretsSame &&
      plainSame(unit, before.digests[unit], after.get(unit), oldDefaults, newDefaults)
    ) {
      continue;
    }
    out.push({ path: unit, removed: raw === undefined });
  }
  return out;
}

/**
 * Whether a unit's plain value is unchanged: the same digest; or a default filled in by check()
 * on either side, where the other side has the same default or none at all (a release that added
 * or removed a default), which is not the user's change; or an agentConfig field with a
 * documented default, compared with the default filled in where a side has none (giving the
 * default explicitly, or no longer giving it, is no change; a value an earlier release filled in
 * is what the bot runs with, so it is compared as it is).
 */
function plainSame(
  unit: string,
  oldDigest: string | undefined,
  newValue: unknown,
  oldDefaults: Set<string>,
  newDefaults: Set<string>,
): boolean {
  const newDigest = newValue === undefined ? undefined : digestOf(newValue);
  if (oldDigest === newDigest) return true;
  if (oldDefaults.has(unit) && (newDefaults.has(unit) || newValue === undefined)) return true;
  if (newDefaults.has(unit) && oldDigest === undefined) return true;
  const fallback = defaultOf(unit);
  if (fallback === undefined) return false;
  return (oldDigest ?? digestOf(fallback)) === (newDigest ?? digestOf(fallback));
}
