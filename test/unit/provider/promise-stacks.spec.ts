import { strict as assert } from "node:assert";
import { pausePromiseStacks } from "../../../provider/promise-stacks";

const hasFrames = (stack: string | undefined) => /\n\s+at /.test(String(stack));

describe("pausePromiseStacks", () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    else process.env.PULUMI_DEBUG_PROMISE_LEAKS = saved;
  });

  it("records no frames while paused and puts the limit back after", () => {
    const before = Error.stackTraceLimit;
    const stacks = pausePromiseStacks();
    const paused = new Error("inside").stack;
    stacks.restore();
    assert.equal(paused, "Error: inside");
    assert.equal(Error.stackTraceLimit, before);
    assert.ok(hasFrames(new Error("after").stack));
  });

  it("records stacks as usual when PULUMI_DEBUG_PROMISE_LEAKS is set (the SDK then prints them)", () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    const stacks = pausePromiseStacks();
    try {
      assert.ok(hasFrames(new Error("inside").stack));
    } finally {
      stacks.restore();
    }
  });

  it("gives an error thrown while paused the stack where it was caught, without the frames above `below`", () => {
    function register(): never {
      throw new Error("Missing resource name argument");
    }
    function construct(): unknown {
      const stacks = pausePromiseStacks();
      try {
        return register();
      } catch (err) {
        return stacks.withStack(err, construct);
      } finally {
        stacks.restore();
      }
    }
    const err = construct() as Error;
    assert.match(String(err.stack), /^Error: Missing resource name argument\n\s+at /);
    assert.doesNotMatch(String(err.stack), /at construct /);
    assert.match(String(err.stack), /promise-stacks\.spec\.ts/); // this test, the caller
  });

  it("leaves an error that has frames, and a limit of 0 set by someone else, as they are", () => {
    const stacks = pausePromiseStacks();
    stacks.restore();
    const err = new Error("made outside");
    const stack = err.stack;
    const again = pausePromiseStacks();
    assert.equal(again.withStack(err, pausePromiseStacks), err);
    again.restore();
    assert.equal(err.stack, stack);

    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      const none = pausePromiseStacks();
      none.restore();
      assert.equal(Error.stackTraceLimit, 0);
    } finally {
      Error.stackTraceLimit = before;
    }
  });
});
