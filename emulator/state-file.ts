/**
 * The optional `--state FILE`: tasks, rooms and the clock offset survive a restart. Only what the
 * emulator needs is stored - never a UserSig, LLM/TTS config or any other credential a client
 * sent.
 *
 * Writing (hostile-input review F12): the state goes to a temporary file created exclusively
 * (`O_CREAT | O_EXCL`, mode 0600) under a random name in the target's folder, which is then
 * renamed over the target. Creating exclusively never follows a symbolic link planted at the
 * temporary name, and a crash mid-write leaves the old state intact. When the target itself is a
 * symbolic link, the rename replaces the link with a regular file: the link's target is read once
 * at start-up but never written.
 *
 * Loading (F15): a file that is valid JSON but wrong in content is refused with a message naming
 * the first bad entry, e.g. `tasks[3].heldStatus: "Bogus" is not a task status (...)`, so a bad
 * file never turns into odd answers (a status no client knows) or InternalErrors later.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { MAX_DATE_MS } from "./clock";
import { REGIONS } from "./constants";
import { isTaskIdFormat, MAX_TASK_ID_LENGTH } from "./ids";

/** Why a task stopped. */
export type StopReason = "stopped" | "interrupted" | "idle" | "stop-after-play";

/** The four statuses DescribeAIConversation reports (`Idle` = not started yet). */
export type TaskStatus = "Idle" | "Preparing" | "InProgress" | "Stopped";

/** The statuses, for validating a held status. */
export const TASK_STATUSES: readonly TaskStatus[] = ["Idle", "Preparing", "InProgress", "Stopped"];

/** One task as the emulator remembers it. Times are emulator-clock epoch milliseconds. */
export interface TaskRecord {
  /** The opaque TaskId returned by Start. */
  taskId: string;
  /** The SessionId given at start, if any. */
  sessionId?: string;
  /**
   * The account (keys.ts) of the key that started the task; keys of other accounts do not find
   * it. State files written before accounts were recorded load with the emulator's default
   * account (that of `--secret-id`).
   */
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
  /** `AgentConfig.MaxIdleTime`, seconds. */
  maxIdleTime: number;
  /** When Start succeeded. */
  startTime: number;
  /** When the task stopped, or `null` while active. */
  stopTime: number | null;
  /** Why it stopped, or `null` while active. */
  stopReason: StopReason | null;
  /** Since when no (non-bot) user has been streaming in its room; `null` while someone is. */
  idleSince: number | null;
  /**
   * The `X-TC-Region` of the Start call; the task is found only from this region. State files
   * written before regions were recorded load as `ap-guangzhou`.
   */
  region: string;
  /** When a scheduled stop (`ServerPushText.StopAfterPlay`) takes effect, or `null`. */
  stopAt?: number | null;
  /**
   * The settings UpdateAIConversation can change, as they are now (Start's, then each update's).
   * Only what carries no credential: the LLM and TTS configs are kept as their types.
   */
  settings?: TaskSettings;
  /** A status a test holds the task in (`POST /_emulator/tasks/{taskId}`), or absent. */
  heldStatus?: TaskStatus;
}

/** The non-secret settings of a task that UpdateAIConversation changes. */
export interface TaskSettings {
  welcomeMessage: string | null;
  interruptMode: number | null;
  interruptSpeechDuration: number | null;
  llmType: string | null;
  ttsType: string | null;
  /** How many UpdateAIConversation calls changed the task. */
  updates: number;
}

/** The content of a state file. */
export interface PersistedState {
  /** Format version, for future migrations. */
  version: 1;
  /** Emulator-clock offset at save time, milliseconds. */
  clockOffsetMs: number;
  /** Tasks still visible (active or retained Stopped). */
  tasks: TaskRecord[];
  /** Room id -> users marked as streaming. */
  rooms: Record<string, string[]>;
}

/** What loading a state file needs to know about the emulator that reads it. */
export interface LoadContext {
  /** The account of tasks that name none (files written before accounts were recorded). */
  defaultAccount: string;
  /** The SdkAppIds the emulator knows (`--app`); a task of another app is refused. */
  sdkAppIds: ReadonlySet<number>;
}

const STOP_REASONS: readonly StopReason[] = ["stopped", "interrupted", "idle", "stop-after-play"];

/** A region missing from a task: files written before regions were recorded. */
const LEGACY_REGION = "ap-guangzhou";

/** One bad entry; {@link loadState} adds the file and what to do. */
class BadEntry extends Error {
  override name = "BadEntry";
  constructor(
    message: string,
    /** What to do instead of the default "Delete the file to start empty." */
    readonly fix?: string,
  ) {
    super(message);
  }
}

/** A value as a message shows it: JSON, cut after 60 characters. */
function shown(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `path: value is not what` (or `path is missing` when the value is). */
function bad(path: string, value: unknown, what: string): BadEntry {
  return new BadEntry(
    value === undefined
      ? `${path} is missing (expected ${what})`
      : `${path}: ${shown(value)} is not ${what}`,
  );
}

type Entry = Record<string, unknown>;

function isEntry(value: unknown): value is Entry {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const TIME = `a time (milliseconds since the epoch, from 0 to ${MAX_DATE_MS})`;

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= MAX_DATE_MS;
}

/** Reads one entry's fields, each checked, naming the entry in its refusals. */
class Fields {
  constructor(
    private readonly entry: Entry,
    private readonly where: string,
  ) {}

  private at(key: string): string {
    return `${this.where}.${key}`;
  }

  nonEmptyString(key: string): string {
    const value = this.entry[key];
    if (typeof value !== "string" || value === "")
      throw bad(this.at(key), value, "a non-empty string");
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.entry[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw bad(this.at(key), value, "a string");
    return value;
  }

  nullableString(key: string): string | null {
    const value = this.entry[key];
    if (value !== null && typeof value !== "string")
      throw bad(this.at(key), value, "a string or null");
    return value;
  }

  integer(key: string, min: number, max = Number.MAX_VALUE): number {
    const value = this.entry[key];
    if (!(typeof value === "number" && Number.isInteger(value) && value >= min && value <= max)) {
      const range = max === Number.MAX_VALUE ? `>= ${min}` : `from ${min} to ${max}`;
      throw bad(this.at(key), value, `an integer ${range}`);
    }
    return value;
  }

  nullableInteger(key: string, allowed: readonly number[] | { min: number }): number | null {
    const value = this.entry[key];
    if (value === null) return null;
    const ok = Array.isArray(allowed)
      ? allowed.includes(value as number)
      : typeof value === "number" &&
        Number.isInteger(value) &&
        value >= (allowed as { min: number }).min;
    if (!ok) {
      const what = Array.isArray(allowed)
        ? `one of ${allowed.join(", ")} or null`
        : `an integer >= ${(allowed as { min: number }).min} or null`;
      throw bad(this.at(key), value, what);
    }
    return value as number;
  }

  time(key: string): number {
    const value = this.entry[key];
    if (!isTime(value)) throw bad(this.at(key), value, TIME);
    return value;
  }

  nullableTime(key: string): number | null {
    const value = this.entry[key];
    if (value !== null && !isTime(value)) throw bad(this.at(key), value, `${TIME} or null`);
    return value;
  }

  oneOf<T extends string | number>(key: string, allowed: readonly T[], what: string): T {
    const value = this.entry[key];
    if (!allowed.includes(value as T)) {
      throw bad(this.at(key), value, `${what} (${allowed.join(", ")})`);
    }
    return value as T;
  }
}

function checkSettings(value: unknown, where: string): TaskSettings {
  if (!isEntry(value)) throw bad(where, value, "an object");
  const f = new Fields(value, where);
  return {
    welcomeMessage: f.nullableString("welcomeMessage"),
    interruptMode: f.nullableInteger("interruptMode", [0, 1]),
    interruptSpeechDuration: f.nullableInteger("interruptSpeechDuration", { min: 0 }),
    llmType: f.nullableString("llmType"),
    ttsType: f.nullableString("ttsType"),
    updates: f.integer("updates", 0),
  };
}

/**
 * One task of a state file, checked field by field and copied into a fresh record (so no key the
 * emulator does not know, `__proto__` included, is carried along).
 */
function checkTask(value: unknown, index: number, context: LoadContext): TaskRecord {
  const where = `tasks[${index}]`;
  if (!isEntry(value)) throw bad(where, value, "an object");
  const f = new Fields(value, where);
  const taskId = value.taskId;
  if (typeof taskId !== "string" || !isTaskIdFormat(taskId)) {
    throw bad(
      `${where}.taskId`,
      taskId,
      `a TaskId (1 to ${MAX_TASK_ID_LENGTH} characters of A-Z a-z 0-9 + - * . _)`,
    );
  }
  const account =
    value.account === undefined ? context.defaultAccount : f.nonEmptyString("account");
  const sdkAppId = f.integer("sdkAppId", 1, 4294967295);
  if (!context.sdkAppIds.has(sdkAppId)) {
    const known = [...context.sdkAppIds].join(", ") || "none";
    throw new BadEntry(
      `${where}.sdkAppId: ${sdkAppId} is not an app this emulator knows (${known})`,
      `Start the emulator with --app ${sdkAppId}=<UserSig key>, or delete the file to start empty.`,
    );
  }
  const stopTime = f.nullableTime("stopTime");
  let stopReason: StopReason | null = null;
  if (stopTime !== null) stopReason = f.oneOf("stopReason", STOP_REASONS, "a stop reason");
  else if (value.stopReason !== null) {
    throw bad(`${where}.stopReason`, value.stopReason, "null while stopTime is null");
  }
  const task: TaskRecord = {
    taskId,
    account,
    sdkAppId,
    roomId: f.nonEmptyString("roomId"),
    roomIdType: f.oneOf("roomIdType", [0, 1] as const, "a RoomIdType"),
    botUserId: f.nonEmptyString("botUserId"),
    targetUserId: f.nonEmptyString("targetUserId"),
    maxIdleTime: f.integer("maxIdleTime", 1),
    startTime: f.time("startTime"),
    stopTime,
    stopReason,
    idleSince: f.nullableTime("idleSince"),
    region: value.region === undefined ? LEGACY_REGION : f.oneOf("region", REGIONS, "a region"),
    stopAt: value.stopAt === undefined ? null : f.nullableTime("stopAt"),
  };
  const sessionId = f.optionalString("sessionId");
  if (sessionId !== undefined) task.sessionId = sessionId;
  if (value.settings !== undefined)
    task.settings = checkSettings(value.settings, `${where}.settings`);
  if (value.heldStatus !== undefined) {
    task.heldStatus = f.oneOf("heldStatus", TASK_STATUSES, "a task status");
  }
  return task;
}

function checkRooms(value: unknown): Record<string, string[]> {
  if (!isEntry(value)) throw bad("rooms", value, "an object of room id -> user ids");
  const rooms: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [room, users] of Object.entries(value)) {
    const where = `rooms[${JSON.stringify(room)}]`;
    if (room === "" || room === "__proto__") throw bad("rooms", room, "a room id");
    if (!Array.isArray(users) || !users.every((u) => typeof u === "string" && u !== "")) {
      throw bad(where, users, "an array of user ids (non-empty strings)");
    }
    rooms[room] = users as string[];
  }
  return rooms;
}

function checkState(raw: unknown, context: LoadContext): PersistedState {
  if (!isEntry(raw) || raw.version !== 1) {
    throw new BadEntry("it is not a version 1 emulator state file");
  }
  const offset = raw.clockOffsetMs ?? 0;
  // An offset out of range is ignored when restored (EmulatorClock.restoreOffset), as before.
  if (typeof offset !== "number") throw bad("clockOffsetMs", offset, "a number of milliseconds");
  if (!Array.isArray(raw.tasks)) throw bad("tasks", raw.tasks, "an array");
  const tasks = raw.tasks.map((t, i) => checkTask(t, i, context));
  const seen = new Map<string, number>();
  tasks.forEach((task, i) => {
    const first = seen.get(task.taskId);
    if (first !== undefined) {
      throw new BadEntry(
        `tasks[${i}].taskId: ${shown(task.taskId)} is also the TaskId of tasks[${first}]`,
      );
    }
    seen.set(task.taskId, i);
  });
  return {
    version: 1,
    clockOffsetMs: offset,
    tasks,
    rooms: checkRooms(raw.rooms ?? {}),
  };
}

/**
 * Read and check a state file.
 *
 * @param path - The `--state` path.
 * @param context - The emulator's default account and known apps.
 * @returns The state, or `undefined` when the file does not exist yet.
 * @throws Error naming the file, the first bad entry and what to do.
 */
export function loadState(path: string, context: LoadContext): PersistedState | undefined {
  if (!existsSync(path)) return undefined;
  const fail = (what: string, fix = "Delete the file to start empty."): never => {
    throw new Error(`Cannot load emulator state from ${path}: ${what}. ${fix}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    fail(`it is not valid JSON (${(e as Error).message})`);
  }
  try {
    return checkState(raw, context);
  } catch (e) {
    if (e instanceof BadEntry) return fail(e.message, e.fix);
    throw e;
  }
}

/**
 * A temporary file next to `path`, created exclusively with mode 0600 under a random name: an
 * existing file or symbolic link of that name makes the open fail (`EEXIST`), never followed.
 */
function createTemporary(path: string): { fd: number; temporary: string } {
  for (let attempt = 1; ; attempt++) {
    const temporary = join(
      dirname(path),
      `.${basename(path)}.${randomBytes(8).toString("hex")}.tmp`,
    );
    try {
      return { fd: openSync(temporary, "wx", 0o600), temporary };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 5) throw error;
    }
  }
}

/**
 * Write a state file atomically: a fresh temporary file in the same folder (see the header
 * comment), then a rename over `path`, which replaces `path` itself even when it is a symbolic
 * link. No fsync: the rename protects against a crashed emulator, not against a crashed machine.
 *
 * @param path - The `--state` path.
 * @param state - What to store.
 * @throws Error from the file system (the temporary file is removed).
 */
export function saveState(path: string, state: PersistedState): void {
  const text = `${JSON.stringify(state, null, 2)}\n`;
  const { fd, temporary } = createTemporary(path);
  try {
    try {
      writeFileSync(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already gone; the original error is what matters.
    }
    throw error;
  }
}
