/** Retries with exponential backoff and full jitter, bounded in attempts and in time. */
import { isRetryable, TrtcApiError } from "./errors";

/** Bounds of {@link withRetry}. */
export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Give up once this much time has passed since the first attempt (ms). */
  maxElapsedMs: number;
  /** First backoff ceiling (ms). @default 250 */
  baseDelayMs?: number;
  /** Largest backoff (ms). @default 8000 */
  maxDelayMs?: number;
  /** Random source in [0, 1); for tests. */
  random?: () => number;
  /** Sleep; for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock; for tests. */
  now?: () => number;
  /** Called before each retry with the error that caused it. */
  onRetry?: (err: TrtcApiError, attempt: number, delayMs: number) => void;
}

/**
 * Runs `fn` until it succeeds, fails with a non-retryable error (auth, parameter, business rule),
 * or the bounds run out. Throttling, InternalError-class and transport errors are retried.
 * The final error reports how many attempts were made.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions,
): Promise<T> {
  const base = opts.baseDelayMs ?? 250;
  const cap = opts.maxDelayMs ?? 8000;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const retryable = isRetryable(err);
      const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
      const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
      const outOfTime = now() + delay - started > opts.maxElapsedMs;
      if (!retryable || attempt > opts.maxRetries || outOfTime) {
        if (err instanceof TrtcApiError && attempt > 1) {
          throw new TrtcApiError({
            action: err.action,
            code: err.code,
            message: err.apiMessage,
            requestId: err.requestId,
            attempts: attempt,
          });
        }
        throw err;
      }
      opts.onRetry?.(err as TrtcApiError, attempt, delay);
      await sleep(delay);
    }
  }
}
