/**
 * SessionId derivation. The SessionId is the idempotency key of StartAIConversation: the API
 * refuses a second active task with the same one (`FailedOperation.TaskExist`), and a task can be
 * found by it when a start's response was lost. Deriving it from the resource's identity and its
 * configuration makes a retry or a re-run of the same desired state reuse it, while a replacement
 * (a changed configuration) gets a new one.
 *
 * The SessionId is plain text in state, in outputs and at Tencent, so it holds no secret: each
 * secret field counts by its presence only (a fixed marker), never by its value. A hash over a
 * key would let anyone with the state confirm a guessed key offline; a rotated key keeps the
 * SessionId (the replacement that a rotation makes moves on from a SessionId held by the
 * stopped task, as for any held one).
 */
import { createHash } from "node:crypto";
import type { ResolvedInputs } from "./model";
import { SECRET_PATHS, START_FIELDS, configurationKeys } from "./fields";

/** The prefix of every SessionId the provider derives. */
export const DERIVED_PREFIX = "pt-";

/** What a secret field's value is hashed as. */
const SECRET_MARKER = "[secret]";

/**
 * The inputs a derived SessionId hashes: the bot's configuration (fields.ts), without the
 * SessionId itself and without inputs that only say how the provider works (`updateInPlace`,
 * adoption), which the diff never compares either. 0.1.0 hashed every top-level input with the
 * secrets' values; SessionIds it derived stay in state as they are.
 */
const HASHED = configurationKeys(START_FIELDS).filter((k) => k !== "sessionId");

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** `config` with each secret field that has a value replaced by {@link SECRET_MARKER}. */
function withSecretsMarked(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const path of SECRET_PATHS) {
    const [group, key] = path.split(".");
    const value = out[group];
    if (value === null || typeof value !== "object" || Array.isArray(value)) continue;
    const fields = value as Record<string, unknown>;
    if (fields[key] === undefined) continue;
    out[group] = { ...fields, [key]: SECRET_MARKER };
  }
  return out;
}

/**
 * The SessionId to use: the user's own, or `pt-` + 40 hex digits of SHA-256 over the resource's
 * scope (`project/stack/name`), its configuration with secrets as markers, and the attempt
 * number (bumped when an earlier derived SessionId is held by a task this resource cannot adopt).
 */
export function sessionIdFor(inputs: ResolvedInputs, attempt = 0): string {
  if (inputs.sessionId) return attempt === 0 ? inputs.sessionId : `${inputs.sessionId}-${attempt}`;
  // agentConfig with its defaults: the same SessionId whether a default is given or left out.
  const values: Record<string, unknown> = inputs;
  const config: Record<string, unknown> = {};
  for (const k of HASHED) if (values[k] !== undefined) config[k] = values[k];
  const hashed = withSecretsMarked(config);
  const digest = createHash("sha256")
    .update(
      JSON.stringify(canonical({ scope: inputs.sessionScope ?? "", config: hashed, attempt })),
    )
    .digest("hex");
  return `${DERIVED_PREFIX}${digest.slice(0, 40)}`;
}
