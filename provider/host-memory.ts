/**
 * Keeping the dynamic-provider host's young generation at no more than 16 MiB semi-spaces,
 * instead of letting V8 double it once calls are in flight.
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
 * runs plain `node`), so the provider adjusts it from inside, at each call it serves.
 *
 * How: V8 reads `--semi-space-growth-factor` only when it grows the new space
 * (`SemiSpaceNewSpace::Grow`: new capacity = min(max, factor × capacity)). At each call, the
 * provider sets it with `v8.setFlagsFromString` (only when the value changes): 1 while the new
 * space has 16 MiB semi-spaces or more, so it grows no further, and V8's default 2 while it is
 * smaller, so a young generation that V8 shrank (it does when allocation is slow, as while bots
 * prepare) or that has not grown yet grows back as before. The effect is that of
 * `--max-semi-space-size=16` from the first call on. Caveats:
 *  - V8 refuses a factor below 2 on the command line (a minimum-value implication in its flag
 *    definitions); set at run time, the value is taken as is. Node.js warns that changing flags
 *    after start may do nothing or behave unpredictably, so it is done only on the Node.js lines
 *    it was checked on (20, 22, 24); elsewhere the flag may be unknown (V8 then prints
 *    "Error: unrecognized flag" to stderr) or ignored, and nothing is set.
 *  - The flag is process-wide: other dynamic providers of the same program, which share the
 *    host, get the same cap.
 *  - More minor collections (in that run: 13 instead of 8 during `up`), and a host that keeps
 *    many objects alive for a while promotes more of them to the old generation, which can cost
 *    more memory than it saves.
 *  - `PULUMI_TRTC_V8_DEFAULTS` set to anything but "" or "0" leaves V8 alone (read at each call).
 * Any error while adjusting is swallowed: this is tuning, never a reason for a call to fail.
 */
import * as v8 from "node:v8";

/** Set to anything but "" or "0" to keep V8's own young-generation growth in the provider host. */
export const V8_DEFAULTS_ENV = "PULUMI_TRTC_V8_DEFAULTS";

/** V8's own growth factor of the new space. */
export const V8_DEFAULT_FACTOR = 2;

/** Node.js major versions whose V8 was checked to read the flag as described. */
export const MEASURED_NODE_MAJORS: readonly number[] = [20, 22, 24];

/** New-space size (both semi-spaces) from which growth stops: two 16 MiB semi-spaces. */
export const MIN_NEW_SPACE_BYTES = 32 * 2 ** 20;

/** What {@link decideGrowthFactor} looks at. */
export interface HostFacts {
  /** Major version of the running Node.js. */
  nodeMajor: number;
  /** Current size of V8's new space, bytes (`v8.getHeapSpaceStatistics()`). */
  newSpaceBytes: number;
  /** The environment ({@link V8_DEFAULTS_ENV}). */
  env: NodeJS.ProcessEnv;
}

/** The growth factor to set, or why none is set. */
export type GrowthDecision =
  | { factor: 1 | typeof V8_DEFAULT_FACTOR }
  | { factor: undefined; reason: "opted out" | "unmeasured Node.js" };

/** Whether {@link V8_DEFAULTS_ENV} asks to leave V8 alone. */
function optedOut(env: NodeJS.ProcessEnv): boolean {
  const value = env[V8_DEFAULTS_ENV];
  return value !== undefined && value !== "" && value !== "0";
}

/** Why nothing is set on this host, or undefined when the factor follows the heap. */
function leftAlone(env: NodeJS.ProcessEnv, nodeMajor: number): GrowthDecision | undefined {
  if (optedOut(env)) return { factor: undefined, reason: "opted out" };
  if (!MEASURED_NODE_MAJORS.includes(nodeMajor)) {
    return { factor: undefined, reason: "unmeasured Node.js" };
  }
  return undefined;
}

/** Decides the growth factor {@link adjustYoungGenerationGrowth} sets (pure, for tests). */
export function decideGrowthFactor(facts: HostFacts): GrowthDecision {
  return (
    leftAlone(facts.env, facts.nodeMajor) ?? {
      factor: facts.newSpaceBytes >= MIN_NEW_SPACE_BYTES ? 1 : V8_DEFAULT_FACTOR,
    }
  );
}

/**
 * The running process's facts. The heap is only read where the factor follows it (another
 * runtime may not implement `v8.getHeapSpaceStatistics`).
 */
export function currentHostFacts(env: NodeJS.ProcessEnv = process.env): HostFacts {
  const nodeMajor = Number(process.versions.node.split(".")[0]);
  if (leftAlone(env, nodeMajor)) return { nodeMajor, newSpaceBytes: 0, env };
  const newSpace = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
  return { nodeMajor, newSpaceBytes: newSpace?.space_size ?? 0, env };
}

/** The factor this module last set (V8's default until then). */
let factorSet: number = V8_DEFAULT_FACTOR;

/**
 * Sets the new space's growth factor {@link decideGrowthFactor} asks for, if it differs from the
 * one set last. Call it at each provider call, in the provider host only. Never throws.
 */
export function adjustYoungGenerationGrowth(env: NodeJS.ProcessEnv = process.env): GrowthDecision {
  try {
    const decision = decideGrowthFactor(currentHostFacts(env));
    const wanted = decision.factor ?? V8_DEFAULT_FACTOR;
    if (wanted !== factorSet) {
      v8.setFlagsFromString(`--semi-space-growth-factor=${wanted}`);
      factorSet = wanted;
    }
    return decision;
  } catch {
    return { factor: undefined, reason: "unmeasured Node.js" };
  }
}
