/**
 * Registering a resource without formatting the stack traces @pulumi/pulumi records for its
 * promises.
 *
 * Why: for every property a resource registers, the SDK makes four promises and reads
 * `new Error().stack` on each (`debuggablePromise`, runtime/debuggable.js), a trace it prints only
 * when `PULUMI_DEBUG_PROMISE_LEAKS` is set. In a TypeScript program, reading a stack runs ts-node's
 * source-map formatter (`Error.prepareStackTrace`) over every frame: about 70 µs a trace, so an
 * AIConversation's 13 properties cost ~3.6 ms of the program's time per bot in every preview and
 * update (`--cpu-prof` of the program at N = 200: the largest part of its CPU time).
 *
 * How: V8 formats a stack when it is first read, with the formatter installed at that moment.
 * While the resource registers, the formatter in place is wrapped so that a stack read inside
 * `debuggablePromise` is answered with one line, and every other stack goes to the formatter as
 * before: the resource's source position and stack trace that state records, the error the SDK
 * prepares for a failed registration (read later), and errors of the program's own callbacks keep
 * their frames. Without an installed formatter (plain JavaScript), formatting is V8's own and
 * cheap, and nothing is wrapped; with `PULUMI_DEBUG_PROMISE_LEAKS` set, nothing is wrapped either.
 */

/** Read once, as the SDK reads it when it loads. */
const debugPromiseLeaks = !!process.env.PULUMI_DEBUG_PROMISE_LEAKS;

/** What a skipped trace reads, should anything print it. */
export const SKIPPED_TRACE =
  "Error: stack not formatted while registering (set PULUMI_DEBUG_PROMISE_LEAKS to keep it)";

/** The SDK function whose stack reads are skipped. */
const SKIPPED_FUNCTION = "debuggablePromise";

/** Ends a {@link skipPromiseStacks}. */
export interface PromiseStacksSkip {
  /** Puts the formatter back as it was (unless someone replaced the wrapper since). */
  restore(): void;
}

/**
 * Wraps `Error.prepareStackTrace` so that stacks read in the SDK's `debuggablePromise` are not
 * formatted, until `restore()`. Call it, register synchronously, restore in `finally`.
 * `debug` defaults to whether `PULUMI_DEBUG_PROMISE_LEAKS` was set when this module loaded.
 */
export function skipPromiseStacks(debug: boolean = debugPromiseLeaks): PromiseStacksSkip {
  const format = Error.prepareStackTrace;
  if (debug || typeof format !== "function") return { restore: () => undefined };
  const wrapper: typeof format = (err, frames) =>
    frames[0]?.getFunctionName() === SKIPPED_FUNCTION ? SKIPPED_TRACE : format(err, frames);
  Error.prepareStackTrace = wrapper;
  return {
    restore: () => {
      if (Error.prepareStackTrace === wrapper) Error.prepareStackTrace = format;
    },
  };
}
