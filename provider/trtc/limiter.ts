/**
 * A client-side rate limiter: at most `cap` calls of an action in any sliding one-second window,
 * like the API counts them. One instance per provider process, shared by every resource (see
 * {@link sharedLimiter}), so a stack of hundreds of bots stays under the cap instead of failing.
 *
 * The API's caps belong to the account (API 3.0 rate limits, cloud.tencent.com document
 * 1278/109059: per action, region and sub-account, under a main-account cap), so other processes
 * with keys of the account share them. When the API throttles anyway, the limiter backs off:
 * additive increase, multiplicative decrease. A `RequestLimitExceeded` halves the action's rate
 * (at most once per window); each window of answered calls without one adds a call per second
 * back, up to the configured cap. Two stacks of one account, both at full speed, so settle on
 * about half the cap each instead of failing each other's calls.
 */

/** Extra spacing added to the window, for the jitter between our clock and the API's. */
const MARGIN_MS = 30;

/** Sliding-window limiter keyed by action. A cap of 0 (or less) lifts the limit. */
export class SlidingWindowLimiter {
  private readonly grants = new Map<string, { t: number }[]>();
  private readonly tails = new Map<string, Promise<void>>();
  /** The rate each action backs off to, calls per second, while below its cap. */
  private readonly reduced = new Map<string, { rate: number; changedAt: number }>();

  constructor(
    public caps: Record<string, number>,
    private readonly windowMs = 1000,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms)),
  ) {}

  /**
   * Resolves when a call of `action` may be sent; callers are served in order. Call the returned
   * function when the call's answer arrives: the slot then counts from that moment, which is no
   * earlier than when the API counted the call, so network jitter cannot push it over the cap.
   */
  acquire(action: string): Promise<() => void> {
    const cap = this.capOf(action);
    if (!(cap > 0) || !Number.isFinite(cap)) return Promise.resolve(() => undefined);
    const prev = this.tails.get(action) ?? Promise.resolve();
    const next = prev.then(() => this.waitTurn(action));
    this.tails.set(
      action,
      next.then(
        () => undefined,
        () => undefined,
      ),
    );
    return next;
  }

  private async waitTurn(action: string): Promise<() => void> {
    const times = this.grants.get(action) ?? [];
    this.grants.set(action, times);
    for (;;) {
      const cap = this.capOf(action);
      if (!(cap > 0)) return () => undefined;
      const now = this.now();
      while (times.length > 0 && now - times[0].t >= this.windowMs + MARGIN_MS) times.shift();
      if (times.length < cap) {
        const grant = { t: now };
        times.push(grant);
        return () => {
          grant.t = Math.max(grant.t, this.now());
        };
      }
      await this.sleep(Math.max(1, times[0].t + this.windowMs + MARGIN_MS - now));
    }
  }

  /** Calls per second `action` may make now: its cap, or less while backing off. */
  capOf(action: string): number {
    const cap = this.caps[action];
    if (!(cap > 0) || !Number.isFinite(cap)) return cap;
    const r = this.reduced.get(action);
    return r ? Math.min(cap, Math.max(1, Math.floor(r.rate))) : cap;
  }

  /** The API answered `action` with RequestLimitExceeded: halve its rate (once per window). */
  throttled(action: string): void {
    const cap = this.caps[action];
    if (!(cap > 0) || !Number.isFinite(cap)) return;
    const now = this.now();
    const r = this.reduced.get(action);
    if (r && now - r.changedAt < this.windowMs) return; // the same burst, already answered
    this.reduced.set(action, { rate: Math.max(1, this.capOf(action) / 2), changedAt: now });
  }

  /** The API answered `action` without throttling: after a calm window, add a call per second. */
  answered(action: string): void {
    const r = this.reduced.get(action);
    if (!r) return;
    const now = this.now();
    if (now - r.changedAt < this.windowMs) return;
    const rate = r.rate + 1;
    if (rate >= this.caps[action]) this.reduced.delete(action);
    else this.reduced.set(action, { rate, changedAt: now });
  }
}

const GLOBAL_KEY = "__pulumiTrtcRateLimiter";

/**
 * The limiter of this process. Kept on `globalThis` so that every copy of this package the
 * provider host loads (state written by older releases may name another path of it) counts
 * against the same caps. The latest configured caps win.
 */
export function sharedLimiter(caps: Record<string, number>): SlidingWindowLimiter {
  const g = globalThis as unknown as Record<string, SlidingWindowLimiter | undefined>;
  const existing = g[GLOBAL_KEY];
  if (existing) {
    existing.caps = { ...caps };
    return existing;
  }
  const created = new SlidingWindowLimiter({ ...caps });
  g[GLOBAL_KEY] = created;
  return created;
}
