/**
 * The per-path detail of a diff, so that a preview shows which fields change and which of them
 * replace the bot. The decision itself is the core's (ai-conversation/diff.ts); this only
 * labels the units the core compared (`changedPaths`: a top-level input, or one agentConfig
 * field) with the engine's kinds, telling an addition from an update by what the state record
 * holds of the unit (ai-conversation/snapshot.ts).
 */
import type { ChangedPath } from "../ai-conversation/diff";
import { snapshotOfState, unitOfSecret } from "../ai-conversation/snapshot";

/** How one path changes, in the engine's terms (`pulumirpc.PropertyDiff.Kind`). */
export type PathChange =
  "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

/**
 * The change of each path: an addition where the old side has no value, a deletion where the new
 * side has none, else an update; `-replace` where the path's top-level key is one the decision
 * replaces.
 *
 * @param changed - The core's changed leaf paths.
 * @param olds - The state record (old outputs), to tell an addition from an update.
 * @param replaces - The top-level keys the decision replaces.
 */
export function pathChanges(
  changed: readonly ChangedPath[],
  olds: Readonly<Record<string, unknown>>,
  replaces: readonly string[],
): Map<string, PathChange> {
  const before = snapshotOfState(olds);
  const recorded = new Set([
    ...Object.keys(before.digests),
    ...Object.keys(before.secrets).map(unitOfSecret),
  ]);
  const out = new Map<string, PathChange>();
  for (const { path, removed } of changed) {
    const base = removed ? "delete" : recorded.has(path) ? "update" : "add";
    const replacing = replaces.includes(path.split(".")[0]);
    out.set(path, replacing ? `${base}-replace` : base);
  }
  return out;
}
