import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { killAll, markedProcesses, waitForMarkedToEnd } from "../../scripts/processes";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { agreement, createFleetStack, runCli, spawnCli } from "../helpers/fleet";
import type { TestStack } from "../helpers/pulumi";

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The commands of the README's recovery after an interrupted `up` (its sh block, comments
 * dropped), each as the words after `pulumi`.
 */
function readmeRecovery(): string[][] {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const at = readme.indexOf("**Recovery after an interrupted `up`**");
  assert.ok(at >= 0, "the README has no recovery after an interrupted `up`");
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(block, "the README's recovery has no sh block");
  return block[1]
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [tool, ...args] = line.split(/\s+/);
      assert.equal(tool, "pulumi", `the README's recovery runs ${line}`);
      return args;
    });
}

/** A README command as a CI job runs it: no prompt, `--yes` where it would ask. */
function unattended(args: string[]): string[] {
  const extra = args.includes("--yes") ? [] : ["--yes"];
  // The preview before an `up` changes nothing; it is skipped to save a program run.
  if (args[0] === "up") extra.push("--skip-preview");
  return [...args, ...extra, "--non-interactive"];
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
  // Marks every process of the killed `pulumi up`: the engine starts its plugins in process
  // groups of their own, so only their environment ties them to it.
  const MARK = "PULUMI_TRTC_CRASH_RUN";
  const mark = randomUUID();

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
    killAll(markedProcesses(MARK, mark).map((p) => p.pid));
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  it(`recovers as the README says after kill -9 of pulumi up with creates in flight (N=${count})`, async () => {
    // Slow starts down so that several are in flight when the engine dies.
    emulator.addFault({ action: "StartAIConversation", mode: "latency", latencyMs: 1500 });
    const up = spawnCli(t, ["up", "--yes", "--skip-preview", "--non-interactive"], {
      [MARK]: mark,
    });
    group = up.pid;
    const starts = () =>
      emulator.requests().filter((r) => r.action === "StartAIConversation").length;
    await until("the first StartAIConversation calls", () => starts() >= 2, 120_000);
    const before = markedProcesses(MARK, mark);
    assert.ok(
      before.some((p) => p.cmd.includes("pulumi-language-nodejs")),
      `the language host runs before the kill: ${JSON.stringify(before)}`,
    );
    process.kill(up.pid as number, "SIGKILL");
    await sleep(3000); // the orphaned provider host may still finish what it had started
    emulator.clearFaults();

    // The project's language host notices that its engine is gone and exits by itself.
    const hosts = (await waitForMarkedToEnd(MARK, mark, 5000)).filter((p) =>
      p.cmd.includes("pulumi-language-nodejs"),
    );
    assert.deepEqual(hosts, [], "the language host outlived its engine");
    // ... and ends the program it ran.
    const programs = markedProcesses(MARK, mark).filter((p) => p.cmd.includes("cmd/run"));
    assert.deepEqual(programs, [], "the program outlived its language host");
    // The dynamic-provider host (the @pulumi/pulumi package's) has no such check: end what the
    // killed engine left behind, as a CI job's teardown would, before recovering.
    killAll(markedProcesses(MARK, mark).map((p) => p.pid));
    assert.deepEqual(
      await waitForMarkedToEnd(MARK, mark, 5000),
      [],
      "a process of the killed run survived SIGKILL",
    );

    // The README's recovery, command by command: release the lock (there may be none, so its
    // exit code is not checked), forget pending creates and refresh, then re-run.
    const steps = readmeRecovery();
    assert.deepEqual(
      steps.map((args) => args[0]),
      ["cancel", "refresh", "up"],
      JSON.stringify(steps),
    );
    const [cancelArgs, refreshArgs, upArgs] = steps;
    const cancel = await runCli(t, unattended(cancelArgs));
    const refresh = await runCli(t, unattended(refreshArgs));
    assert.equal(
      refresh.status,
      0,
      `refresh failed (cancel said: ${cancel.output}):\n${refresh.output}`,
    );
    const rerun = await runCli(t, unattended(upArgs));
    assert.equal(rerun.status, 0, rerun.output);

    const a = await agreement(t, emulator);
    assert.deepEqual(a.unknownToState, [], "bots running that state does not know");
    assert.deepEqual(a.missingInApi, [], "TaskIds in state without a running bot");
    assert.equal(a.recorded, count);
    assert.equal(a.running, count);
  });
});
