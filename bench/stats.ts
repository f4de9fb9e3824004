/** Summaries of repeated measurements and the floors the benchmark compares against. */

/** The median, minimum and maximum of a set of runs, with the runs themselves. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/** A summary as results keys: `key` (the median), `keyMin`, `keyMax`. */
export function spread(key: string, s: Summary): Record<string, number> {
  return { [key]: s.median, [`${key}Min`]: s.min, [`${key}Max`]: s.max };
}

/** Median, min and max of `xs` (at least one value). */
export function summarize(xs: number[]): Summary {
  if (xs.length === 0) throw new Error("summarize: no runs");
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return {
    median: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2,
    min: s[0],
    max: s[s.length - 1],
    runs: xs,
  };
}

/**
 * The least wall time any dynamic provider could take for `n` resources under a cap of
 * `capPerSecond` calls per second: L = max(T_noop(n), T_noop(1) + n / cap) + `readySeconds`.
 * T_noop is the same engine's time for no-op dynamic resources in the same run: the first term
 * is what the engine itself needs for n resources, the second what the cap allows after the
 * engine's fixed start-up. `readySeconds` is the time the last bot needs to become ready once
 * started (the emulator's preparing time for `up`; 0 for `destroy`).
 */
export function floorSeconds(opts: {
  noopSecondsAtN: number;
  noopSecondsAt1: number;
  n: number;
  capPerSecond: number;
  readySeconds?: number;
}): number {
  const { noopSecondsAtN, noopSecondsAt1, n, capPerSecond, readySeconds = 0 } = opts;
  return Math.max(noopSecondsAtN, noopSecondsAt1 + n / capPerSecond) + readySeconds;
}

/**
 * The floor with the engine's `--parallel` as the limit instead of the cap: every bot holds one
 * of `parallel` slots for at least `readySeconds`, so n bots need T_noop(1) + n × readySeconds /
 * parallel.
 */
export function parallelFloorSeconds(opts: {
  noopSecondsAt1: number;
  n: number;
  readySeconds: number;
  parallel: number;
}): number {
  return opts.noopSecondsAt1 + (opts.n * opts.readySeconds) / opts.parallel;
}
