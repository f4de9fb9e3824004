/**
 * SessionId derivation. The SessionId is the idempotency key of StartAIConversation: the API
 * refuses a second active task with the same one (`FailedOperation.TaskExist`), and a task can be
 * found by it when a start's response was lost. Deriving it from the resource's identity and its
 * configuration makes a retry or a re-run of the same desired state reuse it, while a replacement
 * (a changed configuration) gets a new one.
 */
import { createHash } from "node:crypto";
import { withAgentDefaults, type NormalizedInputs } from "./check";
import { START_FIELDS } from "./fields";

/**
 * The inputs a derived SessionId hashes: every top-level input of the table but the SessionId
 * itself (the provider's bookkeeping is not an input). Earlier releases hashed the same keys, so
 * a re-run after a lost start derives the same SessionId across an upgrade.
 */
const HASHED = Object.keys(START_FIELDS).filter((k) => k !== "sessionId");

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

/**
 * The SessionId to use: the user's own, or `pt-` + 40 hex digits of SHA-256 over the resource's
 * scope (`project/stack/name`), its configuration and the attempt number (bumped when an earlier
 * derived SessionId is held by a task this resource cannot adopt).
 */
export function sessionIdFor(inputs: NormalizedInputs, attempt = 0): string {
  if (inputs.sessionId) return attempt === 0 ? inputs.sessionId : `${inputs.sessionId}-${attempt}`;
  const config: Record<string, unknown> = {};
  const values = inputs as unknown as Record<string, unknown>;
  for (const k of HASHED) if (values[k] !== undefined) config[k] = values[k];
  // With its defaults, as earlier releases stored and hashed it: the same SessionId either way.
  if (inputs.agentConfig) config.agentConfig = withAgentDefaults(inputs.agentConfig);
  const digest = createHash("sha256")
    .update(JSON.stringify(canonical({ scope: inputs.sessionScope ?? "", config, attempt })))
    .digest("hex");
  return `pt-${digest.slice(0, 40)}`;
}
