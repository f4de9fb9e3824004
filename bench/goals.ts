/**
 * Goals of the benchmark, judged on unrounded values: a figure is printed with as many decimals
 * as it takes for the printed number to fall on the same side of the limit as the real one, so
 * no rounding turns a miss into a pass (1.1004 against ≤ 1.1 prints 1.1004, not 1.10).
 */

/** How a value must compare with its limit. */
export type Comparison = "<=" | ">=" | "==";

/** One goal and whether the run met it. */
export interface GoalResult {
  /** What is measured, e.g. "`up` at N = 200 / L". */
  name: string;
  value: number;
  comparison: Comparison;
  limit: number;
  met: boolean;
  /** The value as printed: never on the other side of the limit from the real value. */
  shown: string;
}

function holds(value: number, comparison: Comparison, limit: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (comparison === "<=") return value <= limit;
  if (comparison === ">=") return value >= limit;
  return value === limit;
}

/**
 * `value` printed with `decimals` decimals, or more when fewer would put it on the other side of
 * `limit` (or make it equal where it is not).
 */
export function shownAgainst(value: number, limit: number, decimals = 2): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  for (let d = decimals; d <= 12; d++) {
    const text = value.toFixed(d);
    const printed = Number(text);
    if (Math.sign(printed - limit) === Math.sign(value - limit)) return text;
  }
  return String(value);
}

/** Judges one goal. */
export function goal(
  name: string,
  value: number,
  comparison: Comparison,
  limit: number,
  decimals = 2,
): GoalResult {
  return {
    name,
    value,
    comparison,
    limit,
    met: holds(value, comparison, limit),
    shown: shownAgainst(value, limit, decimals),
  };
}

/** A goal as one line of the README: `name: shown (goal ≤ limit): met|missed`. */
export function goalLine(g: GoalResult): string {
  const sign = g.comparison === "<=" ? "≤" : g.comparison === ">=" ? "≥" : "=";
  return `${g.name}: ${g.shown} (goal ${sign} ${g.limit}): **${g.met ? "met" : "missed"}**`;
}

/**
 * The Python cell's goal for `up` of N = 200 bots from the Python program: at most this many
 * times L of the no-op native plugin driven from the same program in the same run.
 */
export const PYTHON_UP_RATIO_GOAL = 1.2;
