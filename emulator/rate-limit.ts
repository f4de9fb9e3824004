/**
 * Per-action request caps, counted per account and action over a sliding one-second window of
 * real time (rate limits protect the real service from real traffic, so emulator-clock jumps
 * must not refill them). Rejected requests do not count against the window. Every key of an
 * account counts against the same window (keys.ts).
 */
import { type RealClock, realClock } from "./clock";
import type { Action } from "./constants";
import { SITE_RATES } from "./sites";

/**
 * Defaults of the international site (sites.ts): Start 50/s (intl page 647/64963, 2026-05-21),
 * Stop, Describe and Update 20/s, Control 50/s.
 */
export const DEFAULT_RATES: Readonly<Record<Action, number>> = SITE_RATES.intl;

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
   * @param rates - Per-action caps per second overriding `defaults`; `0` or a negative number
   *   means unlimited.
   * @param now - Real clock, injectable for tests.
   * @param defaults - The site's caps; default {@link DEFAULT_RATES} (the international site).
   */
  constructor(
    rates: Partial<Record<Action, number>> = {},
    private readonly now: RealClock = realClock,
    defaults: Readonly<Record<Action, number>> = DEFAULT_RATES,
  ) {
    this.rates = { ...defaults, ...rates };
  }

  /** The cap per second for `action` (`<= 0` = unlimited). */
  rateFor(action: Action): number {
    return this.rates[action];
  }

  /**
   * Count one request if the window has room.
   *
   * @param account - Whose window the call counts in (keys of one account share it).
   * @param action - Which action.
   * @returns `true` when the request is within the cap (and was counted).
   */
  tryAcquire(account: string, action: Action): boolean {
    const cap = this.rates[action];
    if (!(cap > 0)) return true;
    const key = `${account}\u0000${action}`;
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
