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
   *   tasks' recorded start and stop times must stay in the past.
   * @throws RangeError when `seconds` is negative or not finite.
   */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError(
        `Invalid value for advanceSeconds: ${String(seconds)}. Use a finite number >= 0.`,
      );
    }
    this.offsetMs += seconds * 1000;
  }

  /**
   * Restore a previously persisted offset (used when loading a state file).
   *
   * @param offsetMs - Milliseconds ahead of real time; negative values are ignored.
   */
  restoreOffset(offsetMs: number): void {
    if (Number.isFinite(offsetMs) && offsetMs > this.offsetMs) this.offsetMs = offsetMs;
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
 */
export function toIso(ms: number): string {
  return new RealDate(Math.floor(ms)).toISOString();
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
