import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmulatorClock, toDescribeTime } from "../../../emulator/clock";
import { TaskStore, type NewTask } from "../../../emulator/store";

const T0 = Date.UTC(2025, 3, 24, 16, 15, 48, 76);

function setup(
  options: {
    preparingMs?: number;
    retention?: number;
    statePath?: string;
    visibleAfterMs?: number;
  } = {},
) {
  const real = { now: T0 };
  const clock = new EmulatorClock(() => real.now);
  const store = new TaskStore(clock, {
    preparingMs: options.preparingMs ?? 1000,
    stoppedRetentionSeconds: options.retention ?? 30,
    ...(options.visibleAfterMs === undefined ? {} : { visibleAfterMs: options.visibleAfterMs }),
    ...(options.statePath
      ? {
          state: {
            path: options.statePath,
            defaultAccount: "legacy-account",
            sdkAppIds: new Set([1400000000]),
            log: () => {},
          },
        }
      : {}),
  });
  return { real, clock, store };
}

const TASK: NewTask = {
  account: "100001",
  sdkAppId: 1400000000,
  roomId: "1234",
  roomIdType: 0,
  botUserId: "ai_bot",
  targetUserId: "user_1",
  maxIdleTime: 60,
  sessionId: "s-1",
  region: "ap-guangzhou",
};

describe("emulator task store and lifecycle", () => {
  it("formats Describe's StartTime as UTC with six fractional digits", () => {
    assert.equal(toDescribeTime(T0), "2025-04-24 16:15:48.076000");
  });

  it("reports Preparing until preparingMs of emulator time have passed, then InProgress", () => {
    const { clock, store } = setup({ preparingMs: 1000 });
    const task = store.start(TASK);
    assert.equal(store.statusOf(task), "Preparing");
    clock.advance(0.999);
    assert.equal(store.statusOf(task), "Preparing");
    clock.advance(0.001);
    assert.equal(store.statusOf(task), "InProgress");
  });

  it("starts InProgress when preparingMs is 0", () => {
    const { store } = setup({ preparingMs: 0 });
    assert.equal(store.statusOf(store.start(TASK)), "InProgress");
  });

  it("stops a task MaxIdleTime seconds after start when nobody streams", () => {
    const { clock, store } = setup();
    const task = store.start(TASK);
    clock.advance(59.999);
    assert.equal(store.get(task.taskId)?.stopTime, null);
    clock.advance(0.001);
    const stopped = store.get(task.taskId);
    assert.equal(stopped?.stopReason, "idle");
    assert.equal(stopped?.stopTime, T0 + 60_000);
    assert.equal(store.list()[0].stopTime, new Date(T0 + 60_000).toISOString());
  });

  it("keeps a task alive while a user streams and restarts the idle timer when they stop", () => {
    const { clock, store } = setup();
    const task = store.start(TASK);
    clock.advance(30);
    store.setStreaming("1234", "user_1", true);
    clock.advance(3600);
    assert.equal(store.get(task.taskId)?.stopTime, null);
    store.setStreaming("1234", "user_1", false);
    clock.advance(59);
    assert.equal(store.get(task.taskId)?.stopTime, null);
    clock.advance(1);
    assert.equal(store.get(task.taskId)?.stopReason, "idle");
  });

  it("does not count bot users as streaming", () => {
    const { clock, store } = setup();
    const task = store.start(TASK);
    store.setStreaming("1234", "ai_bot", true);
    clock.advance(60);
    assert.equal(store.get(task.taskId)?.stopReason, "idle");
  });

  it("does not revive a task whose idle deadline passed before a user started streaming", () => {
    const { clock, store } = setup();
    const task = store.start(TASK);
    clock.advance(61);
    store.setStreaming("1234", "user_1", true);
    assert.equal(store.get(task.taskId)?.stopTime, T0 + 60_000);
  });

  it("keeps a Stopped task visible for the retention period, then forgets it", () => {
    const { clock, store } = setup({ retention: 30 });
    const task = store.start(TASK);
    store.stop(task, "stopped");
    clock.advance(29.999);
    assert.equal(store.list()[0].status, "Stopped");
    clock.advance(0.001);
    assert.equal(store.get(task.taskId), undefined);
    assert.deepEqual(store.list(), []);
  });

  it("finds the newest task by SdkAppId and SessionId", () => {
    const { clock, store } = setup();
    const first = store.start(TASK);
    store.stop(first, "stopped");
    clock.advance(1);
    const second = store.start(TASK);
    assert.equal(store.findBySession(1400000000, "s-1", "100001")?.taskId, second.taskId);
    assert.equal(store.findBySession(1400000001, "s-1", "100001"), undefined);
    assert.equal(store.findBySession(1400000000, "s-1", "100002"), undefined, "another account");
  });

  it("lets Describe see a task visibleAfterMs of emulator time after its start, and by default at once", () => {
    const { clock, store } = setup({ visibleAfterMs: 500 });
    const older = store.start(TASK);
    clock.advance(0.5);
    assert.equal(store.describable(older), true);
    store.stop(older, "stopped");
    const newer = store.start(TASK);
    assert.equal(store.describable(newer), false);
    assert.equal(store.get(newer.taskId), newer, "the task exists meanwhile");
    assert.equal(
      store.findBySession(1400000000, "s-1", "100001"),
      older,
      "Describe by session passes it over",
    );
    clock.advance(0.499);
    assert.equal(store.describable(newer), false);
    clock.advance(0.001);
    assert.equal(store.describable(newer), true);
    assert.equal(store.findBySession(1400000000, "s-1", "100001"), newer);
    const { store: plain } = setup();
    assert.equal(plain.describable(plain.start(TASK)), true);
  });

  it("mints unique, real-looking TaskIds of several lengths", () => {
    const { store } = setup();
    const ids = new Set(
      Array.from({ length: 50 }, () => store.start({ ...TASK, roomId: "9" }).taskId),
    );
    assert.equal(ids.size, 50);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9+][A-Za-z0-9+-]{69,}\.{0,2}$/);
    assert.deepEqual(new Set([...ids].map((id) => id.length)), new Set([72, 77, 116]));
  });

  describe("state file", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "trtc-emulator-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("round-trips tasks, rooms and the clock offset", () => {
      const statePath = join(dir, "state.json");
      const first = setup({ statePath });
      first.clock.advance(5);
      const task = first.store.start(TASK);
      first.store.setStreaming("1234", "user_1", true);
      first.store.close();

      const second = setup({ statePath });
      assert.equal(second.clock.offset, 5000);
      assert.deepEqual(second.store.list(), first.store.list());
      second.clock.advance(3600);
      assert.equal(second.store.get(task.taskId)?.stopTime, null, "user_1 is still streaming");
      const saved = readFileSync(statePath, "utf8");
      assert.doesNotMatch(saved, /UserSig|APIKey|LLMConfig/);
    });

    it("refuses a malformed file with a message naming the file and the field", () => {
      const statePath = join(dir, "state.json");
      writeFileSync(statePath, JSON.stringify({ version: 1, tasks: [{ taskId: 1 }] }));
      assert.throws(
        () => setup({ statePath }),
        new RegExp(
          `^Error: Cannot load emulator state from ${statePath}: tasks\\[0\\]\\.taskId: 1 is not a TaskId \\(1 to 256 characters of A-Z a-z 0-9 \\+ - \\* \\. _\\)\\. Delete the file to start empty\\.$`,
        ),
      );
    });
  });

  describe("work per call", () => {
    /** Counts every walk over a Map (values, entries, keys, forEach, iteration). */
    class CountingMap<K, V> extends Map<K, V> {
      walks = 0;
      override values() {
        this.walks++;
        return super.values();
      }
      override entries() {
        this.walks++;
        return super.entries();
      }
      override keys() {
        this.walks++;
        return super.keys();
      }
      override forEach(fn: (value: V, key: K, map: Map<K, V>) => void) {
        this.walks++;
        super.forEach(fn);
      }
      override [Symbol.iterator]() {
        this.walks++;
        return super[Symbol.iterator]();
      }
    }

    for (const withState of [false, true]) {
      it(`Start, Describe by id or SessionId and Stop never walk every task (review A1${withState ? ", F13: with a state file" : ""})`, () => {
        const dir = mkdtempSync(join(tmpdir(), "trtc-emulator-"));
        const { store } = setup(withState ? { statePath: join(dir, "state.json") } : {});
        for (let i = 0; i < 500; i++) {
          store.start({ ...TASK, roomId: `room-${i}`, sessionId: `s-${i}`, maxIdleTime: 86400 });
        }
        const tasks = new CountingMap<string, unknown>(
          (store as unknown as { tasks: Map<string, unknown> }).tasks,
        );
        (store as unknown as { tasks: Map<string, unknown> }).tasks = tasks;
        const task = store.start({ ...TASK, roomId: "room-new", sessionId: "s-new" });
        store.get(task.taskId);
        store.findBySession(TASK.sdkAppId, "s-250", TASK.account);
        store.withSession(TASK.sdkAppId, "s-new");
        store.inRoom("room-new");
        store.activeCount(TASK.sdkAppId);
        store.stop(task, "stopped");
        store.setStreaming("room-7", "user_1", true);
        assert.equal(tasks.walks, 0);
        store.close();
        if (withState) {
          assert.equal(tasks.walks, 1, "the last write walks the tasks once");
          assert.equal(JSON.parse(readFileSync(join(dir, "state.json"), "utf8")).tasks.length, 501);
        }
        rmSync(dir, { recursive: true, force: true });
      });
    }

    it("still expires idle tasks and removes stopped ones at their exact times", () => {
      const { store, clock } = setup({ retention: 30 });
      const quick = store.start({ ...TASK, roomId: "a", sessionId: "q", maxIdleTime: 10 });
      const slow = store.start({ ...TASK, roomId: "b", sessionId: "s", maxIdleTime: 20 });
      clock.advance(9.999);
      assert.equal(store.get(quick.taskId)?.stopTime, null);
      clock.advance(0.001);
      assert.equal(store.get(quick.taskId)?.stopReason, "idle");
      assert.equal(store.get(quick.taskId)?.stopTime, T0 + 10_000);
      assert.equal(store.get(slow.taskId)?.stopTime, null);
      clock.advance(30);
      assert.equal(store.get(quick.taskId), undefined, "removed 30 s after its stop");
      assert.equal(store.get(slow.taskId)?.stopReason, "idle");
      assert.equal(store.activeCount(TASK.sdkAppId), 0);
    });
  });
});
