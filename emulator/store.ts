/**
 * Tasks, rooms and the task lifecycle on the emulator clock (reference §3.3):
 * Start -> `Preparing` -> `InProgress` after `preparingMs` -> `Stopped` (Stop, interruption by a
 * new task with the same bot UserId in the room, `ServerPushText.StopAfterPlay` once the text is
 * spoken, or MaxIdleTime without a streaming user) -> gone after `stoppedRetentionSeconds`.
 *
 * The lifecycle is evaluated lazily whenever someone looks (every API call and inspection), so
 * there are no timers, and jumping the clock forward behaves exactly like waiting. Each task's
 * next event (idle deadline, scheduled stop, removal) sits in a min-heap, and tasks are indexed
 * by room and by SdkAppId + SessionId, so the work of one call does not grow with the number of
 * tasks (hostile-input review A1: a scan of every task per Start saturated the CPU at 20/s).
 *
 * Idle expiry is deterministic: users only count as streaming once marked so with
 * {@link TaskStore.setStreaming}; bot users never count. A task's idle timer starts at task
 * start and restarts whenever a streaming user is present. Streaming marks are keyed by RoomId.
 *
 * A stopped task is "cleaning up" for `stoppedCleanupMs` (DescribeAIConversation's `Stopped`:
 * "stopped, cleaning up resources", SDK model `DescribeAIConversationResponse.Status`); while it
 * is, it still counts for Start's de-duplication.
 */
import { type EmulatorClock, toIso } from "./clock";
import { newTaskId } from "./ids";
import {
  type PersistedState,
  type StopReason,
  type TaskRecord,
  type TaskSettings,
  type TaskStatus,
  loadState,
} from "./state-file";
import { type StateWrite, StateWriter } from "./state-writer";

export { TASK_STATUSES, type TaskStatus } from "./state-file";

/** A task as `GET /_emulator/tasks` shows it (camelCase; ISO 8601 times or null). */
export interface TaskView {
  /** The TaskId Start returned. */
  taskId: string;
  /** The SessionId given at start, or `null`. */
  sessionId: string | null;
  /** The account of the key that started it; keys of other accounts do not find it. */
  account: string;
  /** The TRTC application. */
  sdkAppId: number;
  /** The room, as sent. */
  roomId: string;
  /** 0 numeric room, 1 string room. */
  roomIdType: 0 | 1;
  /** `AgentConfig.UserId`. */
  botUserId: string;
  /** `AgentConfig.TargetUserId`. */
  targetUserId: string;
  /** The region the task was started in (and is found from). */
  region: string;
  /** What DescribeAIConversation would report now. */
  status: TaskStatus;
  /** Start, ISO 8601 emulator time. */
  startTime: string;
  /** Stop, ISO 8601 emulator time, or `null` while active. */
  stopTime: string | null;
  /** `AgentConfig.WelcomeMessage` as Start set it or the last update changed it, or `null`. */
  welcomeMessage: string | null;
  /** `AgentConfig.InterruptMode` now, or `null` when never sent. */
  interruptMode: number | null;
  /** `AgentConfig.InterruptSpeechDuration` now, or `null` when never sent. */
  interruptSpeechDuration: number | null;
  /** `LLMType` of the LLM config now (the config itself holds credentials and is not kept). */
  llmType: string | null;
  /** `TTSType` of the TTS config now. */
  ttsType: string | null;
  /** How many UpdateAIConversation calls changed the task. */
  updates: number;
}

/** What Start records for a new task. */
export type NewTask = Omit<
  TaskRecord,
  "taskId" | "startTime" | "stopTime" | "stopReason" | "idleSince" | "stopAt" | "heldStatus"
>;

/** Lifecycle settings. */
export interface StoreOptions {
  /** Delay from Preparing to InProgress, emulator milliseconds. */
  preparingMs: number;
  /** How long a Stopped task stays visible to Describe, seconds. */
  stoppedRetentionSeconds: number;
  /** How long a Stopped task keeps "cleaning up" (and de-duplicating Starts), emulator ms. */
  stoppedCleanupMs?: number;
  /**
   * How long after its Start a task stays invisible to DescribeAIConversation, emulator ms
   * (`--visible-after-ms`; default 0). See {@link TaskStore.describable}.
   */
  visibleAfterMs?: number;
  /** Where and how to persist state (`--state`), if anywhere. */
  state?: StateOptions;
}

/** The `--state` file and what loading it needs. */
export interface StateOptions {
  /** The file; loaded at construction if it exists. */
  path: string;
  /** The account of tasks that name none (files written before accounts were recorded). */
  defaultAccount: string;
  /** The SdkAppIds the emulator knows: a file with a task of another app is refused. */
  sdkAppIds: ReadonlySet<number>;
  /**
   * Least time between two writes, milliseconds (state-writer.ts).
   * @default 100
   */
  writeIntervalMs?: number;
  /** Replaces the file write (tests count or fail writes with it). */
  write?: StateWrite;
  /** Where write failures are reported. @default stderr */
  log?: (line: string) => void;
}

/** A heap entry: the time of a task's next event as it was when pushed. */
interface Due {
  at: number;
  taskId: string;
}

/** A binary min-heap of {@link Due} entries by time. */
class DueHeap {
  private items: Due[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Due | undefined {
    return this.items[0];
  }

  push(item: Due): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent].at <= a[i].at) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }

  pop(): Due | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].at < a[m].at) m = l;
        if (r < a.length && a[r].at < a[m].at) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }

  clear(): void {
    this.items = [];
  }
}

function add<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function remove<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

function sessionKey(sdkAppId: number, sessionId: string): string {
  return `${sdkAppId}\u0000${sessionId}`;
}

/** The emulator's tasks and rooms. */
export class TaskStore {
  private tasks = new Map<string, TaskRecord>();
  private rooms = new Map<string, Set<string>>();
  private byRoom = new Map<string, Set<TaskRecord>>();
  private bySession = new Map<string, Set<TaskRecord>>();
  private activeByApp = new Map<number, number>();
  private due = new DueHeap();
  private readonly writer: StateWriter | undefined;

  /**
   * @param clock - The emulator clock all task times are read from.
   * @param options - Lifecycle settings and the optional state file (loaded here if present).
   * @throws Error when the state file exists but is malformed, or cannot be written.
   */
  constructor(
    private readonly clock: EmulatorClock,
    private readonly options: StoreOptions,
  ) {
    const file = options.state;
    if (!file) return;
    const state = loadState(file.path, file);
    if (state) {
      clock.restoreOffset(state.clockOffsetMs);
      for (const [room, users] of Object.entries(state.rooms)) this.rooms.set(room, new Set(users));
      for (const task of state.tasks) this.index(task);
    }
    this.writer = new StateWriter({
      path: file.path,
      snapshot: () => this.snapshot(),
      ...(file.writeIntervalMs === undefined ? {} : { intervalMs: file.writeIntervalMs }),
      ...(file.write === undefined ? {} : { write: file.write }),
      ...(file.log === undefined ? {} : { log: file.log }),
    });
    // Write once now, so an unwritable --state path fails at startup, not on the first call.
    this.writer.writeNow();
  }

  private get cleanupMs(): number {
    return this.options.stoppedCleanupMs ?? 0;
  }

  /** The status the API reports for `task` now. */
  statusOf(task: TaskRecord): TaskStatus {
    if (task.heldStatus) return task.heldStatus;
    if (task.stopTime !== null) return "Stopped";
    return this.clock.nowMs() < task.startTime + this.options.preparingMs
      ? "Preparing"
      : "InProgress";
  }

  /**
   * Whether DescribeAIConversation sees `task` yet: not until `visibleAfterMs` of emulator time
   * after its Start. The pages do not say whether Describe sees a task as soon as Start returns
   * (fidelity review D1); this lets a client's handling of a lag be tested. Only Describe looks:
   * the task exists for every other rule (assumed).
   */
  describable(task: TaskRecord): boolean {
    return this.clock.nowMs() >= task.startTime + (this.options.visibleAfterMs ?? 0);
  }

  /** Whether a stopped task is still cleaning up (and so still de-duplicates Starts). */
  cleaningUp(task: TaskRecord): boolean {
    return task.stopTime !== null && this.clock.nowMs() < task.stopTime + this.cleanupMs;
  }

  /** When `task`'s next lifecycle event happens (emulator ms), or `undefined` if none. */
  private nextEvent(task: TaskRecord): number | undefined {
    if (task.stopTime !== null) {
      const retention = this.options.stoppedRetentionSeconds * 1000;
      return task.stopTime + Math.max(retention, this.cleanupMs);
    }
    const idle = task.idleSince === null ? undefined : task.idleSince + task.maxIdleTime * 1000;
    const scheduled = task.stopAt ?? undefined;
    if (idle === undefined) return scheduled;
    if (scheduled === undefined) return idle;
    return Math.min(idle, scheduled);
  }

  private schedule(task: TaskRecord): void {
    const at = this.nextEvent(task);
    if (at !== undefined) this.due.push({ at, taskId: task.taskId });
  }

  private index(task: TaskRecord): void {
    this.tasks.set(task.taskId, task);
    add(this.byRoom, task.roomId, task);
    if (task.sessionId !== undefined) {
      add(this.bySession, sessionKey(task.sdkAppId, task.sessionId), task);
    }
    if (task.stopTime === null) {
      this.activeByApp.set(task.sdkAppId, (this.activeByApp.get(task.sdkAppId) ?? 0) + 1);
    }
    this.schedule(task);
  }

  private forget(task: TaskRecord): void {
    this.tasks.delete(task.taskId);
    remove(this.byRoom, task.roomId, task);
    if (task.sessionId !== undefined) {
      remove(this.bySession, sessionKey(task.sdkAppId, task.sessionId), task);
    }
  }

  private markStopped(task: TaskRecord, at: number, reason: StopReason): void {
    task.stopTime = at;
    task.stopReason = reason;
    task.stopAt = null;
    const left = (this.activeByApp.get(task.sdkAppId) ?? 1) - 1;
    if (left > 0) this.activeByApp.set(task.sdkAppId, left);
    else this.activeByApp.delete(task.sdkAppId);
    this.schedule(task);
  }

  /**
   * Apply everything that has happened by now: idle expiry and scheduled stops (at their exact
   * time) and removal of Stopped tasks past retention. Persists when anything changed.
   */
  refresh(): void {
    const now = this.clock.nowMs();
    let changed = false;
    for (let top = this.due.peek(); top && top.at <= now; top = this.due.peek()) {
      this.due.pop();
      const task = this.tasks.get(top.taskId);
      if (!task || this.nextEvent(task) !== top.at) continue; // superseded entry
      if (task.stopTime !== null) {
        this.forget(task);
      } else if (task.stopAt !== undefined && task.stopAt !== null && task.stopAt === top.at) {
        this.markStopped(task, top.at, "stop-after-play");
      } else {
        this.markStopped(task, top.at, "idle");
      }
      changed = true;
    }
    if (changed) this.persist();
  }

  /** A visible task (active or retained Stopped) by TaskId. */
  get(taskId: string): TaskRecord | undefined {
    this.refresh();
    return this.tasks.get(taskId);
  }

  /**
   * The newest task of `account` started with this SdkAppId and SessionId that Describe sees: a
   * task still within `visibleAfterMs` of its Start is passed over, so an older one (a Stopped
   * task still retained) may be found instead. Tasks of other accounts are passed over too.
   */
  findBySession(sdkAppId: number, sessionId: string, account: string): TaskRecord | undefined {
    this.refresh();
    let newest: TaskRecord | undefined;
    for (const task of this.bySession.get(sessionKey(sdkAppId, sessionId)) ?? []) {
      if (task.account !== account || !this.describable(task)) continue;
      if (!newest || task.startTime >= newest.startTime) newest = task;
    }
    return newest;
  }

  /** Visible tasks of an SdkAppId holding a SessionId. */
  withSession(sdkAppId: number, sessionId: string): TaskRecord[] {
    this.refresh();
    return [...(this.bySession.get(sessionKey(sdkAppId, sessionId)) ?? [])];
  }

  /** Visible tasks in a room (any SdkAppId and RoomIdType; filter further as needed). */
  inRoom(roomId: string): TaskRecord[] {
    this.refresh();
    return [...(this.byRoom.get(roomId) ?? [])];
  }

  /** How many tasks of an SdkAppId are active (Preparing or InProgress). */
  activeCount(sdkAppId: number): number {
    this.refresh();
    return this.activeByApp.get(sdkAppId) ?? 0;
  }

  /**
   * Record a new task, starting now.
   *
   * @param fields - Everything but the id and lifecycle fields.
   * @returns The stored task.
   */
  start(fields: NewTask): TaskRecord {
    this.refresh();
    let taskId = newTaskId();
    while (this.tasks.has(taskId)) taskId = newTaskId();
    const task: TaskRecord = {
      ...fields,
      taskId,
      startTime: this.clock.nowMs(),
      stopTime: null,
      stopReason: null,
      idleSince: null,
      stopAt: null,
    };
    this.index(task);
    this.recomputeIdle(task.roomId);
    this.persist();
    return task;
  }

  /**
   * Stop an active task now.
   *
   * @param task - A task returned by this store.
   * @param reason - Why it stops.
   */
  stop(task: TaskRecord, reason: StopReason): void {
    if (task.stopTime !== null) return;
    this.markStopped(task, this.clock.nowMs(), reason);
    this.persist();
  }

  /**
   * Stop an active task at a later emulator time (`ServerPushText.StopAfterPlay`: when the text
   * has been spoken). An earlier scheduled stop is kept.
   *
   * @param task - A task returned by this store.
   * @param delayMs - Emulator milliseconds from now.
   */
  stopLater(task: TaskRecord, delayMs: number): void {
    if (task.stopTime !== null) return;
    const at = this.clock.nowMs() + Math.max(0, delayMs);
    if (task.stopAt !== undefined && task.stopAt !== null && task.stopAt <= at) return;
    task.stopAt = at;
    this.schedule(task);
    this.persist();
  }

  /**
   * Replace a task's updatable settings (UpdateAIConversation).
   *
   * @param task - A task returned by this store.
   * @param settings - The settings as they are after the update.
   */
  updateSettings(task: TaskRecord, settings: TaskSettings): void {
    task.settings = settings;
    this.persist();
  }

  /**
   * Hold a task in a status (tests of how clients treat `Idle`, say), or release it.
   *
   * @param task - A task returned by this store.
   * @param status - The status Describe reports from now on, or `null` to release.
   */
  holdStatus(task: TaskRecord, status: TaskStatus | null): void {
    if (status === null) delete task.heldStatus;
    else task.heldStatus = status;
    this.persist();
  }

  /**
   * Mark a user in a room as streaming or not, which (re)starts or cancels idle timers of the
   * room's tasks.
   *
   * @param roomId - The room.
   * @param userId - The user.
   * @param streaming - Whether the user is publishing a stream.
   */
  setStreaming(roomId: string, userId: string, streaming: boolean): void {
    // Expire first, so a task whose deadline passed before this call is not revived by it.
    this.refresh();
    const users = this.rooms.get(roomId) ?? new Set<string>();
    if (streaming) users.add(userId);
    else users.delete(userId);
    if (users.size > 0) this.rooms.set(roomId, users);
    else this.rooms.delete(roomId);
    this.recomputeIdle(roomId);
    this.persist();
  }

  /** Re-evaluates the idle timers of the tasks in one room. */
  private recomputeIdle(roomId: string): void {
    const now = this.clock.nowMs();
    const tasks = this.byRoom.get(roomId) ?? new Set<TaskRecord>();
    // Any task's bot counts as a bot, so a stopped bot marked streaming cannot keep a room busy.
    const bots = new Set([...tasks].map((t) => t.botUserId));
    const streaming = [...(this.rooms.get(roomId) ?? [])].some((u) => !bots.has(u));
    for (const task of tasks) {
      if (task.stopTime !== null) continue;
      if (streaming) task.idleSince = null;
      else if (task.idleSince === null) {
        task.idleSince = now;
        this.schedule(task);
      }
    }
  }

  /** Every visible task, oldest first, as inspection shows it. */
  list(): TaskView[] {
    this.refresh();
    return [...this.tasks.values()]
      .sort((a, b) => a.startTime - b.startTime)
      .map((task) => ({
        taskId: task.taskId,
        sessionId: task.sessionId ?? null,
        account: task.account,
        sdkAppId: task.sdkAppId,
        roomId: task.roomId,
        roomIdType: task.roomIdType,
        botUserId: task.botUserId,
        targetUserId: task.targetUserId,
        region: task.region,
        status: this.statusOf(task),
        startTime: toIso(task.startTime),
        stopTime: task.stopTime === null ? null : toIso(task.stopTime),
        welcomeMessage: task.settings?.welcomeMessage ?? null,
        interruptMode: task.settings?.interruptMode ?? null,
        interruptSpeechDuration: task.settings?.interruptSpeechDuration ?? null,
        llmType: task.settings?.llmType ?? null,
        ttsType: task.settings?.ttsType ?? null,
        updates: task.settings?.updates ?? 0,
      }));
  }

  /** Forget all tasks and rooms. */
  reset(): void {
    this.tasks.clear();
    this.rooms.clear();
    this.byRoom.clear();
    this.bySession.clear();
    this.activeByApp.clear();
    this.due.clear();
    this.persist();
  }

  /**
   * Note a change for the state file, if one is configured (also called after clock changes):
   * it is written within 100 ms, not now, so a call's cost does not grow with the number of
   * tasks, and a failed write never fails the call (state-writer.ts).
   */
  persist(): void {
    this.writer?.markDirty();
  }

  /**
   * Write pending changes now and stop writing (the emulator stops). A failure is logged, not
   * thrown.
   *
   * @returns Whether the state file holds the latest state (`true` without one).
   */
  close(): boolean {
    return this.writer?.close() ?? true;
  }

  private snapshot(): PersistedState {
    return {
      version: 1,
      clockOffsetMs: this.clock.offset,
      tasks: [...this.tasks.values()],
      rooms: Object.fromEntries([...this.rooms].map(([room, users]) => [room, [...users]])),
    };
  }
}
