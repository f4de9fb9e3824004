/**
 * The five AI-conversation actions: parameter validation, then TRTC's business rules
 * (reference §3 and issue 3 §4), then the change to the task store. Each handler returns the
 * `Response` fields except `RequestId`, or throws an {@link ApiError}.
 */
import { toDescribeTime } from "./clock";
import type { Action } from "./constants";
import { ApiError } from "./errors";
import type { TaskStore } from "./store";
import type { TaskRecord } from "./state-file";
import { verifyUserSig } from "./usersig";
import {
  validateControl,
  validateDescribe,
  validateStart,
  validateStop,
  validateUpdate,
} from "./validation";

/** What the handlers need besides the request. */
export interface ActionContext {
  /** Tasks and rooms. */
  store: TaskStore;
  /** SdkAppId -> UserSig key of every app the emulator knows. */
  apps: Readonly<Record<string, string>>;
  /** Real time in seconds, for UserSig expiry. */
  realNowSeconds: number;
}

/** `Response` fields of a successful call, without `RequestId`. */
export type ActionResult = Record<string, string>;

const DEFAULT_MAX_IDLE_SECONDS = 60;

function taskNotExist(taskId: string): ApiError {
  return new ApiError(
    "FailedOperation.TaskNotExist",
    `The task does not exist or has ended (TaskId \`${taskId}\`).`,
  );
}

/** An active task by id, or TaskNotExist (a Stopped task has ended, even while Describe shows it). */
function activeTask(store: TaskStore, taskId: string): TaskRecord {
  const task = store.get(taskId);
  if (!task || task.stopTime !== null) throw taskNotExist(taskId);
  return task;
}

function start(body: Record<string, unknown>, ctx: ActionContext): ActionResult {
  const request = validateStart(body);
  const { SdkAppId: sdkAppId, AgentConfig: agent } = request;
  const key = ctx.apps[String(sdkAppId)];
  if (key === undefined) {
    throw new ApiError(
      "FailedOperation.NotAbility",
      `The AI conversation ability is not enabled for SdkAppId ${sdkAppId}. Enable it in the TRTC ` +
        `console (on the emulator: start it with --app ${sdkAppId}=<UserSig key>).`,
    );
  }
  const problem = verifyUserSig(agent.UserSig, {
    userId: agent.UserId,
    sdkAppId,
    key,
    nowSeconds: ctx.realNowSeconds,
  });
  if (problem) {
    throw new ApiError(
      "InvalidParameter.UserSig",
      `UserSig is expired or wrong: ${problem}. Generate a UserSig for UserId \`${agent.UserId}\` ` +
        `with the UserSig key of SdkAppId ${sdkAppId}.`,
    );
  }
  const sessionId = request.SessionId;
  if (sessionId !== undefined) {
    const holders = ctx.store.active((t) => t.sdkAppId === sdkAppId && t.sessionId === sessionId);
    if (holders.length > 0) {
      throw new ApiError(
        "FailedOperation.TaskExist",
        `Task already exists: an active task of SdkAppId ${sdkAppId} holds SessionId ` +
          `\`${sessionId}\`. Describe it by SdkAppId and SessionId, or stop it first.`,
      );
    }
  }
  const roomIdType = request.RoomIdType ?? 0;
  // The docs: several tasks in one room with the same bot UserId -> the previous one is interrupted.
  for (const previous of ctx.store.active(
    (t) =>
      t.sdkAppId === sdkAppId &&
      t.roomId === request.RoomId &&
      t.roomIdType === roomIdType &&
      t.botUserId === agent.UserId,
  )) {
    ctx.store.stop(previous, "interrupted");
  }
  const task = ctx.store.start({
    sdkAppId,
    roomId: request.RoomId,
    roomIdType,
    botUserId: agent.UserId,
    targetUserId: agent.TargetUserId,
    maxIdleTime: agent.MaxIdleTime ?? DEFAULT_MAX_IDLE_SECONDS,
    ...(sessionId === undefined ? {} : { sessionId }),
  });
  return { TaskId: task.taskId };
}

function describe(body: Record<string, unknown>, ctx: ActionContext): ActionResult {
  const request = validateDescribe(body);
  const task = request.TaskId
    ? ctx.store.get(request.TaskId)
    : ctx.store.findBySession(request.SdkAppId as number, request.SessionId as string);
  if (!task) {
    throw request.TaskId
      ? taskNotExist(request.TaskId)
      : new ApiError(
          "FailedOperation.TaskNotExist",
          `The task does not exist or has ended (SdkAppId ${request.SdkAppId}, SessionId ` +
            `\`${request.SessionId}\`).`,
        );
  }
  const result: ActionResult = { TaskId: task.taskId };
  if (task.sessionId !== undefined) result.SessionId = task.sessionId;
  result.Status = ctx.store.statusOf(task);
  result.StartTime = toDescribeTime(task.startTime);
  return result;
}

function stop(body: Record<string, unknown>, ctx: ActionContext): ActionResult {
  const request = validateStop(body);
  ctx.store.stop(activeTask(ctx.store, request.TaskId), "stopped");
  return {};
}

function update(body: Record<string, unknown>, ctx: ActionContext): ActionResult {
  const request = validateUpdate(body);
  // Nothing to record: the emulator keeps no LLM/TTS settings (they carry credentials).
  activeTask(ctx.store, request.TaskId);
  return {};
}

function control(body: Record<string, unknown>, ctx: ActionContext): ActionResult {
  const request = validateControl(body);
  const task = activeTask(ctx.store, request.TaskId);
  if (request.Command === "ServerPushText" && request.ServerPushText?.StopAfterPlay) {
    ctx.store.stop(task, "stop-after-play");
  }
  return {};
}

const HANDLERS: Readonly<
  Record<Action, (body: Record<string, unknown>, ctx: ActionContext) => ActionResult>
> = {
  StartAIConversation: start,
  StopAIConversation: stop,
  DescribeAIConversation: describe,
  UpdateAIConversation: update,
  ControlAIConversation: control,
};

/**
 * Run one action on an authenticated, parsed request body.
 *
 * @param action - Which action.
 * @param body - The JSON body (an object).
 * @param ctx - Store, apps and real time.
 * @returns The `Response` fields except `RequestId`.
 * @throws ApiError for parameter and business-rule failures.
 */
export function runAction(
  action: Action,
  body: Record<string, unknown>,
  ctx: ActionContext,
): ActionResult {
  return HANDLERS[action](body, ctx);
}
