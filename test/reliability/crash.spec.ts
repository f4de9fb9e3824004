import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { agreement, createFleetStack, runCli, spawnCli } from "../helpers/fleet";
import type { TestStack } from "../helpers/pulumi";

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function until(what: string, test: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe("reliability: the engine killed mid-deployment", function () {
  this.timeout(600_000);
  const count = Number(process.env.RELIABILITY_N ?? 6);
  let emulator: RunningEmulator;
  let t: TestStack;
  let group: number | undefined;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 200 });
    t = await createFleetStack(emulator, { count });
  });

  after(async () => {
    if (group) {
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // already gone
      }
    }
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  it(`recovers as the README says after kill -9 of pulumi up with creates in flight (N=${count})`, async () => {
    // Slow starts down so that several are in flight when the engine dies.
    emulator.addFault({ action: "StartAIConversation", mode: "latency", latencyMs: 1500 });
    const up = spawnCli(t, ["up", "--yes", "--skip-preview", "--non-interactive"]);
    group = up.pid;
    const starts = () =>
      emulator.requests().filter((r) => r.action === "StartAIConversation").length;
    await until("the first StartAIConversation calls", () => starts() >= 2, 120_000);
    process.kill(up.pid as number, "SIGKILL");
    await sleep(3000); // the orphaned provider host may still finish what it had started
    emulator.clearFaults();

    // The README's recovery: release the lock, forget pending creates, refresh, re-run.
    const cancel = await runCli(t, ["cancel", "--yes"]);
    const refresh = await runCli(t, [
      "refresh",
      "--yes",
      "--clear-pending-creates",
      "--non-interactive",
    ]);
    assert.equal(
      refresh.status,
      0,
      `refresh failed (cancel said: ${cancel.output}):\n${refresh.output}`,
    );
    const rerun = await runCli(t, ["up", "--yes", "--skip-preview", "--non-interactive"]);
    assert.equal(rerun.status, 0, rerun.output);

    const a = await agreement(t, emulator);
    assert.deepEqual(a.unknownToState, [], "bots running that state does not know");
    assert.deepEqual(a.missingInApi, [], "TaskIds in state without a running bot");
    assert.equal(a.recorded, count);
    assert.equal(a.running, count);
  });
});
