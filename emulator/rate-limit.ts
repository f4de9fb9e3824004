/**
 * Per-action request caps, counted per SecretId and action over a sliding one-second window of
 * real time (rate limits protect the real service from real traffic, so emulator-clock jumps
 * must not refill them). Rejected requests do not count against the window.
 */
import { type RealClock, realClock } from "./clock";
import type { Action } from "./constants";

/**
 * Defaults from the international pages (reference §3): Start, Stop, Describe and Update
 * 20/s; Control 50/s.
 */
export const DEFAULT_RATES: Readonly<Record<Action, number>> = {
  StartAIConversation: 20,
  StopAIConversation: 20,
  DescribeAIConversation: 20,
  UpdateAIConversation: 20,
  ControlAIConversation: 50,
};

const WINDOW_MS = 1000;

/**
 * Sliding-window limiter.
 *
 * @example
 * const limiter = new RateLimiter({ StartAIConversation: 2 });
 * limiter.tryAcquire("AKID...", "StartAIConversation"); // true, true, then false within 1 s
 */
export class RateLimiter {
  private readonly rates: Record<Action, number>;
  private readonly windows = new Map<string, number[]>();

  /**
   * @param rates - Per-action caps per second overriding {@link DEFAULT_RATES}; `0` or a
   *   negative number means unlimited.
   * @param now - Real clock, injectable for tests.
   */
  constructor(
    rates: Partial<Record<Action, number>> = {},
    private readonly now: RealClock = realClock,
  ) {
    this.rates = { ...DEFAULT_RATES, ...rates };
  }

  /** The cap per second for `action` (`<= 0` = unlimited). */
  rateFor(action: Action): number {
    return this.rates[action];
  }

  /**
   * Count one request if the window has room.
   *
   * @param secretId - Who is calling.
   * @param action - Which action.
   * @returns `true` when the request is within the cap (and was counted).
   */
  tryAcquire(secretId: string, action: Action): boolean {
    const cap = this.rates[action];
    if (!(cap > 0)) return true;
    const key = `${secretId}\u0000${action}`;
    const now = this.now();
    const recent = (this.windows.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (recent.length >= cap) {
      this.windows.set(key, recent);
      return false;
    }
    recent.push(now);
    this.windows.set(key, recent);
    return true;
  }

  /** Forget all windows (used by reset). */
  reset(): void {
    this.windows.clear();
  }
}
