/**
 * Waiting for a task to run: DescribeAIConversation until the task is InProgress, and the
 * answers that end the wait. Used after a start, an adoption and before an update.
 */
import type { TaskDescription, TrtcClient } from "../trtc/client";
import { isTaskGone, TrtcApiError } from "../trtc/errors";

/** The task a create or update waits for is stopped, or unknown to the API. */
export class TaskGoneError extends Error {
  override name = "TaskGoneError";

  constructor(
    message: string,
    /** Describe said Stopped (the task exists and ended), rather than that it knows no such task. */
    readonly stopped: boolean,
  ) {
    super(message);
  }
}

/**
 * When create first asks whether a started bot runs: a bot takes a moment to prepare, and a
 * Describe sent at once would spend the Describe quota (shared by every bot of the stack) on an
 * answer that can only say Preparing. Tencent documents no preparing time; half a second lets
 * a bot that is ready within it be recorded after one Describe, and keeps each bot's hold on one
 * of the engine's `--parallel` slots short.
 */
export const FIRST_DESCRIBE_MS = 500;

/** Between later Describes of a bot that is still preparing. */
const DESCRIBE_INTERVAL_MS = 1000;

/**
 * How long after a Start a Describe that does not know the task is asked again. No page says
 * that Describe sees a task as soon as Start returns, and a TaskId Start returned must never be
 * forgotten: after this long it is recorded as partly started (delete's Stop counts a task that
 * is really gone as stopped).
 */
export const VISIBILITY_GRACE_MS = 5000;

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * True for a failure after which a Start or an Update may nevertheless have been carried out: no
 * answer (NetworkError, a timeout), an answer that is not the API's (InvalidResponse: a proxy or
 * gateway that cut or replaced it), or the API's InternalError. Every other API code is a refusal.
 */
export function mayHaveCommitted(err: unknown): boolean {
  return (
    err instanceof TrtcApiError && /^(NetworkError|InternalError|InvalidResponse)/.test(err.code)
  );
}

/**
 * Describes a task, asking again while Describe does not know it until `visibleBy` (a task just
 * started may not be visible yet).
 *
 * @throws the last error when the task stays unknown, or any other error at once.
 */
export async function describeWhenVisible(
  client: TrtcClient,
  taskId: string,
  visibleBy: number,
): Promise<TaskDescription> {
  for (;;) {
    try {
      return await client.describe({ taskId });
    } catch (err) {
      if (!isTaskGone(err) || Date.now() + DESCRIBE_INTERVAL_MS > visibleBy) throw err;
      await sleep(DESCRIBE_INTERVAL_MS);
    }
  }
}

/** Options of {@link waitUntilRunning}. */
export interface WaitOptions {
  /** Give up (an Error naming the setting) after this many seconds (`trtc:startTimeoutSeconds`). */
  timeoutSeconds: number;
  /** Wait this long before the first Describe. @default 0 */
  firstDescribeMs?: number;
  /** Until this time (ms since the epoch), ask again when Describe does not know the task. */
  visibleBy?: number;
}

/**
 * Describes the task until it is InProgress.
 *
 * @throws TaskGoneError when it stopped, or when Describe does not know it (after `visibleBy`).
 */
export async function waitUntilRunning(
  client: TrtcClient,
  taskId: string,
  opts: WaitOptions,
): Promise<TaskDescription> {
  const deadline = Date.now() + opts.timeoutSeconds * 1000;
  const visibleBy = Math.min(opts.visibleBy ?? 0, deadline);
  if (opts.firstDescribeMs) await sleep(opts.firstDescribeMs);
  for (;;) {
    let desc: TaskDescription;
    try {
      desc = await describeWhenVisible(client, taskId, visibleBy);
    } catch (err) {
      if (!isTaskGone(err)) throw err;
      const code = err instanceof TrtcApiError ? err.code : "gone";
      throw new TaskGoneError(`DescribeAIConversation does not know it (${code})`, false);
    }
    if (desc.status === "InProgress") return desc;
    if (desc.status === "Stopped") {
      throw new TaskGoneError(
        "it stopped right after it started (is another bot with the same userId in the room?)",
        true,
      );
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `still ${desc.status} after ${opts.timeoutSeconds}s (raise trtc:startTimeoutSeconds to wait longer)`,
      );
    }
    await sleep(DESCRIBE_INTERVAL_MS);
  }
}
