import { strict as assert } from "node:assert";
import { SKIPPED_TRACE, skipPromiseStacks } from "../../../provider/promise-stacks";

/** Stands in for @pulumi/pulumi's runtime/debuggable.js: it reads a fresh stack at once. */
function debuggablePromise(): string | undefined {
  return new Error().stack;
}

describe("skipPromiseStacks", () => {
  const installed = Error.prepareStackTrace;
  let calls = 0;
  /** A formatter like ts-node's: counts its calls and formats every frame. */
  const formatter: typeof Error.prepareStackTrace = (err, frames) => {
    calls++;
    return `${String(err)}\n${frames.map((f) => `    at ${f.toString()}`).join("\n")}`;
  };
  beforeEach(() => {
    calls = 0;
    Error.prepareStackTrace = formatter;
  });
  afterEach(() => {
    Error.prepareStackTrace = installed;
  });

  it("answers stacks read in debuggablePromise with one line and formats no frame for them", () => {
    const skip = skipPromiseStacks(false);
    let trace: string | undefined;
    try {
      trace = debuggablePromise();
    } finally {
      skip.restore();
    }
    assert.equal(trace, SKIPPED_TRACE);
    assert.equal(calls, 0);
    assert.equal(Error.prepareStackTrace, formatter);
  });

  it("hands every other stack to the installed formatter, frames and all", () => {
    const skip = skipPromiseStacks(false);
    let trace: string | undefined;
    try {
      trace = new Error("registration failed").stack;
    } finally {
      skip.restore();
    }
    assert.equal(calls, 1);
    assert.match(String(trace), /^Error: registration failed\n {4}at .*promise-stacks\.spec\.ts/);
  });

  it("leaves a stack made while skipping but read after restore() whole (the SDK's prepared error)", () => {
    const skip = skipPromiseStacks(false);
    const prepared = (function debuggablePromise() {
      return new Error("failed to register new resource bot");
    })();
    skip.restore();
    assert.match(String(prepared.stack), /^Error: failed to register new resource bot\n {4}at /);
  });

  it("skips the stack of @pulumi/pulumi's own debuggablePromise (runtime/debuggable.js)", async () => {
    const sdk = require("@pulumi/pulumi/runtime/debuggable") as {
      debuggablePromise<T>(p: Promise<T>, ctx: string): Promise<T>;
    };
    const outside = sdk.debuggablePromise(Promise.resolve(1), "outside");
    assert.equal(calls, 1); // the SDK reads each promise's stack at once
    const skip = skipPromiseStacks(false);
    let inside: Promise<number>;
    try {
      inside = sdk.debuggablePromise(Promise.resolve(2), "inside");
    } finally {
      skip.restore();
    }
    assert.equal(calls, 1);
    assert.deepEqual(await Promise.all([outside, inside]), [1, 2]);
  });

  it("wraps nothing with PULUMI_DEBUG_PROMISE_LEAKS set (the SDK then prints the traces)", () => {
    const skip = skipPromiseStacks(true);
    assert.equal(Error.prepareStackTrace, formatter);
    assert.match(String(debuggablePromise()), /\n {4}at debuggablePromise /);
    skip.restore();
    assert.equal(calls, 1);
  });

  it("wraps nothing without an installed formatter, and restore() keeps a formatter set since", () => {
    const plain = Error as { prepareStackTrace?: unknown };
    plain.prepareStackTrace = undefined; // no formatter installed: V8 formats by itself
    skipPromiseStacks(false).restore();
    assert.equal(Error.prepareStackTrace, undefined);

    Error.prepareStackTrace = formatter;
    const skip = skipPromiseStacks(false);
    const later: typeof Error.prepareStackTrace = () => "later";
    Error.prepareStackTrace = later;
    skip.restore();
    assert.equal(Error.prepareStackTrace, later);
  });
});
