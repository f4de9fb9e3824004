/**
 * The `--state` file (hostile-input review F12-F15): content checks on load, writes that never go
 * through a symbolic link, and batched writes that survive failures.
 */
import assert from "node:assert/strict";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type LoadContext,
  type PersistedState,
  loadState,
  saveState,
} from "../../../emulator/state-file";
import { StateWriter } from "../../../emulator/state-writer";

const CONTEXT: LoadContext = { defaultAccount: "AKIDDEFAULT", sdkAppIds: new Set([1400000000]) };

const TASK_ID = "hKPD2Q7kq0Zq9yPfLxR3v7Jk2mN4bC8dE1fG5hI6jK9lM0nO3pQ2rS5tU8vW1xY4zA7bC0dE3fG6h";

/** A task as the previous release wrote it: no account. */
function legacyTask(): Record<string, unknown> {
  return {
    taskId: TASK_ID,
    sessionId: "s-1",
    sdkAppId: 1400000000,
    roomId: "1234",
    roomIdType: 0,
    botUserId: "ai_bot",
    targetUserId: "user_1",
    maxIdleTime: 60,
    startTime: 1745511348076,
    stopTime: null,
    stopReason: null,
    idleSince: 1745511348076,
    region: "ap-singapore",
    stopAt: null,
    settings: {
      welcomeMessage: "Hello",
      interruptMode: null,
      interruptSpeechDuration: null,
      llmType: "openai",
      ttsType: "flow",
      updates: 0,
    },
  };
}

/** Resolves once `check()` holds; fails after 5 s (a guard against hanging, not a timing). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 5) {
    if (waited > 5000) assert.fail(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("emulator state file", () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "trtc-state-"));
    path = join(dir, "state.json");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(state: unknown): void {
    writeFileSync(path, typeof state === "string" ? state : JSON.stringify(state));
  }

  describe("loading", () => {
    it("loads a file of the previous release: tasks without an account belong to the default account", () => {
      const noRegion: Record<string, unknown> = { ...legacyTask(), taskId: `${TASK_ID}x` };
      delete noRegion.region;
      write({
        version: 1,
        clockOffsetMs: 5000,
        tasks: [legacyTask(), noRegion],
        rooms: { "1234": ["user_1"] },
      });
      const state = loadState(path, CONTEXT);
      assert.equal(state?.clockOffsetMs, 5000);
      assert.deepEqual(
        state?.tasks.map((t) => [t.account, t.region]),
        [
          ["AKIDDEFAULT", "ap-singapore"],
          ["AKIDDEFAULT", "ap-guangzhou"],
        ],
      );
      assert.deepEqual(state?.tasks[0], { ...legacyTask(), account: "AKIDDEFAULT" });
      assert.deepEqual({ ...state?.rooms }, { "1234": ["user_1"] });
    });

    it("keeps a task's own account and held status", () => {
      write({ version: 1, tasks: [{ ...legacyTask(), account: "100001", heldStatus: "Idle" }] });
      const [task] = loadState(path, CONTEXT)?.tasks ?? [];
      assert.equal(task.account, "100001");
      assert.equal(task.heldStatus, "Idle");
    });

    it("answers undefined when there is no file yet", () => {
      assert.equal(loadState(path, CONTEXT), undefined);
    });

    /** The message loading a file whose only task is `task` (and `extra` top-level fields) fails with. */
    function refusal(
      task: Record<string, unknown> | null,
      extra: Record<string, unknown> = {},
    ): string {
      write({ version: 1, clockOffsetMs: 0, tasks: [task], rooms: {}, ...extra });
      return refusalOfFile();
    }

    function refusalOfFile(): string {
      try {
        loadState(path, CONTEXT);
      } catch (error) {
        const message = (error as Error).message;
        const prefix = `Cannot load emulator state from ${path}: `;
        assert.ok(message.startsWith(prefix), message);
        return message.slice(prefix.length);
      }
      return assert.fail("the file loaded");
    }

    const DELETE = ". Delete the file to start empty.";
    const TIME = "a time (milliseconds since the epoch, from 0 to 8640000000000000)";

    const cases: [string, Record<string, unknown>, string][] = [
      [
        "a status no client knows",
        { heldStatus: "Bogus" },
        'tasks[0].heldStatus: "Bogus" is not a task status (Idle, Preparing, InProgress, Stopped)',
      ],
      [
        "an empty TaskId",
        { taskId: "" },
        'tasks[0].taskId: "" is not a TaskId (1 to 256 characters of A-Z a-z 0-9 + - * . _)',
      ],
      [
        "a TaskId outside the grammar",
        { taskId: "a b" },
        'tasks[0].taskId: "a b" is not a TaskId (1 to 256 characters of A-Z a-z 0-9 + - * . _)',
      ],
      [
        "a missing TaskId",
        { taskId: undefined },
        "tasks[0].taskId is missing (expected a TaskId (1 to 256 characters of A-Z a-z 0-9 + - * . _))",
      ],
      [
        "a start time no Date holds",
        { startTime: 1e300 },
        `tasks[0].startTime: 1e+300 is not ${TIME}`,
      ],
      [
        "a start time as text",
        { startTime: "2025-04-24" },
        `tasks[0].startTime: "2025-04-24" is not ${TIME}`,
      ],
      [
        "a negative stop time",
        { stopTime: -1, stopReason: "stopped" },
        `tasks[0].stopTime: -1 is not ${TIME} or null`,
      ],
      [
        "an idle time as text",
        { idleSince: "x" },
        `tasks[0].idleSince: "x" is not ${TIME} or null`,
      ],
      [
        "a scheduled stop past the end of Date",
        { stopAt: 8.7e15 },
        `tasks[0].stopAt: 8700000000000000 is not ${TIME} or null`,
      ],
      [
        "an unknown stop reason",
        { stopTime: 1745511349000, stopReason: "bored" },
        'tasks[0].stopReason: "bored" is not a stop reason (stopped, interrupted, idle, stop-after-play)',
      ],
      [
        "a stop reason on an active task",
        { stopReason: "stopped" },
        'tasks[0].stopReason: "stopped" is not null while stopTime is null',
      ],
      [
        "settings that are not an object",
        { settings: "x" },
        'tasks[0].settings: "x" is not an object',
      ],
      [
        "a negative update count",
        { settings: { ...(legacyTask().settings as object), updates: -1 } },
        "tasks[0].settings.updates: -1 is not an integer >= 0",
      ],
      [
        "an InterruptMode Start refuses",
        { settings: { ...(legacyTask().settings as object), interruptMode: 7 } },
        "tasks[0].settings.interruptMode: 7 is not one of 0, 1 or null",
      ],
      [
        "an unknown region",
        { region: "mars-north-1" },
        'tasks[0].region: "mars-north-1" is not a region (ap-beijing, ap-guangzhou, ap-shanghai, ap-singapore, ap-tokyo, na-ashburn, na-siliconvalley)',
      ],
      ["an empty account", { account: "" }, 'tasks[0].account: "" is not a non-empty string'],
      [
        "an account that is a number",
        { account: 100001 },
        "tasks[0].account: 100001 is not a non-empty string",
      ],
      [
        "an SdkAppId as text",
        { sdkAppId: "1400000000" },
        'tasks[0].sdkAppId: "1400000000" is not an integer from 1 to 4294967295',
      ],
      ["a RoomIdType of 2", { roomIdType: 2 }, "tasks[0].roomIdType: 2 is not a RoomIdType (0, 1)"],
      ["an empty room", { roomId: "" }, 'tasks[0].roomId: "" is not a non-empty string'],
      [
        "a missing bot",
        { botUserId: undefined },
        "tasks[0].botUserId is missing (expected a non-empty string)",
      ],
      ["a MaxIdleTime of 0", { maxIdleTime: 0 }, "tasks[0].maxIdleTime: 0 is not an integer >= 1"],
      ["a SessionId that is a number", { sessionId: 5 }, "tasks[0].sessionId: 5 is not a string"],
    ];
    for (const [what, change, message] of cases) {
      it(`refuses ${what}`, () => {
        assert.equal(refusal({ ...legacyTask(), ...change }), message + DELETE);
      });
    }

    it("refuses a task of an app the emulator does not know, and says how to add it", () => {
      assert.equal(
        refusal({ ...legacyTask(), sdkAppId: 1400000009 }),
        "tasks[0].sdkAppId: 1400000009 is not an app this emulator knows (1400000000). Start the " +
          "emulator with --app 1400000009=<UserSig key>, or delete the file to start empty.",
      );
    });

    it("refuses a task that is not an object", () => {
      assert.equal(refusal(null), `tasks[0]: null is not an object${DELETE}`);
    });

    it("refuses a TaskId held by two tasks, naming both", () => {
      write({ version: 1, tasks: [legacyTask(), { ...legacyTask(), roomId: "5678" }] });
      assert.equal(
        refusalOfFile(),
        `tasks[1].taskId: "${TASK_ID.slice(0, 56)}... is also the TaskId of tasks[0]${DELETE}`,
      );
    });

    it("refuses a room named __proto__", () => {
      write('{"version": 1, "tasks": [], "rooms": {"__proto__": ["user_1"]}}');
      assert.equal(refusalOfFile(), `rooms: "__proto__" is not a room id${DELETE}`);
    });

    it("refuses a room whose users are not a list of user ids", () => {
      write({ version: 1, tasks: [], rooms: { "1234": "user_1" } });
      assert.equal(
        refusalOfFile(),
        `rooms["1234"]: "user_1" is not an array of user ids (non-empty strings)${DELETE}`,
      );
    });

    it("refuses a clock offset that is not a number, another version, and text that is not JSON", () => {
      assert.equal(
        refusal(legacyTask(), { clockOffsetMs: "5" }),
        `clockOffsetMs: "5" is not a number of milliseconds${DELETE}`,
      );
      write({ version: 2, tasks: [] });
      assert.equal(refusalOfFile(), `it is not a version 1 emulator state file${DELETE}`);
      write({ version: 1, tasks: {} });
      assert.equal(refusalOfFile(), `tasks: {} is not an array${DELETE}`);
      write("{");
      assert.match(
        refusalOfFile(),
        /^it is not valid JSON \(.*\)\. Delete the file to start empty\.$/,
      );
    });

    it("copies only the fields it knows", () => {
      write({ version: 1, tasks: [{ ...legacyTask(), extra: "dropped" }] });
      assert.equal("extra" in (loadState(path, CONTEXT)?.tasks[0] ?? {}), false);
    });
  });

  describe("saving", () => {
    const STATE: PersistedState = { version: 1, clockOffsetMs: 0, tasks: [], rooms: {} };

    function victim(): string {
      const file = join(dir, "victim.txt");
      writeFileSync(file, "precious\n");
      return file;
    }

    it("never writes through a symbolic link planted at a predictable temporary name", () => {
      const target = victim();
      for (const name of [`state.json.${process.pid}.tmp`, "state.json.tmp", ".state.json.tmp"]) {
        symlinkSync(target, join(dir, name));
      }
      saveState(path, STATE);
      saveState(path, STATE);
      assert.equal(readFileSync(target, "utf8"), "precious\n");
      assert.ok(lstatSync(path).isFile());
      assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), STATE);
      assert.deepEqual(
        readdirSync(dir).sort(),
        [
          ".state.json.tmp",
          "state.json",
          `state.json.${process.pid}.tmp`,
          "state.json.tmp",
          "victim.txt",
        ].sort(),
        "no temporary file is left behind",
      );
    });

    it("replaces a symbolic link at the state path with a file instead of writing through it", () => {
      const target = victim();
      symlinkSync(target, path);
      saveState(path, STATE);
      assert.equal(readFileSync(target, "utf8"), "precious\n");
      assert.ok(lstatSync(path).isFile(), "the link itself was replaced");
      assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), STATE);
    });

    it("creates the file readable by its owner only", () => {
      saveState(path, STATE);
      assert.equal(statSync(path).mode & 0o777, 0o600);
    });

    it("removes its temporary file when the rename fails", () => {
      mkdirSync(path);
      writeFileSync(join(path, "keep"), "");
      assert.throws(() => saveState(path, STATE), /EISDIR|ENOTEMPTY|EEXIST/);
      assert.deepEqual(readdirSync(dir), ["state.json"]);
    });
  });

  describe("batched writes", () => {
    const STATE: PersistedState = { version: 1, clockOffsetMs: 0, tasks: [], rooms: {} };

    it("writes many changes once per interval, and the last ones synchronously on close", async () => {
      const writes: number[] = [];
      let version = 0;
      const writer = new StateWriter({
        path,
        intervalMs: 20,
        snapshot: () => ({ ...STATE, clockOffsetMs: version }),
        write: (_, state) => writes.push(state.clockOffsetMs),
      });
      for (version = 1; version <= 1000; version++) writer.markDirty();
      assert.deepEqual(writes, [], "nothing is written while the calls run");
      await until(() => writes.length > 0, "the batched write");
      assert.deepEqual(writes, [1001], "one write carries the last change");
      version = 2000;
      writer.markDirty();
      assert.equal(writer.close(), true);
      assert.deepEqual(writes, [1001, 2000]);
      writer.markDirty();
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.deepEqual(writes, [1001, 2000], "nothing is written after close");
    });

    it("logs a failed write once, keeps the change and retries until it is written", async () => {
      const lines: string[] = [];
      let failures = 3;
      let written: PersistedState | undefined;
      const writer = new StateWriter({
        path,
        intervalMs: 5,
        snapshot: () => STATE,
        write: (_, state) => {
          if (failures-- > 0) throw new Error(`EMFILE: too many open files, open '${path}.tmp'`);
          written = state;
        },
        log: (line) => lines.push(line),
      });
      writer.markDirty();
      await until(() => written !== undefined, "the write after the failures");
      assert.deepEqual(lines, [
        `trtc-emulator: cannot write the state file ${path} (EMFILE: too many open files, open ` +
          `'${path}.tmp'); the changes are kept in memory and the write is retried every 5 ms`,
        `trtc-emulator: the state file ${path} is written again`,
      ]);
      writer.close();
    });

    it("waits 4 times as long as a slow write took before the next one, and never less than the interval", () => {
      let clock = 0;
      let took = 0;
      const writer = new StateWriter({
        path,
        intervalMs: 100,
        snapshot: () => STATE,
        write: () => (clock += took),
        now: () => clock,
      });
      assert.equal(writer.delayMs, 100);
      took = 60;
      writer.writeNow();
      writer.markDirty();
      writer.flush();
      assert.equal(writer.delayMs, 240);
      took = 5;
      writer.markDirty();
      writer.flush();
      assert.equal(writer.delayMs, 100);
      writer.close();
    });

    it("reports a last write on close that fails", () => {
      const lines: string[] = [];
      const writer = new StateWriter({
        path,
        snapshot: () => STATE,
        write: () => {
          throw new Error("EROFS: read-only file system");
        },
        log: (line) => lines.push(line),
      });
      writer.markDirty();
      assert.equal(writer.close(), false);
      assert.equal(lines.length, 2);
      assert.match(lines[1], /misses the changes since its last successful write$/);
    });
  });
});
