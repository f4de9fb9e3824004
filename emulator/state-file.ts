/**
 * The optional `--state FILE`: tasks, rooms and the clock offset survive a restart. Writes go to
 * a temporary file that is then renamed over the target, so a crash mid-write leaves the old
 * state intact. Only what the emulator needs is stored - never a UserSig, LLM/TTS config or
 * any other credential a client sent.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

/** Why a task stopped. */
export type StopReason = "stopped" | "interrupted" | "idle" | "stop-after-play";

/** One task as the emulator remembers it. Times are emulator-clock epoch milliseconds. */
export interface TaskRecord {
  /** The opaque TaskId returned by Start. */
  taskId: string;
  /** The SessionId given at start, if any. */
  sessionId?: string;
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
  heldStatus?: "Idle" | "Preparing" | "InProgress" | "Stopped";
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

const STOP_REASONS: readonly string[] = ["stopped", "interrupted", "idle", "stop-after-play"];

function fail(path: string, what: string): never {
  throw new Error(
    `Cannot load emulator state from ${path}: ${what}. Delete the file to start empty.`,
  );
}

function checkTask(path: string, index: number, value: unknown): TaskRecord {
  const t = value as Record<string, unknown>;
  const where = `tasks[${index}]`;
  if (typeof t !== "object" || t === null) fail(path, `${where} is not an object`);
  const strings = ["taskId", "roomId", "botUserId", "targetUserId"];
  for (const key of strings) {
    if (typeof t[key] !== "string") fail(path, `${where}.${key} is not a string`);
  }
  const numbers = ["sdkAppId", "maxIdleTime", "startTime"];
  for (const key of numbers) {
    if (typeof t[key] !== "number") fail(path, `${where}.${key} is not a number`);
  }
  if (t.roomIdType !== 0 && t.roomIdType !== 1) fail(path, `${where}.roomIdType is not 0 or 1`);
  if (t.sessionId !== undefined && typeof t.sessionId !== "string") {
    fail(path, `${where}.sessionId is not a string`);
  }
  for (const key of ["stopTime", "idleSince"]) {
    if (t[key] !== null && typeof t[key] !== "number") {
      fail(path, `${where}.${key} is not a number or null`);
    }
  }
  if (t.stopReason !== null && !STOP_REASONS.includes(t.stopReason as string)) {
    fail(path, `${where}.stopReason is not one of ${STOP_REASONS.join(", ")} or null`);
  }
  if (t.region === undefined) t.region = "ap-guangzhou";
  if (typeof t.region !== "string") fail(path, `${where}.region is not a string`);
  if (t.stopAt !== undefined && t.stopAt !== null && typeof t.stopAt !== "number") {
    fail(path, `${where}.stopAt is not a number or null`);
  }
  return t as unknown as TaskRecord;
}

/**
 * Read a state file.
 *
 * @param path - The `--state` path.
 * @returns The state, or `undefined` when the file does not exist yet.
 * @throws Error naming the file and the malformed part.
 */
export function loadState(path: string): PersistedState | undefined {
  if (!existsSync(path)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    fail(path, `it is not valid JSON (${(e as Error).message})`);
  }
  const state = raw as Record<string, unknown>;
  if (typeof state !== "object" || state === null || state.version !== 1) {
    fail(path, "it is not a version 1 emulator state file");
  }
  if (!Array.isArray(state.tasks)) fail(path, "tasks is not an array");
  const rooms = state.rooms ?? {};
  if (typeof rooms !== "object" || rooms === null || Array.isArray(rooms)) {
    fail(path, "rooms is not an object");
  }
  for (const [room, users] of Object.entries(rooms)) {
    if (!Array.isArray(users) || !users.every((u) => typeof u === "string")) {
      fail(path, `rooms.${room} is not an array of user ids`);
    }
  }
  return {
    version: 1,
    clockOffsetMs: typeof state.clockOffsetMs === "number" ? state.clockOffsetMs : 0,
    tasks: state.tasks.map((t, i) => checkTask(path, i, t)),
    rooms: rooms as Record<string, string[]>,
  };
}

/**
 * Write a state file atomically (temporary file + rename in the same directory).
 *
 * @param path - The `--state` path.
 * @param state - What to store.
 */
export function saveState(path: string, state: PersistedState): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}
