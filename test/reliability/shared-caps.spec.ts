import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { SHARED_ACCOUNT_KEYS, agreement, createSharedAccountStacks } from "../helpers/fleet";
import type { TestStack } from "../helpers/pulumi";

const BOTS = 20;

describe("two stacks with keys of one account, at full speed against its shared caps", function () {
  this.timeout(600_000);
  let emulator: RunningEmulator;
  const stacks: TestStack[] = [];

  before(async () => {
    emulator = await startEmulator({ preparingMs: 500, keys: [...SHARED_ACCOUNT_KEYS] });
    stacks.push(
      ...(await createSharedAccountStacks(emulator, {
        count: BOTS,
        config: { "trtc:maxRetries": "2" },
      })),
    );
  });

  after(async () => {
    for (const t of stacks) await t.dispose().catch(() => undefined);
    await emulator?.stop();
  });

  it(`ends with all ${2 * BOTS} bots up and none failed, the throttling absorbed`, async () => {
    const results = await Promise.allSettled(
      stacks.map((t) => t.stack.up({ color: "never", parallel: 64 })),
    );
    const failed = results.flatMap((r, i) =>
      r.status === "rejected"
        ? [
            `stack ${i}: ${String(r.reason)
              .split("\n")
              .filter((l) => /error|failed/i.test(l))
              .slice(0, 8)
              .join("\n")}`,
          ]
        : [],
    );
    assert.deepEqual(failed, []);
    const throttled = emulator.requests().filter((r) => r.code === "RequestLimitExceeded").length;
    assert.ok(throttled > 0, "the two stacks met the account's cap (else this proves nothing)");
    for (const t of stacks) {
      const a = await agreement(t, emulator);
      assert.equal(a.recorded, BOTS);
      assert.deepEqual(a.missingInApi, []);
    }
    assert.equal(emulator.tasks().filter((x) => x.status === "InProgress").length, 2 * BOTS);
  });
});
