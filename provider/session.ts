/**
 * SessionId derivation. The SessionId is the idempotency key of StartAIConversation: the API
 * refuses a second active task with the same one (`FailedOperation.TaskExist`), and a task can be
 * found by it when a start's response was lost. Deriving it from the resource's identity and its
 * configuration makes a retry or a re-run of the same desired state reuse it, while a replacement
 * (a changed configuration) gets a new one.
 */
import { createHash } from "node:crypto";
import type { NormalizedInputs } from "./schema";

/** Keys that identify the bot's configuration (everything but bookkeeping). */
const IGNORED = ["__provider", "sessionScope", "defaultsApplied", "sessionId"];

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
  for (const [k, v] of Object.entries(inputs)) if (!IGNORED.includes(k)) config[k] = v;
  const digest = createHash("sha256")
    .update(JSON.stringify(canonical({ scope: inputs.sessionScope ?? "", config, attempt })))
    .digest("hex");
  return `pt-${digest.slice(0, 40)}`;
}
