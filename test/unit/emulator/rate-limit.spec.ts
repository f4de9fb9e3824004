import assert from "node:assert/strict";
import { SITE_RATES } from "../../../emulator/sites";
import { RateLimiter } from "../../../emulator/rate-limit";

/** A hand-driven real clock. */
function fakeClock(start = 1_000_000) {
  const clock = { now: start, read: () => clock.now };
  return clock;
}

function acquire(
  limiter: RateLimiter,
  n: number,
  secretId = "AKID1",
  action = "StartAIConversation" as const,
) {
  let accepted = 0;
  for (let i = 0; i < n; i++) if (limiter.tryAcquire(secretId, action)) accepted++;
  return accepted;
}

describe("emulator rate limiter", () => {
  it("accepts 50 Starts within one second by default (the intl page) and refuses the rest", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({}, clock.read);
    assert.equal(acquire(limiter, 80), 50);
  });

  it("takes a site's caps as its defaults", () => {
    const limiter = new RateLimiter({}, fakeClock().read, SITE_RATES.china);
    let accepted = 0;
    for (let i = 0; i < 60; i++) if (limiter.tryAcquire("acct", "StopAIConversation")) accepted++;
    assert.equal(accepted, 50);
    assert.equal(new RateLimiter({}, fakeClock().read).rateFor("StopAIConversation"), 20);
  });

  it("counts per account: keys of one account share the window", () => {
    const limiter = new RateLimiter({ StartAIConversation: 3 }, fakeClock().read);
    assert.ok(limiter.tryAcquire("acct-1", "StartAIConversation"));
    assert.ok(limiter.tryAcquire("acct-1", "StartAIConversation"));
    assert.ok(limiter.tryAcquire("acct-1", "StartAIConversation"));
    assert.equal(limiter.tryAcquire("acct-1", "StartAIConversation"), false);
    assert.ok(limiter.tryAcquire("acct-2", "StartAIConversation"));
  });

  it("allows 50 Controls per second by default", () => {
    const limiter = new RateLimiter({}, fakeClock().read);
    let accepted = 0;
    for (let i = 0; i < 60; i++)
      if (limiter.tryAcquire("AKID1", "ControlAIConversation")) accepted++;
    assert.equal(accepted, 50);
  });

  it("slides: a slot frees exactly one second after the call that used it", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ StartAIConversation: 2 }, clock.read);
    assert.equal(limiter.tryAcquire("AKID1", "StartAIConversation"), true); // t = 0
    clock.now += 600;
    assert.equal(limiter.tryAcquire("AKID1", "StartAIConversation"), true); // t = 600
    assert.equal(limiter.tryAcquire("AKID1", "StartAIConversation"), false);
    clock.now += 399; // t = 999: the first call is still inside the window
    assert.equal(limiter.tryAcquire("AKID1", "StartAIConversation"), false);
    clock.now += 1; // t = 1000: it left
    assert.equal(limiter.tryAcquire("AKID1", "StartAIConversation"), true);
    assert.equal(limiter.tryAcquire("AKID1", "StartAIConversation"), false);
  });

  it("does not count refused calls against the window", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ StartAIConversation: 1 }, clock.read);
    assert.equal(acquire(limiter, 5), 1);
    clock.now += 1000;
    assert.equal(acquire(limiter, 1), 1);
  });

  it("counts each SecretId and action separately", () => {
    const limiter = new RateLimiter(
      { StartAIConversation: 1, StopAIConversation: 1 },
      fakeClock().read,
    );
    assert.equal(limiter.tryAcquire("AKID1", "StartAIConversation"), true);
    assert.equal(limiter.tryAcquire("AKID2", "StartAIConversation"), true);
    assert.equal(limiter.tryAcquire("AKID1", "StopAIConversation"), true);
    assert.equal(limiter.tryAcquire("AKID1", "StartAIConversation"), false);
  });

  it("treats 0 and negative rates as unlimited", () => {
    const limiter = new RateLimiter(
      { StartAIConversation: 0, StopAIConversation: -1 },
      fakeClock().read,
    );
    assert.equal(acquire(limiter, 500), 500);
    let stops = 0;
    for (let i = 0; i < 500; i++) if (limiter.tryAcquire("AKID1", "StopAIConversation")) stops++;
    assert.equal(stops, 500);
  });

  it("forgets every window on reset", () => {
    const limiter = new RateLimiter({ StartAIConversation: 1 }, fakeClock().read);
    assert.equal(acquire(limiter, 2), 1);
    limiter.reset();
    assert.equal(acquire(limiter, 1), 1);
  });
});
