/**
 * Starting a bot without ever starting two: StartAIConversation under a SessionId, and what to
 * do when it fails. A lost answer is recovered by looking the SessionId up (the task it may have
 * created is taken over); a SessionId held by a stopped task moves on to a fresh derived one; a
 * room whose old bot is still cleaning up (a replacement) is waited for within the retry budget.
 */
import type { TaskDescription, TrtcClient } from "../trtc/client";
import { isRetryable, isTaskGone, TrtcApiError } from "../trtc/errors";
import { ACTIVE_STATUSES } from "./adopt";
import { DEFAULT_MAX_IDLE_TIME, type ResolvedInputs } from "./model";
import { buildStartRequest } from "./request";
import { sessionIdFor } from "./session";
import { mayHaveCommitted, sleep } from "./wait";

/** A task this resource started (or found it had started): its TaskId and SessionId. */
export interface StartedTask {
  taskId: string;
  sessionId: string;
  /** RequestId of the Start that returned it; absent when a lost start's task was found. */
  requestId?: string;
}

/** Wait before the next start while a room's old task cleans up: 1 s, 2 s, 4 s, then 5 s. */
function holderBackoff(waits: number): number {
  return Math.min(5000, 1000 * 2 ** waits);
}

/**
 * The error for a bot that runs under `sessionId` while DescribeAIConversation does not say its
 * TaskId: state must never record an empty TaskId, so the create fails and says how the bot ends.
 */
function unlearnableTaskId(inputs: ResolvedInputs, sessionId: string): Error {
  const idle = inputs.agentConfig.maxIdleTime ?? DEFAULT_MAX_IDLE_TIME;
  return new Error(
    `A bot already runs under SessionId ${sessionId} (room ${inputs.roomId}, bot UserId ` +
      `${inputs.agentConfig.userId}), but DescribeAIConversation did not return its TaskId, so it ` +
      `cannot be recorded or stopped from here. It ends by itself after ${idle} s (maxIdleTime) ` +
      `with no one streaming in the room, at once when a new bot with UserId ` +
      `${inputs.agentConfig.userId} starts in that room, or from the TRTC console. Then run ` +
      "`pulumi up` again.",
  );
}

/**
 * After a failed Start: looks the SessionId up, since the task may have been created although
 * the response was lost. `none`: the API says no task holds it; `failed`: nothing is known
 * (not worth looking, or the lookup itself failed).
 */
async function findBySession(
  client: TrtcClient,
  sdkAppId: number,
  sessionId: string,
  err: unknown,
): Promise<{ kind: "found"; task: TaskDescription } | { kind: "none" } | { kind: "failed" }> {
  const worthLooking =
    err instanceof TrtcApiError &&
    (err.code === "FailedOperation.TaskExist" || isRetryable(err) || mayHaveCommitted(err));
  if (!worthLooking) return { kind: "failed" };
  try {
    return { kind: "found", task: await client.describe({ sdkAppId, sessionId }) };
  } catch (lookupErr) {
    return isTaskGone(lookupErr) ? { kind: "none" } : { kind: "failed" };
  }
}

/**
 * Starts the bot, or finds the one a lost Start answer left running, and returns its TaskId.
 *
 * @param retryTimeoutSeconds - how long a room held by a bot still cleaning up is waited for.
 * @throws an Error that says what holds the SessionId or the room, and what to do.
 */
export async function startBot(
  client: TrtcClient,
  inputs: ResolvedInputs,
  userSig: string,
  retryTimeoutSeconds: number,
): Promise<StartedTask> {
  // Replacement in the same room: the old bot may still be "Stopped, cleaning up" and hold the
  // room for this bot UserId. Such a start is retried within the retry budget.
  const holderDeadline = Date.now() + retryTimeoutSeconds * 1000;
  let holderWaits = 0;
  for (let attempt = 0; ;) {
    const sessionId = sessionIdFor(inputs, attempt);
    // A derived SessionId hashes the room and the bot, so a task holding it is this resource's
    // bot. A user-given one proves nothing by itself: adopt only if one of our own start
    // attempts may have committed (its response was lost).
    let ownStartMayHaveCommitted = !inputs.sessionId;
    try {
      const started = await client.start(buildStartRequest(inputs, sessionId, userSig), (err) => {
        if (mayHaveCommitted(err)) ownStartMayHaveCommitted = true;
      });
      return { ...started, sessionId };
    } catch (err) {
      const lookup = await findBySession(client, inputs.sdkAppId, sessionId, err);
      const found = lookup.kind === "found" ? lookup.task : undefined;
      const adoptable = ownStartMayHaveCommitted || mayHaveCommitted(err);
      if (found && ACTIVE_STATUSES.includes(found.status) && adoptable) {
        if (!found.taskId) throw unlearnableTaskId(inputs, sessionId);
        return { taskId: found.taskId, sessionId };
      }
      if (!(err instanceof TrtcApiError && err.code === "FailedOperation.TaskExist")) {
        if (isRetryable(err) && err instanceof Error) {
          throw new Error(
            `${err.message}. If the bot was started anyway, the next \`pulumi up\` adopts it (SessionId ${sessionId}) instead of starting a second one.`,
          );
        }
        throw err;
      }
      if (lookup.kind === "none" && !inputs.sessionId) {
        // No task holds our SessionId: the holder is another task of this room and bot, most
        // likely the one a replacement just stopped, still cleaning up.
        if (Date.now() + holderBackoff(holderWaits) > holderDeadline) {
          throw new Error(
            `StartAIConversation failed: FailedOperation.TaskExist: room ${inputs.roomId} still has a task for bot UserId ${inputs.agentConfig.userId} after ${retryTimeoutSeconds}s. If it is a bot being stopped, run \`pulumi up\` again or raise trtc:retryTimeoutSeconds; otherwise stop that bot, or give this one another agentConfig.userId.`,
          );
        }
        await sleep(holderBackoff(holderWaits++));
        continue;
      }
      if (inputs.sessionId || attempt >= 3) {
        throw new Error(
          `StartAIConversation failed: SessionId ${sessionId} is held by another task of SdkAppId ${inputs.sdkAppId} that this resource cannot adopt. ` +
            (inputs.sessionId
              ? "Choose another sessionId, or stop that task first."
              : "Stop that task, then run `pulumi up` again."),
        );
      }
      if (found?.status !== "Stopped") {
        // The holder could not be looked up: moving on could start a second bot beside it.
        throw new Error(
          `StartAIConversation failed: SessionId ${sessionId} is held by a task that could not be looked up. Run \`pulumi up\` again: it adopts that task instead of starting a second one.`,
        );
      }
      // Held by a task that stopped in between: move to a fresh derived SessionId.
      attempt++;
    }
  }
}
