/**
 * Faults on demand, for testing clients' retry and idempotency logic. A fault matches one action
 * (or `*`), fires on the next `count` matching calls and/or with probability `probability` drawn
 * from its own seeded PRNG (so a run is reproducible), and does one of:
 * - `error`: answer with an error envelope (`code`, default `InternalError`);
 * - `latency`: wait `latencyMs` before handling the call normally;
 * - `drop`: destroy the connection without answering;
 * - `commit-then-lose`: perform the call, then destroy the connection (or, when `code` is
 *   given, answer with that error) - the client sees a failure although the task exists. If
 *   the operation itself fails (bad parameters, unknown task) its error is answered normally,
 *   since nothing was committed.
 * Faults apply only to authenticated, well-formed calls; the decision is made before parameter
 * checks, in the order the faults were added; latency adds up, the first other firing fault wins.
 */
import { type Action, isAction } from "./constants";

/** What a fault does when it fires. */
export type FaultMode = "error" | "latency" | "drop" | "commit-then-lose";

const MODES: readonly FaultMode[] = ["error", "latency", "drop", "commit-then-lose"];

/** A fault as configured through `POST /_emulator/faults` or `addFault()`. */
export interface FaultSpec {
  /** The action it applies to, or `*` for all five. */
  action: Action | "*";
  /** What happens when it fires. */
  mode: FaultMode;
  /**
   * Error code to answer with (`error`; optional for `commit-then-lose`).
   * @default "InternalError" for `error`
   */
  code?: string;
  /**
   * Text placed into the error message of an `error` (or `commit-then-lose` with a code) fault,
   * e.g. a value a client sent, so tests can prove the client scrubs it from what it shows.
   * At most 1,024 characters.
   */
  message?: string;
  /** Fire on at most this many matching calls, then disappear. Unlimited when absent. */
  count?: number;
  /** Chance in (0, 1] that a matching call fires it. Always when absent. */
  probability?: number;
  /**
   * Seed of this fault's PRNG.
   * @default 1
   */
  seed?: number;
  /**
   * Delay for `latency`, in milliseconds.
   * @default 1000
   */
  latencyMs?: number;
}

/** What the API pipeline must do for one call. */
export interface FaultDecision {
  /** Milliseconds to wait before continuing (sum of firing latency faults). */
  latencyMs: number;
  /** The terminal fault that fired, if any. */
  fault?: { mode: Exclude<FaultMode, "latency">; code?: string; message?: string };
}

/**
 * mulberry32: a tiny, well-distributed 32-bit PRNG; enough for reproducible fault schedules.
 *
 * @param seed - Any number; the same seed gives the same sequence.
 * @returns A function returning floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CODE = /^[A-Za-z]+(\.[A-Za-z0-9]+)*$/;

/**
 * Check a fault specification received as JSON.
 *
 * @param input - The parsed request body.
 * @returns The spec with defaults applied.
 * @throws Error whose message names the field and the allowed values.
 */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new Error('A fault must be a JSON object like {"action":"*","mode":"error"}.');
  }
  const raw = input as Record<string, unknown>;
  const known = ["action", "mode", "code", "message", "count", "probability", "seed", "latencyMs"];
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      throw new Error(`Unknown fault field: ${key}. Allowed fields are: ${known.join(", ")}.`);
    }
  }
  const { action, mode, code, message, count, probability, seed, latencyMs } = raw;
  if (message !== undefined && (typeof message !== "string" || message.length > 1024)) {
    throw new Error(
      `Invalid value for message: use text of at most 1024 characters (got ${typeof message === "string" ? `${message.length} characters` : typeof message}).`,
    );
  }
  if (typeof action !== "string" || (action !== "*" && !isAction(action))) {
    throw new Error(
      `Invalid value for action: ${JSON.stringify(action)}. Use "*" or one of the five ` +
        `AI-conversation actions, e.g. "StartAIConversation".`,
    );
  }
  if (typeof mode !== "string" || !(MODES as readonly string[]).includes(mode)) {
    throw new Error(
      `Invalid value for mode: ${JSON.stringify(mode)}. Allowed values are: ${MODES.join(", ")}.`,
    );
  }
  if (code !== undefined && (typeof code !== "string" || !CODE.test(code))) {
    throw new Error(
      `Invalid value for code: ${JSON.stringify(code)}. Use an API error code such as InternalError.`,
    );
  }
  const positiveInteger = (name: string, value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
      throw new Error(`Invalid value for ${name}: ${JSON.stringify(value)}. Use an integer >= 1.`);
    }
    return value;
  };
  if (
    probability !== undefined &&
    (typeof probability !== "number" || !(probability > 0 && probability <= 1))
  ) {
    throw new Error(
      `Invalid value for probability: ${JSON.stringify(probability)}. Use a number in (0, 1].`,
    );
  }
  if (seed !== undefined && (typeof seed !== "number" || !Number.isInteger(seed))) {
    throw new Error(`Invalid value for seed: ${JSON.stringify(seed)}. Use an integer.`);
  }
  // Node's timers hold at most 2^31 - 1 ms; a longer delay would silently become 1 ms.
  if (
    latencyMs !== undefined &&
    (typeof latencyMs !== "number" || !(latencyMs >= 0 && latencyMs <= MAX_LATENCY_MS))
  ) {
    throw new Error(
      `Invalid value for latencyMs: ${JSON.stringify(latencyMs)}. Use a number from 0 to ${MAX_LATENCY_MS}.`,
    );
  }
  const spec: FaultSpec = { action: action as Action | "*", mode: mode as FaultMode };
  if (code !== undefined) spec.code = code as string;
  else if (mode === "error") spec.code = "InternalError";
  if (message !== undefined) spec.message = message as string;
  const countValue = positiveInteger("count", count);
  if (countValue !== undefined) spec.count = countValue;
  if (probability !== undefined) spec.probability = probability as number;
  spec.seed = (seed as number | undefined) ?? 1;
  if (mode === "latency") spec.latencyMs = (latencyMs as number | undefined) ?? 1000;
  return spec;
}

/** The longest latency a fault may add (the largest delay Node's timers hold, ~24.8 days). */
export const MAX_LATENCY_MS = 2 ** 31 - 1;

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
  random: () => number;
}

/**
 * The set of active faults and their PRNG state.
 *
 * @example
 * const faults = new FaultInjector();
 * faults.add(parseFaultSpec({ action: "*", mode: "error", count: 1 }));
 * faults.decide("StartAIConversation").fault; // { mode: "error", code: "InternalError" }
 */
export class FaultInjector {
  private faults: ActiveFault[] = [];

  /**
   * Activate a fault (use {@link parseFaultSpec} first for untrusted input).
   *
   * @param spec - The fault.
   */
  add(spec: FaultSpec): void {
    this.faults.push({
      spec,
      remaining: spec.count ?? Infinity,
      random: mulberry32(spec.seed ?? 1),
    });
  }

  /** The active faults with how many firings each has left (`null` = unlimited). */
  list(): Array<FaultSpec & { remaining: number | null }> {
    return this.faults.map((f) => ({
      ...f.spec,
      remaining: Number.isFinite(f.remaining) ? f.remaining : null,
    }));
  }

  /** Remove all faults. */
  clear(): void {
    this.faults = [];
  }

  /**
   * Decide what happens to one call, consuming counts and PRNG draws.
   *
   * @param action - The call's action.
   */
  decide(action: Action): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const fault of this.faults) {
      if (fault.spec.action !== "*" && fault.spec.action !== action) continue;
      if (fault.spec.probability !== undefined && fault.random() >= fault.spec.probability) {
        continue;
      }
      fault.remaining -= 1;
      if (fault.spec.mode === "latency") {
        decision.latencyMs += fault.spec.latencyMs ?? 1000;
        continue;
      }
      decision.fault = { mode: fault.spec.mode };
      if (fault.spec.code !== undefined) decision.fault.code = fault.spec.code;
      if (fault.spec.message !== undefined) decision.fault.message = fault.spec.message;
      break;
    }
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return decision;
  }
}
