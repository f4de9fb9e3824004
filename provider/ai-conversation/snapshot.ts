/**
 * What state keeps of a bot's configuration, so that the next diff can tell what changed.
 *
 * The engine's dynamic-provider host hands `diff()`, `update()` and `delete()` the old *outputs*
 * only, never the old inputs; earlier releases therefore echoed every input into the outputs,
 * and state held the configuration twice. State now keeps, per comparison unit (a top-level
 * input, or one field of agentConfig, whose fields UpdateAIConversation treats one by one), a
 * short digest of its value in `configDigest`, and each secret value at its own path (which the
 * engine encrypts, as it does the input of the same path). No secret is ever digested: a digest
 * in plain state would let anyone holding the state confirm a guessed key.
 *
 * Three generations of state are read: this form; the full echo earlier releases wrote (its
 * digests are computed from the echoed values, the same way); and a record that holds no
 * configuration at all (an imported bot), whose configuration is taken on trust.
 */
import { createHash } from "node:crypto";
import { SECRET_PATHS, START_FIELDS, configurationKeys } from "./fields";

/** Top-level inputs that are configuration of the running bot (fields.ts). */
export const CONFIG_KEYS = configurationKeys(START_FIELDS);

/** Digests of a configuration's comparison units, by unit (`roomId`, `agentConfig.maxIdleTime`). */
export type ConfigDigest = Record<string, string>;

/** A configuration as the diff compares it: digests of what is plain, the secrets as they are. */
export interface ConfigSnapshot {
  /** Digest of each unit that has a value, secrets left out. */
  digests: ConfigDigest;
  /** Each secret value by its path (SECRET_PATHS). */
  secrets: Record<string, unknown>;
  /**
   * Set for a record that holds no configuration (an imported bot): only the units in `digests`
   * (the app and region, which identify the task) are compared, the rest is taken on trust.
   */
  onlyThese?: true;
}

/** The comparison unit a secret path belongs to: its agentConfig field, or its group. */
export function unitOfSecret(path: string): string {
  const [group, key] = path.split(".");
  return group === "agentConfig" ? `${group}.${key}` : group;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** JSON with object keys sorted at every level, so that key order never counts as a change. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * A short digest of a plain (never secret) value: 66 bits of SHA-256 over its canonical JSON,
 * enough to tell a change from none.
 */
export function digestOf(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("base64url").slice(0, 11);
}

/** The secret paths (SECRET_PATHS) by the comparison unit they belong to, worked out once. */
export const SECRET_PATHS_BY_UNIT: ReadonlyMap<string, readonly string[]> = groupBy(
  SECRET_PATHS,
  unitOfSecret,
);

/** The secret keys inside each group (`llmConfig` → `apiKey`, …), worked out once. */
const SECRET_KEYS_BY_GROUP: ReadonlyMap<string, readonly string[]> = new Map(
  [...groupBy(SECRET_PATHS, (p) => p.split(".")[0])].map(([group, paths]) => [
    group,
    paths.map((p) => p.split(".")[1]),
  ]),
);

function groupBy(items: readonly string[], keyOf: (item: string) => string) {
  const out = new Map<string, string[]>();
  for (const item of items) out.set(keyOf(item), [...(out.get(keyOf(item)) ?? []), item]);
  return out;
}

/** `value` without the secret keys SECRET_PATHS names inside `group`. */
function withoutSecrets(group: string, value: unknown): unknown {
  if (!isRecord(value)) return value;
  const secretKeys = SECRET_KEYS_BY_GROUP.get(group) ?? [];
  if (!secretKeys.some((k) => k in value)) return value;
  const out = { ...value };
  for (const k of secretKeys) delete out[k];
  return out;
}

/** The comparison units of `inputs` that have a value, with their (plain) values. */
export function unitsOf(inputs: Readonly<Record<string, unknown>>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const key of CONFIG_KEYS) {
    const value = inputs[key];
    if (value === undefined) continue;
    if (key === "agentConfig" && isRecord(value)) {
      for (const [field, v] of Object.entries(value)) {
        const unit = `agentConfig.${field}`;
        if (v !== undefined && !SECRET_PATHS.includes(unit)) out.set(unit, v);
      }
      continue;
    }
    out.set(key, withoutSecrets(key, value));
  }
  return out;
}

/** The secret values of `inputs` (or of a state record), by path. */
export function secretValuesOf(source: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of SECRET_PATHS) {
    const [group, key] = path.split(".");
    const holder = source[group];
    if (isRecord(holder) && holder[key] !== undefined) out[path] = holder[key];
  }
  return out;
}

/** The digests state records for `inputs`. */
export function configDigestOf(inputs: Readonly<Record<string, unknown>>): ConfigDigest {
  const out: ConfigDigest = {};
  for (const [unit, value] of unitsOf(inputs)) out[unit] = digestOf(value);
  return out;
}

/**
 * The secrets of `inputs` as state records them: nested at their own paths (`llmConfig.apiKey`
 * under `llmConfig`), where the engine encrypts them like the inputs of the same paths.
 */
export function secretRecordOf(
  inputs: Readonly<Record<string, unknown>>,
): Record<string, Record<string, unknown>> {
  return nestSecrets(secretValuesOf(inputs));
}

/** Secret values by path (secretValuesOf), nested under their groups as state records them. */
export function nestSecrets(
  values: Readonly<Record<string, unknown>>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [path, value] of Object.entries(values)) {
    const [group, key] = path.split(".");
    out[group] = { ...out[group], [key]: value };
  }
  return out;
}

/**
 * The configuration a state record holds. A record that holds none (an imported bot) yields the
 * app and region it records, with `onlyThese`: its configuration is taken on trust.
 */
export function snapshotOfState(state: Readonly<Record<string, unknown>>): ConfigSnapshot {
  const secrets = secretValuesOf(state);
  if (isRecord(state.configDigest)) {
    const digests: ConfigDigest = {};
    for (const [unit, d] of Object.entries(state.configDigest)) {
      if (typeof d === "string") digests[unit] = d;
    }
    return { digests, secrets };
  }
  // A full echo of the inputs (releases before the digests): agentConfig.userId is required.
  if (isRecord(state.agentConfig) && state.agentConfig.userId !== undefined) {
    const digests = configDigestOf(state);
    // Its sessionId is the task's, an input only when the user gave it.
    const applied = state.defaultsApplied;
    if (!Array.isArray(applied) || applied.includes("sessionId")) delete digests.sessionId;
    return { digests, secrets };
  }
  const digests: ConfigDigest = {};
  for (const key of ["sdkAppId", "region"]) {
    if (state[key] !== undefined) digests[key] = digestOf(state[key]);
  }
  return { digests, secrets: {}, onlyThese: true };
}
