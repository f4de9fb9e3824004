/**
 * `--state FILE` through the official SDK (hostile-input review F13-F15): writes are batched, a
 * failed write never changes an answer, the last changes are written on stop, files of the
 * previous release load, and a wrong file stops the emulator from starting.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { type PersistedState, saveState } from "../../emulator/state-file";
import { expectApiError, SDK_APP_ID, startRequest, startTask, trtcClient } from "./helpers";

const ROOT = resolve(__dirname, "../..");

/** Resolves once `check()` holds; fails after 10 s (a guard against hanging, not a timing). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > 10_000) assert.fail(`gave up waiting: ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 10));
  }
}

const TASK_ID = "hKPD2Q7kq0Zq9yPfLxR3v7Jk2mN4bC8dE1fG5hI6jK9lM0nO3pQ2rS5tU8vW1xY4zA7bC0dE3fG6h";

/** A running task as the previous release wrote it (no account), started at `now`. */
function legacyTask(now: number): Record<string, unknown> {
  return {
    taskId: TASK_ID,
    sessionId: "old",
    sdkAppId: SDK_APP_ID,
    roomId: "1234",
    roomIdType: 0,
    botUserId: "ai_bot",
    targetUserId: "user_1",
    maxIdleTime: 600,
    startTime: now,
    stopTime: null,
    stopReason: null,
    idleSince: now,
    region: "ap-guangzhou",
    stopAt: null,
  };
}

function taskIdsIn(path: string): string[] {
  const state = JSON.parse(readFileSync(path, "utf8")) as PersistedState;
  return state.tasks.map((t) => t.taskId);
}

describe("contract: the --state file", function () {
  this.timeout(60_000);
  let dir: string;
  let statePath: string;
  let emulator: RunningEmulator | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "trtc-emulator-state-"));
    statePath = join(dir, "state.json");
  });
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 2,000 Starts with far fewer state writes than Starts, and keeps every task", async () => {
    const STARTS = 2000;
    const IN_FLIGHT = 16;
    const INTERVAL_MS = 100;
    /** Runs the Starts against a fresh emulator; returns the wall time and the writes. */
    async function run(options: EmulatorOptions): Promise<{ ms: number; writes: number }> {
      let writes = 0;
      emulator = await startEmulator(
        { port: 0, rates: { StartAIConversation: 0 }, ...options },
        {
          writeState: (path, state) => {
            writes++;
            saveState(path, state);
          },
        },
      );
      // UserSigs are signed first, so the timed part is only the calls.
      const requests = Array.from({ length: STARTS }, (_, i) =>
        startRequest({ RoomId: String(10_000 + i) }),
      );
      const client = trtcClient(emulator);
      const began = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < STARTS) await client.StartAIConversation(requests[next++]);
        }),
      );
      const ms = performance.now() - began;
      await emulator.stop();
      emulator = undefined;
      return { ms, writes };
    }

    const without = await run({});
    const withState = await run({ statePath });
    console.log(
      `      ${STARTS} Starts, ${IN_FLIGHT} in flight: ${without.ms.toFixed(0)} ms without --state, ` +
        `${withState.ms.toFixed(0)} ms with --state (${withState.writes} state writes)`,
    );
    assert.equal(without.writes, 0);
    // One write at start-up, at most one per interval while the Starts run, one on stop.
    const bound = 2 + Math.ceil(withState.ms / INTERVAL_MS);
    assert.ok(
      withState.writes <= bound,
      `${withState.writes} writes for ${STARTS} Starts in ${withState.ms.toFixed(0)} ms; at most ${bound}`,
    );
    assert.ok(withState.writes < STARTS / 4, `${withState.writes} writes for ${STARTS} Starts`);
    assert.equal(taskIdsIn(statePath).length, STARTS, "stop() wrote every task");
  });

  it("answers a Start whose state write fails as a success, logs it, and writes the task once writes work again", async () => {
    let broken = false;
    const lines: string[] = [];
    emulator = await startEmulator(
      { port: 0, statePath, apps: { [SDK_APP_ID]: "emulator-app-key" } },
      {
        stateWriteIntervalMs: 20,
        writeState: (path, state) => {
          if (broken) throw new Error(`EMFILE: too many open files, open '${path}.tmp'`);
          saveState(path, state);
        },
        stateLog: (line) => lines.push(line),
      },
    );
    broken = true;
    const client = trtcClient(emulator);
    const TaskId = await startTask(client, { SessionId: "while-broken" });
    await until(() => lines.length > 0, "the failure to be logged");
    assert.equal((await client.DescribeAIConversation({ TaskId })).TaskId, TaskId);
    assert.deepEqual(taskIdsIn(statePath), [], "nothing reached the file yet");
    broken = false;
    await until(() => taskIdsIn(statePath).includes(TaskId), "the task to reach the file");
    assert.deepEqual(lines, [
      `trtc-emulator: cannot write the state file ${statePath} (EMFILE: too many open files, ` +
        `open '${statePath}.tmp'); the changes are kept in memory and the write is retried every 20 ms`,
      `trtc-emulator: the state file ${statePath} is written again`,
    ]);
    assert.equal(emulator.requests().filter((r) => r.code !== null).length, 0, "no call failed");
  });

  it("writes the last changes on stop", async () => {
    emulator = await startEmulator({ port: 0, statePath }, { stateWriteIntervalMs: 600_000 });
    const TaskId = await startTask(trtcClient(emulator));
    assert.deepEqual(taskIdsIn(statePath), [], "not written yet: the interval is 10 minutes");
    await emulator.stop();
    assert.deepEqual(taskIdsIn(statePath), [TaskId]);
  });

  it("loads a file of the previous release, whose tasks belong to the default key's account", async () => {
    const taskId = TASK_ID;
    writeFileSync(
      statePath,
      JSON.stringify({ version: 1, clockOffsetMs: 0, tasks: [legacyTask(Date.now())], rooms: {} }),
    );
    emulator = await startEmulator({
      port: 0,
      statePath,
      preparingMs: 0,
      keys: [{ secretId: "AKIDOTHER", secretKey: "other-key", account: "100002" }],
    });
    const found = await trtcClient(emulator).DescribeAIConversation({ TaskId: taskId });
    assert.equal(found.Status, "InProgress");
    await expectApiError(
      emulator,
      trtcClient(emulator, { secretId: "AKIDOTHER", secretKey: "other-key" }).StopAIConversation({
        TaskId: taskId,
      }),
      "FailedOperation.TaskNotExist",
    );
    await emulator.stop();
    const saved = JSON.parse(readFileSync(statePath, "utf8")) as PersistedState;
    assert.equal(saved.tasks[0].account, emulator.secretId);
  });

  it("refuses to start on a wrong file, naming the first bad entry, in code and in the CLI (exit 1)", async () => {
    const bad = {
      version: 1,
      tasks: [
        legacyTask(Date.now()),
        { ...legacyTask(Date.now()), taskId: "B", heldStatus: "Bogus" },
      ],
      rooms: {},
    };
    writeFileSync(statePath, JSON.stringify(bad));
    await assert.rejects(startEmulator({ port: 0, statePath }), {
      message:
        `Cannot load emulator state from ${statePath}: tasks[1].heldStatus: "Bogus" is not a ` +
        `task status (Idle, Preparing, InProgress, Stopped). Delete the file to start empty.`,
    });
    const cli = spawnSync(
      process.execPath,
      ["-r", "ts-node/register", "emulator/cli.ts", "--port", "0", "--quiet", "--state", statePath],
      { cwd: ROOT, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" }, encoding: "utf8" },
    );
    assert.equal(cli.status, 1, cli.stderr);
    assert.equal(cli.stdout, "", "it never listened");
    assert.equal(
      cli.stderr,
      `trtc-emulator: Cannot load emulator state from ${statePath}: tasks[1].heldStatus: "Bogus" ` +
        `is not a task status (Idle, Preparing, InProgress, Stopped). Delete the file to start ` +
        `empty.\n`,
    );
    assert.ok(existsSync(statePath), "the wrong file is left for the user to look at");
    assert.deepEqual(JSON.parse(readFileSync(statePath, "utf8")), bad);
  });
});
