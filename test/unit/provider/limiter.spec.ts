import assert from "node:assert/strict";
import { SlidingWindowLimiter, sharedLimiter } from "../../../provider/trtc/limiter";

const GLOBAL_KEY = "__pulumiTrtcRateLimiter";

/** A limiter on a fake clock whose sleep advances time. */
function fakeLimiter(caps: Record<string, number>, windowMs = 1000) {
  const clock = { t: 0, sleeps: [] as number[] };
  const limiter = new SlidingWindowLimiter(
    caps,
    windowMs,
    () => clock.t,
    async (ms) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  );
  return { clock, limiter };
}

/** Acquires `n` grants at once and records, in resolution order, each caller and its time. */
async function burst(
  limiter: SlidingWindowLimiter,
  clock: { t: number },
  action: string,
  n: number,
) {
  const grants: Array<{ caller: number; t: number }> = [];
  await Promise.all(
    Array.from({ length: n }, (_, caller) =>
      limiter.acquire(action).then(() => grants.push({ caller, t: clock.t })),
    ),
  );
  return grants;
}

describe("SlidingWindowLimiter", () => {
  it("grants up to the cap at once", async () => {
    const { clock, limiter } = fakeLimiter({ StartAIConversation: 5 });
    const grants = await burst(limiter, clock, "StartAIConversation", 5);
    assert.deepEqual(
      grants.map((g) => g.t),
      [0, 0, 0, 0, 0],
    );
    assert.deepEqual(clock.sleeps, []);
  });

  it("never grants more than the cap in any window of windowMs", async () => {
    const cap = 5;
    const { clock, limiter } = fakeLimiter({ StartAIConversation: cap });
    const grants = await burst(limiter, clock, "StartAIConversation", 23);
    const times = grants.map((g) => g.t);
    for (let i = 0; i + cap < times.length; i++) {
      const gap = times[i + cap] - times[i];
      assert.ok(gap >= 1000, `grants ${i} and ${i + cap} are ${gap} ms apart`);
      // ...and does not wait much longer than the window plus its small safety margin.
      assert.ok(gap <= 1100, `grants ${i} and ${i + cap} are ${gap} ms apart`);
    }
    for (const start of times) {
      const inWindow = times.filter((t) => t >= start && t < start + 1000).length;
      assert.ok(inWindow <= cap, `${inWindow} grants in the window starting at ${start}`);
    }
  });

  it("serves callers in the order they asked", async () => {
    const { clock, limiter } = fakeLimiter({ DescribeAIConversation: 2 });
    const grants = await burst(limiter, clock, "DescribeAIConversation", 9);
    assert.deepEqual(
      grants.map((g) => g.caller),
      [0, 1, 2, 3, 4, 5, 6, 7, 8],
    );
  });

  it("honours a custom window length", async () => {
    const { clock, limiter } = fakeLimiter({ StopAIConversation: 1 }, 200);
    const times = (await burst(limiter, clock, "StopAIConversation", 4)).map((g) => g.t);
    for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 200);
    assert.ok(times[3] < 1000);
  });

  it("grants without waiting once the window has passed", async () => {
    const { clock, limiter } = fakeLimiter({ StartAIConversation: 2 });
    await burst(limiter, clock, "StartAIConversation", 2);
    clock.t += 5000;
    await burst(limiter, clock, "StartAIConversation", 2);
    assert.deepEqual(clock.sleeps, []);
  });

  it("treats a cap of 0 as unlimited", async () => {
    const { clock, limiter } = fakeLimiter({ StartAIConversation: 0 });
    const grants = await burst(limiter, clock, "StartAIConversation", 500);
    assert.equal(grants.length, 500);
    assert.equal(clock.t, 0);
    assert.deepEqual(clock.sleeps, []);
  });

  it("does not limit an action without a cap", async () => {
    const { clock, limiter } = fakeLimiter({ StartAIConversation: 1 });
    await burst(limiter, clock, "ControlAIConversation", 100);
    assert.deepEqual(clock.sleeps, []);
  });

  it("limits each action separately", async () => {
    const { clock, limiter } = fakeLimiter({ StartAIConversation: 1, StopAIConversation: 1 });
    await limiter.acquire("StartAIConversation");
    await limiter.acquire("StopAIConversation");
    assert.deepEqual(clock.sleeps, []);
  });

  it("applies changed caps to later calls", async () => {
    const { clock, limiter } = fakeLimiter({ StartAIConversation: 1 });
    await limiter.acquire("StartAIConversation");
    limiter.caps = { StartAIConversation: 3 };
    await burst(limiter, clock, "StartAIConversation", 2);
    assert.deepEqual(clock.sleeps, []);
    limiter.caps = { StartAIConversation: 0 };
    await burst(limiter, clock, "StartAIConversation", 10);
    assert.deepEqual(clock.sleeps, []);
  });
});

describe("sharedLimiter", () => {
  const g = globalThis as Record<string, unknown>;
  let saved: unknown;
  before(() => {
    saved = g[GLOBAL_KEY];
    delete g[GLOBAL_KEY];
  });
  after(() => {
    if (saved === undefined) delete g[GLOBAL_KEY];
    else g[GLOBAL_KEY] = saved;
  });

  it("returns one limiter for the whole process", () => {
    const a = sharedLimiter({ StartAIConversation: 20 });
    const b = sharedLimiter({ StartAIConversation: 20 });
    assert.equal(a, b);
    assert.ok(a instanceof SlidingWindowLimiter);
    assert.equal(g[GLOBAL_KEY], a);
  });

  it("takes the latest caps, copied from the caller's object", () => {
    const caps = { StartAIConversation: 50, StopAIConversation: 20 };
    const limiter = sharedLimiter(caps);
    assert.deepEqual(limiter.caps, { StartAIConversation: 50, StopAIConversation: 20 });
    caps.StartAIConversation = 1;
    assert.equal(limiter.caps.StartAIConversation, 50);
    assert.equal(sharedLimiter({ StartAIConversation: 0 }).caps.StartAIConversation, 0);
  });
});

describe("SlidingWindowLimiter backing off when the API throttles (AIMD)", () => {
  it("halves an action's rate on RequestLimitExceeded, once per window", () => {
    const { clock, limiter } = fakeLimiter({ StartAIConversation: 40, StopAIConversation: 20 });
    limiter.throttled("StartAIConversation");
    assert.equal(limiter.capOf("StartAIConversation"), 20);
    limiter.throttled("StartAIConversation"); // the same burst
    assert.equal(limiter.capOf("StartAIConversation"), 20);
    clock.t += 1000;
    limiter.throttled("StartAIConversation");
    assert.equal(limiter.capOf("StartAIConversation"), 10);
    assert.equal(limiter.capOf("StopAIConversation"), 20, "other actions keep their caps");
  });

  it("never goes below one call per second", () => {
    const { clock, limiter } = fakeLimiter({ StartAIConversation: 3 });
    for (let i = 0; i < 10; i++) {
      limiter.throttled("StartAIConversation");
      clock.t += 1000;
    }
    assert.equal(limiter.capOf("StartAIConversation"), 1);
  });

  it("adds a call per second back after each calm window, up to the cap", () => {
    const { clock, limiter } = fakeLimiter({ StartAIConversation: 4 });
    limiter.throttled("StartAIConversation");
    assert.equal(limiter.capOf("StartAIConversation"), 2);
    limiter.answered("StartAIConversation"); // same window: no change
    assert.equal(limiter.capOf("StartAIConversation"), 2);
    for (const expected of [3, 4, 4]) {
      clock.t += 1000;
      limiter.answered("StartAIConversation");
      assert.equal(limiter.capOf("StartAIConversation"), expected);
    }
  });

  it("grants at the reduced rate", async () => {
    const { clock, limiter } = fakeLimiter({ StartAIConversation: 10 });
    limiter.throttled("StartAIConversation");
    const grants = await burst(limiter, clock, "StartAIConversation", 10);
    assert.equal(grants.filter((g) => g.t === 0).length, 5);
  });
});
