/**
 * Tasks, rooms and the task lifecycle on the emulator clock (reference §3.3):
 * Start -> `Preparing` -> `InProgress` after `preparingMs` -> `Stopped` (Stop, interruption by a
 * new task with the same bot UserId in the room, `ServerPushText.StopAfterPlay`, or MaxIdleTime
 * without a streaming user) -> gone after `stoppedRetentionSeconds`.
 *
 * The lifecycle is evaluated lazily whenever someone looks (every API call and inspection), so
 * there are no timers, and jumping the clock forward behaves exactly like waiting.
 *
 * Idle expiry is deterministic: users only count as streaming once marked so with
 * {@link TaskStore.setStreaming}; bot users never count. A task's idle timer starts at task
 * start and restarts whenever a streaming user is present. Rooms are keyed by RoomId alone.
 */
import { type EmulatorClock, toIso } from "./clock";
import { newTaskId } from "./ids";
import {
  type PersistedState,
  type StopReason,
  type TaskRecord,
  loadState,
  saveState,
} from "./state-file";

/** The four statuses DescribeAIConversation reports (`Idle` = not started yet; never used). */
export type TaskStatus = "Idle" | "Preparing" | "InProgress" | "Stopped";

/** A task as `GET /_emulator/tasks` shows it (camelCase; ISO 8601 times or null). */
export interface TaskView {
  /** The TaskId Start returned. */
  taskId: string;
  /** The SessionId given at start, or `null`. */
  sessionId: string | null;
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
  /** What DescribeAIConversation would report now. */
  status: TaskStatus;
  /** Start, ISO 8601 emulator time. */
  startTime: string;
  /** Stop, ISO 8601 emulator time, or `null` while active. */
  stopTime: string | null;
}

/** What Start records for a new task. */
export type NewTask = Omit<
  TaskRecord,
  "taskId" | "startTime" | "stopTime" | "stopReason" | "idleSince"
>;

/** Lifecycle settings. */
export interface StoreOptions {
  /** Delay from Preparing to InProgress, emulator milliseconds. */
  preparingMs: number;
  /** How long a Stopped task stays visible to Describe, seconds. */
  stoppedRetentionSeconds: number;
  /** Where to persist state, if anywhere. */
  statePath?: string;
}

/** The emulator's tasks and rooms. */
export class TaskStore {
  private tasks = new Map<string, TaskRecord>();
  private rooms = new Map<string, Set<string>>();

  /**
   * @param clock - The emulator clock all task times are read from.
   * @param options - Lifecycle settings and the optional state file (loaded here if present).
   * @throws Error when the state file exists but is malformed, or cannot be written.
   */
  constructor(
    private readonly clock: EmulatorClock,
    private readonly options: StoreOptions,
  ) {
    const state = options.statePath ? loadState(options.statePath) : undefined;
    if (state) {
      clock.restoreOffset(state.clockOffsetMs);
      for (const task of state.tasks) this.tasks.set(task.taskId, task);
      for (const [room, users] of Object.entries(state.rooms)) this.rooms.set(room, new Set(users));
    }
    // Write once now, so an unwritable --state path fails at startup, not on the first call.
    this.persist();
  }

  /** The status the API reports for `task` now. */
  statusOf(task: TaskRecord): TaskStatus {
    if (task.stopTime !== null) return "Stopped";
    return this.clock.nowMs() < task.startTime + this.options.preparingMs
      ? "Preparing"
      : "InProgress";
  }

  /**
   * Apply everything that has happened by now: idle expiry (stopping at the exact deadline) and
   * removal of Stopped tasks past retention. Persists when anything changed.
   */
  refresh(): void {
    const now = this.clock.nowMs();
    let changed = false;
    for (const task of this.tasks.values()) {
      if (task.stopTime === null && task.idleSince !== null) {
        const deadline = task.idleSince + task.maxIdleTime * 1000;
        if (now >= deadline) {
          task.stopTime = deadline;
          task.stopReason = "idle";
          changed = true;
        }
      }
    }
    const retentionMs = this.options.stoppedRetentionSeconds * 1000;
    for (const [id, task] of this.tasks) {
      if (task.stopTime !== null && now >= task.stopTime + retentionMs) {
        this.tasks.delete(id);
        changed = true;
      }
    }
    if (changed) this.persist();
  }

  /** A visible task (active or retained Stopped) by TaskId. */
  get(taskId: string): TaskRecord | undefined {
    this.refresh();
    return this.tasks.get(taskId);
  }

  /** The newest visible task started with this SdkAppId and SessionId. */
  findBySession(sdkAppId: number, sessionId: string): TaskRecord | undefined {
    this.refresh();
    let newest: TaskRecord | undefined;
    for (const task of this.tasks.values()) {
      if (task.sdkAppId === sdkAppId && task.sessionId === sessionId) {
        if (!newest || task.startTime >= newest.startTime) newest = task;
      }
    }
    return newest;
  }

  /** Active (Preparing/InProgress) tasks matching `predicate`. */
  active(predicate: (task: TaskRecord) => boolean): TaskRecord[] {
    this.refresh();
    return [...this.tasks.values()].filter((t) => t.stopTime === null && predicate(t));
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
    };
    this.tasks.set(taskId, task);
    this.recomputeIdle();
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
    task.stopTime = this.clock.nowMs();
    task.stopReason = reason;
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
    this.recomputeIdle();
    this.persist();
  }

  private recomputeIdle(): void {
    const now = this.clock.nowMs();
    for (const task of this.tasks.values()) {
      if (task.stopTime !== null) continue;
      // Any task's bot counts as a bot, so a stopped bot marked streaming cannot keep a room busy.
      const bots = new Set(
        [...this.tasks.values()].filter((t) => t.roomId === task.roomId).map((t) => t.botUserId),
      );
      const streaming = [...(this.rooms.get(task.roomId) ?? [])].some((u) => !bots.has(u));
      if (streaming) task.idleSince = null;
      else if (task.idleSince === null) task.idleSince = now;
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
        sdkAppId: task.sdkAppId,
        roomId: task.roomId,
        roomIdType: task.roomIdType,
        botUserId: task.botUserId,
        targetUserId: task.targetUserId,
        status: this.statusOf(task),
        startTime: toIso(task.startTime),
        stopTime: task.stopTime === null ? null : toIso(task.stopTime),
      }));
  }

  /** Forget all tasks and rooms. */
  reset(): void {
    this.tasks.clear();
    this.rooms.clear();
    this.persist();
  }

  /** Write the state file, if one is configured (also called after clock changes). */
  persist(): void {
    if (!this.options.statePath) return;
    const state: PersistedState = {
      version: 1,
      clockOffsetMs: this.clock.offset,
      tasks: [...this.tasks.values()],
      rooms: Object.fromEntries([...this.rooms].map(([room, users]) => [room, [...users]])),
    };
    saveState(this.options.statePath, state);
  }
}
