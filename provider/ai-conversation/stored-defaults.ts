/**
 * Defaults an earlier release stored. 0.1.0 wrote agentConfig's documented defaults into the
 * inputs it checked (and listed them in `defaultsApplied`); this release leaves them out. The
 * engine shows the difference between old and new inputs, so without this every first update
 * after the upgrade previewed `- filterOneWord: true`, `- interruptMode: 0`, … although nothing
 * was removed. A resource that has them in its old inputs keeps them, with their entries, until
 * it is replaced (the engine checks a replacement's inputs without old ones).
 */
import { AGENT_DEFAULTS, type NormalizedInputs } from "./model";

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * `inputs` with each agentConfig default that `olds` (the resource's old inputs) recorded as
 * filled in, and that the new inputs leave out, kept as it was; `defaultsApplied` in the old
 * order, new entries after.
 */
export function keepStoredDefaults(
  inputs: NormalizedInputs,
  olds: Readonly<Record<string, unknown>>,
): NormalizedInputs {
  const oldApplied = Array.isArray(olds.defaultsApplied)
    ? olds.defaultsApplied.filter((p): p is string => typeof p === "string")
    : [];
  const oldAgent = isRecord(olds.agentConfig) ? olds.agentConfig : {};
  const agent: Record<string, unknown> = { ...inputs.agentConfig };
  const kept: string[] = [];
  for (const path of oldApplied) {
    const [group, field, ...rest] = path.split(".");
    if (group !== "agentConfig" || rest.length > 0 || !Object.hasOwn(AGENT_DEFAULTS, field)) {
      continue;
    }
    if (agent[field] !== undefined || oldAgent[field] === undefined) continue;
    agent[field] = oldAgent[field];
    kept.push(path);
  }
  if (kept.length === 0) return inputs;
  const applied = new Set([...inputs.defaultsApplied, ...kept]);
  const ordered = [
    ...oldApplied.filter((p) => applied.has(p)),
    ...[...applied].filter((p) => !oldApplied.includes(p)),
  ];
  return {
    ...inputs,
    agentConfig: agent as NormalizedInputs["agentConfig"],
    defaultsApplied: [...new Set(ordered)],
  };
}
