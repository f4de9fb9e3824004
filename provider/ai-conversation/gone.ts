/**
 * When an answer that says "no such task" is believed. StopAIConversation and
 * DescribeAIConversation answer `FailedOperation.TaskNotExist` ("任务不存在或已结束": the task does
 * not exist or has ended) and `InvalidParameter.TaskId` ("TaskId 参数错误": the TaskId parameter
 * is wrong; GO SDK errors.go, intl page 647/65296). The first means the task is gone. The second
 * says only that the parameter is wrong: for a TaskId that could be one, it is confirmed with a
 * Describe in the bot's recorded region (and by SessionId) before it counts as gone, so that a
 * `destroy` or `refresh` never forgets a bot that still runs.
 */
import type { TaskDescription, TrtcClient } from "../trtc/client";
import { isTaskGone, TrtcApiError } from "../trtc/errors";

/**
 * What a TaskId can be: 1–256 characters of `A-Z a-z 0-9 + - * . _` (Tencent's example TaskIds,
 * 72 to 116 characters of base64-like text with `+`, `-` and trailing dots, pages 647/108513,
 * 647/115506, 647/65296; the length bound and `*` `_` are this project's margin).
 */
const TASK_ID_GRAMMAR = /^[A-Za-z0-9+\-*._]{1,256}$/;

/** Whether `taskId` has the form of a TaskId. */
export function isWellFormedTaskId(taskId: string): boolean {
  return TASK_ID_GRAMMAR.test(taskId);
}

/** What a second look found: the task is gone, or it is still there as described. */
export type Confirmation = { gone: true } | { gone: false; task: TaskDescription };

/** Where else to look for the task: its app, the SessionId it was started with, its start. */
export interface TaskLookup {
  sdkAppId?: number;
  sessionId?: string;
  /** The start time state recorded, to recognize the task in an answer without a TaskId. */
  startTime?: string;
}

/**
 * Decides whether `err` (from a Stop or a Describe by TaskId of `taskId`) means the task is gone.
 * Call only when {@link isTaskGone} is true.
 *
 * @param describedAlready - `err` came from a Describe by TaskId in the recorded region, so the
 *   second look goes by SessionId only.
 */
export async function confirmGone(
  client: TrtcClient,
  taskId: string,
  err: unknown,
  lookup: TaskLookup,
  describedAlready: boolean,
): Promise<Confirmation> {
  if (!isInvalidTaskId(err) || !isWellFormedTaskId(taskId)) return { gone: true };
  const bySession = lookup.sdkAppId !== undefined && lookup.sessionId ? lookup : undefined;
  // A Describe by TaskId in the recorded region: unless the answer came from one, and there is
  // a SessionId to look the task up by instead.
  if (!describedAlready || !bySession) {
    try {
      const task = await client.describe({ taskId });
      return task.status === "Stopped" ? { gone: true } : { gone: false, task };
    } catch (describeErr) {
      if (!isTaskGone(describeErr)) throw describeErr;
      if (!isInvalidTaskId(describeErr) || !bySession) return { gone: true };
    }
  }
  try {
    const task = await client.describe({
      sdkAppId: bySession.sdkAppId as number,
      sessionId: bySession.sessionId as string,
    });
    const same = describesSameTask(task, { taskId, startTime: lookup.startTime });
    return same && task.status !== "Stopped"
      ? { gone: false, task: { ...task, taskId } }
      : { gone: true };
  } catch (sessionErr) {
    if (isTaskGone(sessionErr)) return { gone: true };
    throw sessionErr;
  }
}

/**
 * Whether a Describe answer (by SdkAppId and SessionId) is about the task `known`: the same
 * TaskId, or, for an answer without one (the Describe examples show none), the same start time.
 */
export function describesSameTask(
  answer: TaskDescription,
  known: { taskId?: string; startTime?: string },
): boolean {
  return answer.taskId !== undefined
    ? answer.taskId === known.taskId
    : answer.startTime !== undefined && answer.startTime === known.startTime;
}

/** Whether `err` is the API's `InvalidParameter.TaskId`. */
function isInvalidTaskId(err: unknown): boolean {
  return err instanceof TrtcApiError && err.code === "InvalidParameter.TaskId";
}
