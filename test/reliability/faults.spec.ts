import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { agreement, createFleetStack } from "../helpers/fleet";
import type { TestStack } from "../helpers/pulumi";

/** Injects about 30 % failures across every action: throttling, InternalError, drops, lost starts. */
function injectFaults(emulator: RunningEmulator, seed: number): void {
  // First, one certain lost start, so the adoption path is always exercised.
  emulator.addFault({ action: "StartAIConversation", mode: "commit-then-lose", count: 1 });
  emulator.addFault({
    action: "*",
    mode: "error",
    code: "RequestLimitExceeded",
    probability: 0.1,
    seed,
  });
  emulator.addFault({
    action: "*",
    mode: "error",
    code: "InternalError",
    probability: 0.1,
    seed: seed + 1,
  });
  emulator.addFault({ action: "*", mode: "drop", probability: 0.05, seed: seed + 2 });
  emulator.addFault({
    action: "StartAIConversation",
    mode: "commit-then-lose",
    probability: 0.1,
    seed: seed + 3,
  });
}

/** Runs an operation, and once more if it failed: "at most one re-run of the same command". */
async function withOneRerun(op: () => Promise<unknown>): Promise<number> {
  try {
    await op();
    return 0;
  } catch {
    await op();
    return 1;
  }
}

describe("reliability: injected faults", function () {
  this.timeout(600_000);
  const count = Number(process.env.RELIABILITY_N ?? 6);
  let emulator: RunningEmulator;
  let t: TestStack;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 200 });
    t = await createFleetStack(emulator, { count, config: { "trtc:retryTimeoutSeconds": "60" } });
  });

  after(async () => {
    emulator?.clearFaults();
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  it(`ends an up under ~30 % API failures with state and API in exact agreement (N=${count})`, async () => {
    injectFaults(emulator, 7);
    await withOneRerun(() => t.stack.up({ color: "never" }));
    const faulted = emulator.requests().filter((r) => r.code !== null).length;
    assert.ok(faulted > 0, "no fault fired: the scenario proves nothing");
    const lost = emulator
      .requests()
      .filter((r) => r.action === "StartAIConversation" && r.code === "LOST");
    assert.ok(lost.length >= 1, "no start was lost: adoption was not exercised");
    const a = await agreement(t, emulator);
    assert.deepEqual(a.unknownToState, [], "bots running that state does not know");
    assert.deepEqual(a.missingInApi, [], "TaskIds in state without a running bot");
    assert.equal(a.recorded, count);
  });

  it("ends a destroy under the same failures with nothing running and nothing recorded", async () => {
    await withOneRerun(() => t.stack.destroy({ color: "never" }));
    const a = await agreement(t, emulator);
    assert.equal(a.running, 0);
    assert.equal(a.recorded, 0);
  });
});
