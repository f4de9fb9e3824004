/**
 * The `/_emulator/*` control and inspection endpoints (issue 3 §8). They sit outside the API's
 * path, speak plain JSON with camelCase keys, use ordinary HTTP statuses (400 for bad input,
 * 404/405 for unknown routes) and need no signature: they exist for tests on the same machine.
 *
 * | method | path | body | answer |
 * | --- | --- | --- | --- |
 * | GET | /_emulator/health | | `{ ok: true }` |
 * | GET | /_emulator/tasks | | `TaskView[]` |
 * | POST | /_emulator/tasks/{taskId} | `{ status }` (a status, or null) | the `TaskView` |
 * | GET, DELETE | /_emulator/requests | | `RequestLogEntry[]` / `{ ok: true }` |
 * | GET, POST | /_emulator/clock | `{ advanceSeconds }` | `{ now, offsetSeconds }` |
 * | POST | /_emulator/rooms/{roomId}/users/{userId} | `{ streaming }` | `{ roomId, userId, streaming }` |
 * | GET, POST, DELETE | /_emulator/faults | `FaultSpec` | active faults / `{ ok: true }` |
 * | POST | /_emulator/reset | | `{ ok: true }` |
 */
import type { RequestLogEntry } from "./request-log";
import { TASK_STATUSES, type TaskStatus, type TaskView } from "./store";
import type { FaultSpec } from "./faults";
import { ClockRangeError } from "./clock";

/** Path prefix of every control endpoint. */
export const INSPECTION_PREFIX = "/_emulator";

/** The operations the endpoints expose; the same ones `startEmulator` returns. */
export interface EmulatorControls {
  /** Visible tasks with the status the API would report. */
  tasks(): TaskView[];
  /** The request log, oldest first. */
  requests(): RequestLogEntry[];
  /** Empty the request log. */
  clearRequests(): void;
  /**
   * Move emulator time forward; returns the new emulator time, ISO 8601. Throws
   * `ClockRangeError`, leaving the clock unchanged, for a step it refuses (answered as 400).
   */
  advanceClock(seconds: number): string;
  /** Current emulator time (ISO 8601) and its lead over real time in seconds. */
  clock(): { now: string; offsetSeconds: number };
  /**
   * Hold a visible task in a status Describe then reports (`Idle`, `Preparing`, `InProgress`,
   * `Stopped`), or release it with `null`. Returns the task, or `undefined` if there is none.
   */
  holdStatus(taskId: string, status: TaskStatus | null): TaskView | undefined;
  /** Mark a user in a room as streaming or not. */
  setStreaming(roomId: string, userId: string, streaming: boolean): void;
  /** Add a fault from untrusted JSON; throws Error naming the bad field. */
  addFault(spec: unknown): void;
  /** Active faults. */
  faults(): Array<FaultSpec & { remaining: number | null }>;
  /** Remove all faults. */
  clearFaults(): void;
  /** Clear tasks, rooms, faults, request log, rate windows and the clock offset. */
  reset(): void;
}

/** The HTTP answer to an inspection request. */
export interface InspectionReply {
  /** HTTP status. */
  status: number;
  /** JSON body. */
  body: unknown;
}

class BadRequest extends Error {
  override name = "BadRequest";
}

function parseJson(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch (e) {
    throw new BadRequest(`The body is not valid JSON (${(e as Error).message}).`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BadRequest("The body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}

function decodeSegment(segment: string, name: string): string {
  try {
    const decoded = decodeURIComponent(segment);
    if (decoded === "") throw new Error();
    return decoded;
  } catch {
    throw new BadRequest(`The ${name} in the path is empty or not valid percent-encoding.`);
  }
}

const OK = { ok: true } as const;

/**
 * The 415 answer for a POST or DELETE whose Content-Type is not `application/json`, or
 * `undefined` when the request may proceed (see the header comment for why).
 *
 * @param method - HTTP method, upper case.
 * @param path - URL path, for the message.
 * @param contentType - The `Content-Type` header, if any.
 */
export function refusedContentType(
  method: string,
  path: string,
  contentType: string | undefined,
): InspectionReply | undefined {
  if (method !== "POST" && method !== "DELETE") return undefined;
  const mediaType = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (mediaType === "application/json") return undefined;
  const got = contentType === undefined ? "none" : JSON.stringify(contentType.slice(0, 100));
  return {
    status: 415,
    body: {
      error:
        `${method} ${path.slice(0, 200)} needs Content-Type: application/json (got ${got}); ` +
        `nothing was changed. The control endpoints refuse other types so that a web page ` +
        `cannot call them. With curl: -H 'Content-Type: application/json'.`,
    },
  };
}

function route(
  method: string,
  path: string,
  raw: Buffer,
  controls: EmulatorControls,
  contentType: string | undefined,
): InspectionReply {
  // Every route calls this before doing anything: a refused method (405) or Content-Type (415)
  // changes nothing.
  const allow = (allowed: string[]): InspectionReply | undefined =>
    allowed.includes(method)
      ? refusedContentType(method, path, contentType)
      : {
          status: 405,
          body: { error: `${method} is not supported on ${path}. Use ${allowed.join(" or ")}.` },
        };
  const rest = path.slice(INSPECTION_PREFIX.length).replace(/\/+$/, "");

  switch (rest) {
    case "/health":
      return allow(["GET"]) ?? { status: 200, body: OK };
    case "/tasks":
      return allow(["GET"]) ?? { status: 200, body: controls.tasks() };
    case "/requests": {
      const denied = allow(["GET", "DELETE"]);
      if (denied) return denied;
      if (method === "GET") return { status: 200, body: controls.requests() };
      controls.clearRequests();
      return { status: 200, body: OK };
    }
    case "/clock": {
      const denied = allow(["GET", "POST"]);
      if (denied) return denied;
      if (method === "POST") {
        const seconds = parseJson(raw).advanceSeconds;
        if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
          throw new BadRequest(
            `Invalid value for advanceSeconds: ${JSON.stringify(seconds)}. Send {"advanceSeconds": N} with a number N >= 0.`,
          );
        }
        try {
          controls.advanceClock(seconds);
        } catch (error) {
          // The clock refused the step (too far) and is unchanged: the caller's input is at fault.
          if (error instanceof ClockRangeError) throw new BadRequest(error.message);
          throw error;
        }
      }
      return { status: 200, body: controls.clock() };
    }
    case "/faults": {
      const denied = allow(["GET", "POST", "DELETE"]);
      if (denied) return denied;
      if (method === "POST") {
        const spec = parseJson(raw);
        try {
          controls.addFault(spec);
        } catch (error) {
          throw new BadRequest((error as Error).message);
        }
      }
      if (method === "DELETE") controls.clearFaults();
      return { status: 200, body: method === "DELETE" ? OK : controls.faults() };
    }
    case "/reset": {
      const denied = allow(["POST"]);
      if (denied) return denied;
      controls.reset();
      return { status: 200, body: OK };
    }
  }

  const task = /^\/tasks\/([^/]+)$/.exec(rest);
  if (task) {
    const denied = allow(["POST"]);
    if (denied) return denied;
    const taskId = decodeSegment(task[1], "taskId");
    const status = parseJson(raw).status;
    if (status !== null && !TASK_STATUSES.includes(status as TaskStatus)) {
      throw new BadRequest(
        `Invalid value for status: ${JSON.stringify(status)}. Send {"status": S} with S one of ${TASK_STATUSES.join(", ")}, or null to release the task.`,
      );
    }
    const view = controls.holdStatus(taskId, status as TaskStatus | null);
    if (!view) return { status: 404, body: { error: `No visible task ${taskId}.` } };
    return { status: 200, body: view };
  }

  const room = /^\/rooms\/([^/]+)\/users\/([^/]+)$/.exec(rest);
  if (room) {
    const denied = allow(["POST"]);
    if (denied) return denied;
    const roomId = decodeSegment(room[1], "roomId");
    const userId = decodeSegment(room[2], "userId");
    const streaming = parseJson(raw).streaming;
    if (typeof streaming !== "boolean") {
      throw new BadRequest(
        `Invalid value for streaming: ${JSON.stringify(streaming)}. Send {"streaming": true} or {"streaming": false}.`,
      );
    }
    controls.setStreaming(roomId, userId, streaming);
    return { status: 200, body: { roomId, userId, streaming } };
  }
  return {
    status: 404,
    body: {
      error: `No endpoint ${path}. Known: health, tasks, tasks/{taskId}, requests, clock, rooms/{roomId}/users/{userId}, faults, reset under ${INSPECTION_PREFIX}.`,
    },
  };
}

/**
 * Answer one `/_emulator/*` request.
 *
 * @param method - HTTP method.
 * @param path - URL path (starting with {@link INSPECTION_PREFIX}).
 * @param raw - Body bytes.
 * @param controls - The emulator's operations.
 * @param contentType - The `Content-Type` header, if any; POST and DELETE need
 *   `application/json`.
 * @returns Status and JSON body; bad input yields 400, an unknown path 404, a method the path
 *   does not take 405, a refused Content-Type 415 and a failure 500, with `{ error }`; never
 *   throws.
 */
export function handleInspection(
  method: string,
  path: string,
  raw: Buffer,
  controls: EmulatorControls,
  contentType: string | undefined,
): InspectionReply {
  try {
    return route(method, path, raw, controls, contentType);
  } catch (error) {
    if (error instanceof BadRequest) return { status: 400, body: { error: error.message } };
    return { status: 500, body: { error: `Internal error: ${(error as Error).message}` } };
  }
}
