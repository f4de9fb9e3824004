/**
 * Keeping the dynamic-provider host's young generation at the size it has when the provider
 * starts working, instead of letting V8 double it once calls are in flight.
 *
 * Why: V8 doubles the young generation (new space) after the bytes that survived minor garbage
 * collections since its last growth exceed its capacity (`Heap::ShouldResizeNewSpace`,
 * src/heap/heap.cc). A host that starts bots and waits for them keeps more objects alive across
 * collections than one whose calls return at once (sockets, requests, responses of calls in
 * flight), so on Node.js 24, whose V8 lets semi-spaces reach 64 MiB, the host goes from 16 MiB
 * to 32 MiB semi-spaces during `up`: in a development run at N = 200, 192–194 MiB peak RSS
 * against the no-op provider's 152 MiB, and 172–173 MiB with the cap (the bench's figures are in
 * the README).
 * A library cannot pass V8 flags to the host the engine starts (`pulumi-resource-pulumi-nodejs`
 * runs plain `node`), so the cap is set from inside it, once, at the provider's first call.
 *
 * How: `--semi-space-growth-factor=1`, set with `v8.setFlagsFromString`. V8 reads the factor only
 * when it grows the new space (`SemiSpaceNewSpace::Grow`: new capacity = min(max, factor ×
 * capacity)), so with 1 the capacity stays where it is; nothing else changes. It is set only
 *  - on the Node.js lines it was checked on (20, 22, 24; the unit test runs on 24): elsewhere
 *    the flag may be unknown (V8 then prints "Error: unrecognized flag" to stderr) or ignored;
 *  - when the young generation already has 16 MiB semi-spaces (the size V8 reaches while the
 *    host loads @pulumi/pulumi), so a smaller one is never frozen;
 *  - unless `PULUMI_TRTC_V8_DEFAULTS` is set (any value but "" or "0"), which leaves V8 alone.
 * The flag is process-wide: other dynamic providers of the same program, which share the host,
 * get the same cap. The trade-off is more minor collections (in that run: 13 instead of 8 during
 * `up`, ~65 ms instead of ~40 ms in all), and a program whose providers keep many objects alive
 * for a while may promote more to the old generation; set the variable to compare.
 */
import * as v8 from "node:v8";

/** Set to anything but "" or "0" to keep V8's own young-generation growth in the provider host. */
export const V8_DEFAULTS_ENV = "PULUMI_TRTC_V8_DEFAULTS";

/** The flag that keeps the new space at its current capacity. */
export const NO_GROWTH_FLAG = "--semi-space-growth-factor=1";

/** Node.js major versions whose V8 was checked to read the flag as described. */
export const MEASURED_NODE_MAJORS: readonly number[] = [20, 22, 24];

/** New-space size (both semi-spaces) from which the cap applies: two 16 MiB semi-spaces. */
export const MIN_NEW_SPACE_BYTES = 32 * 2 ** 20;

/** What {@link decideYoungGenerationCap} looks at. */
export interface HostFacts {
  /** Major version of the running Node.js. */
  nodeMajor: number;
  /** Current size of V8's new space, bytes (`v8.getHeapSpaceStatistics()`). */
  newSpaceBytes: number;
  /** The environment ({@link V8_DEFAULTS_ENV}). */
  env: NodeJS.ProcessEnv;
}

/** Whether to cap, and why not when not. */
export type CapDecision =
  | { cap: true }
  | { cap: false; reason: "opted out" | "unmeasured Node.js" | "young generation still small" };

/** Decides whether {@link capYoungGenerationGrowth} sets the flag (pure, for tests). */
export function decideYoungGenerationCap(facts: HostFacts): CapDecision {
  const optOut = facts.env[V8_DEFAULTS_ENV];
  if (optOut !== undefined && optOut !== "" && optOut !== "0") {
    return { cap: false, reason: "opted out" };
  }
  if (!MEASURED_NODE_MAJORS.includes(facts.nodeMajor)) {
    return { cap: false, reason: "unmeasured Node.js" };
  }
  if (facts.newSpaceBytes < MIN_NEW_SPACE_BYTES) {
    return { cap: false, reason: "young generation still small" };
  }
  return { cap: true };
}

/** The running process's facts. */
export function currentHostFacts(env: NodeJS.ProcessEnv = process.env): HostFacts {
  const newSpace = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
  return {
    nodeMajor: Number(process.versions.node.split(".")[0]),
    newSpaceBytes: newSpace?.space_size ?? 0,
    env,
  };
}

/**
 * Stops V8 from growing this process's young generation further, when
 * {@link decideYoungGenerationCap} says so. Call it in the provider host only.
 */
export function capYoungGenerationGrowth(facts: HostFacts = currentHostFacts()): CapDecision {
  const decision = decideYoungGenerationCap(facts);
  if (decision.cap) v8.setFlagsFromString(NO_GROWTH_FLAG);
  return decision;
}
