import assert from "node:assert/strict";
import { TrtcApiError } from "../../../provider/trtc/errors";
import { withRetry, type RetryOptions } from "../../../provider/trtc/retry";

function apiError(code: string, requestId = "r-1") {
  return new TrtcApiError({ action: "StartAIConversation", code, message: "boom", requestId });
}

/** A fake clock whose sleep advances time, plus a record of every sleep. */
function fakeTime(random = () => 0.5) {
  const clock = { t: 0, sleeps: [] as number[] };
  const opts: Pick<RetryOptions, "sleep" | "now" | "random"> = {
    now: () => clock.t,
    sleep: async (ms) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
    random,
  };
  return { clock, opts };
}

/** A function that fails with `errors` in turn, then returns "ok". */
function failing(errors: unknown[]) {
  const calls: number[] = [];
  const fn = async (attempt: number) => {
    calls.push(attempt);
    const err = errors[calls.length - 1];
    if (err !== undefined) throw err;
    return "ok";
  };
  return { fn, calls };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail("expected a rejection");
}

describe("withRetry", () => {
  it("returns at once when the first call succeeds", async () => {
    const { clock, opts } = fakeTime();
    const { fn, calls } = failing([]);
    assert.equal(await withRetry(fn, { ...opts, maxRetries: 5, maxElapsedMs: 10_000 }), "ok");
    assert.deepEqual(calls, [1]);
    assert.deepEqual(clock.sleeps, []);
  });

  it("retries throttling, internal and network errors until a call succeeds", async () => {
    const { clock, opts } = fakeTime();
    const { fn, calls } = failing([
      apiError("RequestLimitExceeded"),
      apiError("InternalError"),
      apiError("NetworkError"),
    ]);
    const seen: Array<[string, number, number]> = [];
    const result = await withRetry(fn, {
      ...opts,
      maxRetries: 5,
      maxElapsedMs: 60_000,
      onRetry: (err, attempt, delay) => seen.push([err.code, attempt, delay]),
    });
    assert.equal(result, "ok");
    assert.deepEqual(calls, [1, 2, 3, 4]);
    assert.equal(clock.sleeps.length, 3);
    assert.deepEqual(
      seen.map(([code, attempt]) => [code, attempt]),
      [
        ["RequestLimitExceeded", 1],
        ["InternalError", 2],
        ["NetworkError", 3],
      ],
    );
    assert.deepEqual(
      seen.map(([, , delay]) => delay),
      clock.sleeps,
    );
  });

  it("grows the delay exponentially within [ceiling/2, ceiling] and caps it", async () => {
    for (const r of [0, 0.5, 0.999999]) {
      const { clock, opts } = fakeTime(() => r);
      const { fn } = failing(Array.from({ length: 9 }, () => apiError("InternalError")));
      await rejection(
        withRetry(fn, {
          ...opts,
          maxRetries: 8,
          maxElapsedMs: 1_000_000,
          baseDelayMs: 100,
          maxDelayMs: 2000,
        }),
      );
      const ceilings = [100, 200, 400, 800, 1600, 2000, 2000, 2000];
      assert.equal(clock.sleeps.length, ceilings.length);
      clock.sleeps.forEach((delay, i) => {
        assert.ok(delay >= ceilings[i] / 2 && delay <= ceilings[i], `r=${r} #${i}: ${delay}`);
        if (i > 0) assert.ok(delay >= clock.sleeps[i - 1], `r=${r}: delays never shrink`);
      });
    }
  });

  it("spreads delays with jitter drawn from the random source", async () => {
    const draws = [0, 1 - 1e-9];
    const { clock, opts } = fakeTime(() => draws.shift() ?? 0);
    const { fn } = failing([apiError("InternalError"), apiError("InternalError")]);
    await withRetry(fn, { ...opts, maxRetries: 5, maxElapsedMs: 60_000, baseDelayMs: 1000 });
    assert.deepEqual(clock.sleeps, [500, 2000]);
  });

  it("uses 250 ms as the default first ceiling and 8 s as the default cap", async () => {
    const { clock, opts } = fakeTime(() => 1 - 1e-9);
    const { fn } = failing(Array.from({ length: 8 }, () => apiError("InternalError")));
    await rejection(withRetry(fn, { ...opts, maxRetries: 7, maxElapsedMs: 1_000_000 }));
    assert.deepEqual(clock.sleeps, [250, 500, 1000, 2000, 4000, 8000, 8000]);
  });

  it("stops after maxRetries retries and reports the attempt count", async () => {
    const { clock, opts } = fakeTime();
    const { fn, calls } = failing(Array.from({ length: 10 }, () => apiError("InternalError")));
    const err = await rejection(withRetry(fn, { ...opts, maxRetries: 3, maxElapsedMs: 1e9 }));
    assert.deepEqual(calls, [1, 2, 3, 4]);
    assert.equal(clock.sleeps.length, 3);
    assert.ok(err instanceof TrtcApiError);
    assert.equal(err.attempts, 4);
    assert.equal(err.code, "InternalError");
    assert.equal(err.requestId, "r-1");
    assert.equal(
      err.message,
      "StartAIConversation failed after 4 attempts: InternalError: boom (RequestId r-1)",
    );
  });

  it("makes one call when maxRetries is 0", async () => {
    const { opts } = fakeTime();
    const { fn, calls } = failing([apiError("InternalError")]);
    const err = await rejection(withRetry(fn, { ...opts, maxRetries: 0, maxElapsedMs: 1e9 }));
    assert.deepEqual(calls, [1]);
    assert.equal((err as TrtcApiError).attempts, 1);
  });

  it("stops when the next delay would pass maxElapsedMs", async () => {
    const { clock, opts } = fakeTime(() => 0);
    const { fn, calls } = failing(
      Array.from({ length: 20 }, () => apiError("RequestLimitExceeded")),
    );
    const err = await rejection(
      withRetry(fn, { ...opts, maxRetries: 100, maxElapsedMs: 1000, baseDelayMs: 250 }),
    );
    // Delays 125, 250, 500 (t = 875); the next (1000) would end past 1000 ms.
    assert.deepEqual(clock.sleeps, [125, 250, 500]);
    assert.deepEqual(calls, [1, 2, 3, 4]);
    assert.ok(clock.t <= 1000);
    assert.equal((err as TrtcApiError).attempts, 4);
  });

  it("counts the time spent inside calls against maxElapsedMs", async () => {
    const { clock, opts } = fakeTime(() => 0);
    let calls = 0;
    const fn = async () => {
      calls++;
      clock.t += 900;
      throw apiError("NetworkError");
    };
    await rejection(withRetry(fn, { ...opts, maxRetries: 10, maxElapsedMs: 2000 }));
    // 900 + 125 = 1025, 1025 + 900 = 1925, and 1925 + 250 > 2000.
    assert.equal(calls, 2);
    assert.deepEqual(clock.sleeps, [125]);
  });

  for (const code of [
    "AuthFailure.SignatureFailure",
    "InvalidParameter.UserSig",
    "InvalidParameterValue",
    "FailedOperation.TaskExist",
  ]) {
    it(`does not retry ${code}: exactly one call, the error unchanged`, async () => {
      const { clock, opts } = fakeTime();
      const original = apiError(code);
      const { fn, calls } = failing([original]);
      const err = await rejection(withRetry(fn, { ...opts, maxRetries: 5, maxElapsedMs: 1e9 }));
      assert.deepEqual(calls, [1]);
      assert.deepEqual(clock.sleeps, []);
      assert.equal(err, original);
      assert.equal((err as TrtcApiError).attempts, 1);
    });
  }

  it("reports the attempt count when a non-retryable error ends a retried call", async () => {
    const { opts } = fakeTime();
    const { fn, calls } = failing([
      apiError("InternalError"),
      apiError("FailedOperation.TaskExist"),
    ]);
    const err = await rejection(withRetry(fn, { ...opts, maxRetries: 5, maxElapsedMs: 1e9 }));
    assert.deepEqual(calls, [1, 2]);
    assert.equal((err as TrtcApiError).code, "FailedOperation.TaskExist");
    assert.equal((err as TrtcApiError).attempts, 2);
  });

  it("rethrows an error that is not an API error as it is, without retrying", async () => {
    const { opts } = fakeTime();
    const original = new TypeError("bad");
    const { fn, calls } = failing([original]);
    const err = await rejection(withRetry(fn, { ...opts, maxRetries: 5, maxElapsedMs: 1e9 }));
    assert.equal(err, original);
    assert.deepEqual(calls, [1]);
  });
});
