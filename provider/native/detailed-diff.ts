/**
 * The per-path detail of a diff, so that a preview shows which fields change and which of them
 * replace the bot. The decision itself is the core's (ai-conversation/diff.ts); this only
 * labels the leaf paths the core compared (`changedPaths`) with the engine's kinds.
 */
import type { ChangedPath } from "../ai-conversation/diff";

/** How one path changes, in the engine's terms (`pulumirpc.PropertyDiff.Kind`). */
export type PathChange =
  "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

/**
 * The change of each path: an addition where the old side has no value, a deletion where the new
 * side has none, else an update; `-replace` where the path's top-level key is one the decision
 * replaces.
 *
 * @param changed - The core's changed leaf paths.
 * @param olds - The old outputs, to tell an addition from an update.
 * @param replaces - The top-level keys the decision replaces.
 */
export function pathChanges(
  changed: readonly ChangedPath[],
  olds: Readonly<Record<string, unknown>>,
  replaces: readonly string[],
): Map<string, PathChange> {
  const out = new Map<string, PathChange>();
  for (const { path, removed } of changed) {
    const base = removed ? "delete" : valueAt(olds, path) === undefined ? "add" : "update";
    const replacing = replaces.includes(path.split(".")[0]);
    out.set(path, replacing ? `${base}-replace` : base);
  }
  return out;
}

function valueAt(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
