/**
 * Adoption (`adoptTaskId`): which running task a resource may take over, and the checks that
 * prove it is the task the user means. DescribeAIConversation returns a task's status, start time
 * and SessionId, never its app, room or bot UserId (SDK model DescribeAIConversationResponse), so
 * adoption proves what it can and says what it takes on trust (README "Adopting a running bot"):
 *
 * - the task is active (Idle, Preparing or InProgress) in the bot's region;
 * - it belongs to `sdkAppId`: a second Describe by (`sdkAppId`, the task's SessionId) must answer
 *   with the same task;
 * - a `sessionId` input equals the task's SessionId (a running task's SessionId cannot change);
 * - a task another pulumi-trtc resource started (its SessionId is a derived `pt-…` one that is
 *   not this resource's) is adopted only with `adoptFromAnotherStack: true`.
 *
 * The room and the bot UserId are taken on trust.
 */
import type { TaskDescription, TrtcClient } from "../trtc/client";
import { isTaskGone, type TrtcApiError } from "../trtc/errors";
import { describesSameTask } from "./gone";
import { resolveDefaults, type NormalizedInputs } from "./model";
import { DERIVED_PREFIX, sessionIdFor } from "./session";

/** Statuses of a task that is running or about to. */
export const ACTIVE_STATUSES: readonly string[] = ["Idle", "Preparing", "InProgress"];

/** How many derived SessionIds a resource may have used (create moves on when one is held). */
const DERIVED_ATTEMPTS = 4;

/** A task the resource may take over, as DescribeAIConversation described it. */
export interface AdoptableTask {
  /** The answer of the Describe by TaskId. */
  task: TaskDescription;
  /** Whether the SessionId is the user's own `sessionId` input (else it is recorded as derived). */
  userSessionId: boolean;
}

/** Whether `sessionId` is one this resource itself derives (a start of its own that was lost). */
function isOwnDerived(inputs: NormalizedInputs, sessionId: string): boolean {
  const resolved = resolveDefaults({ ...inputs, sessionId: undefined });
  for (let attempt = 0; attempt < DERIVED_ATTEMPTS; attempt++) {
    if (sessionIdFor(resolved, attempt) === sessionId) return true;
  }
  return false;
}

/**
 * Looks the task up and checks that this resource may take it over.
 *
 * @throws an Error naming the TaskId, what failed and what to do; nothing is recorded then.
 */
export async function checkAdoptable(
  client: TrtcClient,
  inputs: NormalizedInputs,
  taskId: string,
): Promise<AdoptableTask> {
  const prefix = `adoptTaskId ${taskId}`;
  let task: TaskDescription;
  try {
    task = await client.describe({ taskId });
  } catch (err) {
    if (isTaskGone(err)) {
      throw new Error(
        `${prefix}: no such task in region ${inputs.region} (DescribeAIConversation answered ${(err as TrtcApiError).code}). Check the TaskId and the bot's region, or remove adoptTaskId to start a new bot.`,
      );
    }
    throw err;
  }
  if (!ACTIVE_STATUSES.includes(task.status)) {
    throw new Error(
      `${prefix}: the task is ${task.status}, not running, so there is nothing to adopt. Remove adoptTaskId to start a new bot.`,
    );
  }
  const sessionId = task.sessionId;
  if (!sessionId) {
    if (inputs.sessionId !== undefined) {
      throw new Error(
        `${prefix}: DescribeAIConversation does not say the task's SessionId, so it cannot be checked against sessionId ${inputs.sessionId}. Remove sessionId to adopt the task as it is.`,
      );
    }
    return { task, userSessionId: false };
  }
  if (inputs.sessionId !== undefined && inputs.sessionId !== sessionId) {
    throw new Error(
      `${prefix}: the task runs under SessionId ${sessionId}, not ${inputs.sessionId}, and a running task's SessionId cannot change. Set sessionId to ${sessionId} or leave it out.`,
    );
  }
  if (
    sessionId.startsWith(DERIVED_PREFIX) &&
    inputs.adoptFromAnotherStack !== true &&
    !isOwnDerived(inputs, sessionId)
  ) {
    throw new Error(
      `${prefix}: the task's SessionId ${sessionId} shows that a pulumi-trtc resource started it, so some stack most likely manages it, and its \`destroy\` would stop the bot under this one. Remove adoptTaskId, or, if no stack manages it any more (e.g. its stack was removed without destroy), set adoptFromAnotherStack: true.`,
    );
  }
  await proveApp(client, inputs.sdkAppId, task, sessionId, prefix);
  return { task, userSessionId: inputs.sessionId !== undefined };
}

/**
 * Proves the task belongs to `sdkAppId`: a Describe by (`sdkAppId`, SessionId) must find the same
 * task (a SessionId is unique per app among active tasks: Start answers TaskExist otherwise).
 */
async function proveApp(
  client: TrtcClient,
  sdkAppId: number,
  task: TaskDescription,
  sessionId: string,
  prefix: string,
): Promise<void> {
  let same: TaskDescription | undefined;
  try {
    same = await client.describe({ sdkAppId, sessionId });
  } catch (err) {
    if (!isTaskGone(err)) throw err;
  }
  const matches = same !== undefined && describesSameTask(same, task);
  if (!matches) {
    throw new Error(
      `${prefix}: the task is not one of SdkAppId ${sdkAppId} (sdkAppId of this resource): DescribeAIConversation by SdkAppId ${sdkAppId} and the task's SessionId ${sessionId} ${same === undefined ? "found no task" : `found another task${same.taskId ? ` (${same.taskId})` : ""}`}, so the task belongs to another SdkAppId. Set sdkAppId to the app the task was started for, or check the TaskId.`,
    );
  }
}
