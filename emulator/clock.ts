/**
 * Two notions of time. Real time judges signatures, UserSig expiry and rate windows, because
 * clients compute those from their own wall clock. Emulator time drives the task lifecycle
 * (Preparing -> InProgress, MaxIdleTime expiry, retention of Stopped tasks) and can be moved
 * forward by tests, so hour-long behaviour is testable in milliseconds.
 */

/**
 * Captured at load time so that a test which replaces the global `Date` (to make the SDK sign
 * with a skewed timestamp) cannot also skew the emulator running in the same process.
 */
const RealDate = Date;
const systemNow: () => number = Date.now;

/** The latest instant a JavaScript `Date` can hold (+275760-09-13), in milliseconds since the epoch. */
export const MAX_DATE_MS = 8.64e15;

/**
 * The latest emulator time {@link EmulatorClock.advance} moves to: {@link MAX_DATE_MS} less 100
 * years of headroom, so real time passing (or a task's recorded times) cannot carry the emulator
 * past the end of `Date` later, where no instant can be shown or persisted.
 */
export const MAX_EMULATOR_TIME_MS = MAX_DATE_MS - 100 * 365.25 * 86_400_000;

/**
 * Thrown by {@link EmulatorClock.advance} for a step it refuses (negative, not finite, or past
 * {@link MAX_EMULATOR_TIME_MS}); the clock is unchanged. The message names the value and the
 * largest step allowed, so the control endpoint can answer it as a 400.
 */
export class ClockRangeError extends RangeError {
  /** Always `"ClockRangeError"`. */
  override name = "ClockRangeError";
}

/** Milliseconds since the Unix epoch, on the machine's real clock. */
export type RealClock = () => number;

/** The machine's wall clock, immune to a test patching `Date` after this module loaded. */
export const realClock: RealClock = () => systemNow();

/**
 * Emulator time = real time + an offset that only ever grows.
 *
 * @example
 * const clock = new EmulatorClock();
 * clock.advance(90); // tasks now see 90 s more than the wall clock
 */
export class EmulatorClock {
  private offsetMs = 0;

  /**
   * @param real - Source of real time; injectable for unit tests.
   */
  constructor(private readonly real: RealClock = realClock) {}

  /** Emulator time in milliseconds since the epoch. */
  nowMs(): number {
    return this.real() + this.offsetMs;
  }

  /** Real time in milliseconds since the epoch (what signatures are judged against). */
  realNowMs(): number {
    return this.real();
  }

  /** How far emulator time is ahead of real time, in milliseconds. */
  get offset(): number {
    return this.offsetMs;
  }

  /**
   * Move emulator time forward.
   *
   * @param seconds - A finite, non-negative number of seconds; time never runs backwards because
   *   tasks' recorded start and stop times must stay in the past. Emulator time may not pass
   *   {@link MAX_EMULATOR_TIME_MS}.
   * @throws ClockRangeError when `seconds` is negative, not finite, or would move emulator time
   *   past {@link MAX_EMULATOR_TIME_MS}; the offset is then left as it was.
   */
  advance(seconds: number): void {
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
      throw new ClockRangeError(
        `Invalid value for advanceSeconds: ${String(seconds)}. Use a finite number >= 0.`,
      );
    }
    const offsetMs = this.offsetMs + seconds * 1000;
    const nowMs = this.real() + offsetMs;
    if (!Number.isFinite(offsetMs) || !(nowMs <= MAX_EMULATOR_TIME_MS)) {
      const maxSeconds = Math.max(0, Math.floor((MAX_EMULATOR_TIME_MS - this.nowMs()) / 1000));
      throw new ClockRangeError(
        `Invalid value for advanceSeconds: ${String(seconds)}. It would move emulator time past ` +
          `${toIso(MAX_EMULATOR_TIME_MS)}, the latest the emulator allows (100 years before the ` +
          `last date JavaScript can hold). Use at most ${maxSeconds} seconds, or reset the ` +
          `emulator first.`,
      );
    }
    this.offsetMs = offsetMs;
  }

  /**
   * Restore a previously persisted offset (used when loading a state file).
   *
   * @param offsetMs - Milliseconds ahead of real time. Ignored when it is not finite, not ahead
   *   of the current offset, or would put emulator time past {@link MAX_EMULATOR_TIME_MS} (a
   *   state file written before that limit existed), so a bad file cannot break the emulator.
   */
  restoreOffset(offsetMs: number): void {
    if (
      Number.isFinite(offsetMs) &&
      offsetMs > this.offsetMs &&
      this.real() + offsetMs <= MAX_EMULATOR_TIME_MS
    ) {
      this.offsetMs = offsetMs;
    }
  }

  /** Back to real time (used by reset). */
  reset(): void {
    this.offsetMs = 0;
  }
}

/**
 * ISO 8601 text for an emulator-time instant.
 *
 * @param ms - Milliseconds since the epoch.
 * @throws RangeError when `ms` is not finite or beyond ±{@link MAX_DATE_MS}; the clock never
 *   produces such a time.
 */
export function toIso(ms: number): string {
  const date = new RealDate(Math.floor(ms));
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(
      `Cannot show ${String(ms)} ms since the epoch as a date: a Date holds at most ` +
        `±${MAX_DATE_MS} ms.`,
    );
  }
  return date.toISOString();
}

/**
 * The `StartTime` format DescribeAIConversation returns: UTC `YYYY-MM-DD HH:MM:SS.ffffff`
 * (e.g. `2025-04-24 16:15:48.076648`). Our clock has millisecond resolution, so the last three
 * digits are zero.
 *
 * @param ms - Milliseconds since the epoch.
 */
export function toDescribeTime(ms: number): string {
  const iso = toIso(ms); // 2025-04-24T16:15:48.076Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}
