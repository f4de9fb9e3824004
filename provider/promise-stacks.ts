/**
 * Registering a resource without the stack traces @pulumi/pulumi records for its promises.
 *
 * Why: for every property a resource registers, the SDK makes four promises and records a
 * formatted stack trace on each (`debuggablePromise`), which it prints only when
 * `PULUMI_DEBUG_PROMISE_LEAKS` is set. In a TypeScript program each trace goes through ts-node's
 * source maps: about 70 µs, so an AIConversation's 13 properties cost ~3.6 ms of the program's
 * time per bot in every preview and update (measured with `--cpu-prof` at N = 200: the largest
 * part of the program's CPU). Skipping traces nobody reads removes that cost. With the variable
 * set, traces are recorded as usual. The resource's own source position and stack trace (which
 * state records) are unaffected: the SDK takes them with the limit raised to infinity itself.
 */

/** A function whose call, and the frames above it, a stack leaves out (`Error.captureStackTrace`). */
export type StackTop = Parameters<typeof Error.captureStackTrace>[1];

/** Restores stack capture after {@link pausePromiseStacks}. */
export interface PromiseStacksPause {
  /** Puts `Error.stackTraceLimit` back as it was. */
  restore(): void;
  /**
   * Gives an error thrown while paused (which has no frames) the stack of where it was caught,
   * above `below` (a function to leave out with the frames above it, e.g. the constructor).
   */
  withStack(err: unknown, below: StackTop): unknown;
}

/**
 * Turns V8's stack capture off (`Error.stackTraceLimit = 0`) until `restore()`, unless
 * `PULUMI_DEBUG_PROMISE_LEAKS` is set. Pause, register synchronously, restore in `finally`.
 */
export function pausePromiseStacks(): PromiseStacksPause {
  const limit = Error.stackTraceLimit;
  const paused = !process.env.PULUMI_DEBUG_PROMISE_LEAKS && limit !== 0;
  if (paused) Error.stackTraceLimit = 0;
  return {
    restore: () => {
      if (paused) Error.stackTraceLimit = limit;
    },
    withStack: (err, below) => {
      if (paused && err instanceof Error && !/\n\s+at /.test(String(err.stack))) {
        Error.stackTraceLimit = limit;
        Error.captureStackTrace(err, below);
      }
      return err;
    },
  };
}
