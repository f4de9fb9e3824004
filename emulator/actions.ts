/**
 * The five AI-conversation actions: parameter validation, then TRTC's business rules
 * (reference §3 and issue 3 §4), then the change to the task store. Each handler returns the
 * `Response` fields except `RequestId`, or throws an {@link ApiError}.
 */
import { toDescribeTime } from "./clock";
import type { Action } from "./constants";
import { ApiError } from "./errors";
import type { TaskStore } from "./store";
import { isTaskIdFormat } from "./ids";
import type { TaskRecord, TaskSettings } from "./state-file";
import { verifyUserSig } from "./usersig";
import {
  validateControl,
  validateDescribe,
  validateStart,
  validateStop,
  validateUpdate,
} from "./validation";

/** Site-wide behaviour of the handlers, set by emulator options. */
export interface ActionRules {
  /**
   * DescribeAIConversation's answer: `sdk-model` (TaskId, SessionId when started with one,
   * Status, StartTime: the SDK model `DescribeAIConversationResponse`) or `china-example` (only
   * Status and StartTime, as the China-site page's example response, 647/108515).
   */
  describeShape: "sdk-model" | "china-example";
  /**
   * What makes Start answer `FailedOperation.TaskExist`: `session` (an active or cleaning-up task
   * of the same SdkAppId holds the SessionId) or `room-bot` (that, or one of the same SdkAppId,
   * RoomId, RoomIdType and bot UserId, the rule the sibling StartAITranscription page states,
   * 647/106492).
   */
  dedupe: "session" | "room-bot";
  /** Active tasks per SdkAppId past which Start answers `ResourceInsufficient.RequestRejection`. */
  maxTasks?: number;
  /** SdkAppIds whose Start answers `FailedOperation.NotAllowed` (`--not-allowed`). */
  notAllowed?: ReadonlySet<number>;
}

/** What the handlers need besides the request. */
export interface ActionContext {
  /** Tasks and rooms. */
  store: TaskStore;
  /** SdkAppId -> UserSig key of every app the emulator knows. */
  apps: Readonly<Record<string, string>>;
  /** Real time in seconds, for UserSig expiry. */
  realNowSeconds: number;
  /** The call's `X-TC-Region`: Start records it, the other actions find only its tasks. */
  region: string;
  /**
   * The account of the calling key (keys.ts): Start records it, the other actions find only its
   * tasks.
   */
  account: string;
  /** Site-wide behaviour. */
  rules: ActionRules;
  /** SdkAppIds the calling key may not use (`UnauthorizedOperation.SdkAppId`). */
  deniedSdkAppIds: ReadonlySet<number>;
}

/** `Response` fields of a successful call, without `RequestId`. */
export type ActionResult = Record<string, string>;

const DEFAULT_MAX_IDLE_SECONDS = 60;

/** How fast the emulator "speaks" a ServerPushText (characters per emulator second). */
const SPOKEN_CHARACTERS_PER_SECOND = 15;

/** Bytes per second of ServerPushText.Audio: 16 kHz, 16-bit mono PCM (assumed). */
const AUDIO_BYTES_PER_SECOND = 32000;

function taskNotExist(taskId: string): ApiError {
  return new ApiError(
    "FailedOperation.TaskNotExist",
    `The task does not exist or has ended (TaskId \`${taskId}\`).`,
  );
}

/** `InvalidParameter.TaskId` for a TaskId that cannot be one, else nothing. */
function checkTaskIdFormat(taskId: string): void {
  if (!isTaskIdFormat(taskId)) {
    throw new ApiError(
      "InvalidParameter.TaskId",
      `TaskId parameter error: \`${taskId}\` is not a TaskId. Use the TaskId StartAIConversation returned.`,
    );
  }
}

function checkSdkAppIdAllowed(sdkAppId: number, ctx: ActionContext): void {
  if (ctx.deniedSdkAppIds.has(sdkAppId)) {
    throw new ApiError(
      "UnauthorizedOperation.SdkAppId",
      `This key may not use SdkAppId ${sdkAppId}. Grant it TRTC access to the application in CAM, ` +
        `or use a key of the account that owns it.`,
    );
  }
}

/** How an action looks a task up by TaskId. */
interface Lookup {
  /** Answer TaskNotExist, not InvalidParameter.TaskId, for a malformed TaskId (Update). */
  malformedIsUnknown?: boolean;
  /** The caller is Describe: a task it does not see yet (`--visible-after-ms`) is unknown. */
  describe?: boolean;
}

/**
 * A visible task of the call's region and account by id, or TaskNotExist. A malformed TaskId
 * answers InvalidParameter.TaskId where the action's page lists that code (Stop, Describe,
 * Control), and TaskNotExist on Update, whose error list has only TaskNotExist (SDK error list of
 * UpdateAIConversation; China page 647/110097). What is malformed is assumed (ids.ts): a
 * well-formed TaskId no task holds is TaskNotExist.
 */
function visibleTask(ctx: ActionContext, taskId: string, lookup: Lookup = {}): TaskRecord {
  if (lookup.malformedIsUnknown && !isTaskIdFormat(taskId)) throw taskNotExist(taskId);
  checkTaskIdFormat(taskId);
  const task = ctx.store.get(taskId);
  // A task lives in the region it was started in; another region does not know it (assumed).
  if (!task || task.region !== ctx.region) throw taskNotExist(taskId);
  // A task belongs to the account whose key started it; a key of another account gets
  // TaskNotExist, as for a task that does not exist (assumed: the pages are silent, and an answer
  // that told tasks of other accounts apart would let anyone probe for them). Keys of one account
  // share its tasks.
  if (task.account !== ctx.account) throw taskNotExist(taskId);
  if (lookup.describe && !ctx.store.describable(task)) throw taskNotExist(taskId);
  checkSdkAppIdAllowed(task.sdkAppId, ctx);
  return task;
}

/** An active task by id, or TaskNotExist (a Stopped task has ended, even while Describe shows it). */
function activeTask(ctx: ActionContext, taskId: string, lookup: Lookup = {}): TaskRecord {
  const task = visibleTask(ctx, taskId, lookup);
  if (task.stopTime !== null) throw taskNotExist(taskId);
  return task;
}

/** Whether a task still blocks a new Start that matches it: active, or stopped but cleaning up. */
function holds(ctx: ActionContext, task: TaskRecord): boolean {
  return task.stopTime === null || ctx.store.cleaningUp(task);
}

function start(body: Record<string, unknown>, ctx: ActionContext): ActionResult {
  const request = validateStart(body);
  const { SdkAppId: sdkAppId, AgentConfig: agent } = request;
  checkSdkAppIdAllowed(sdkAppId, ctx);
  if (ctx.rules.notAllowed?.has(sdkAppId)) {
    // Tencent's code and message, verbatim (StartAIConversation page, "Error Code" table; the GO
    // SDK's client.go lists the code for Start). When Tencent answers it is not documented: here,
    // every Start of an app given to --not-allowed, after the CAM check and before the app's
    // ability is checked (assumed).
    throw new ApiError(
      "FailedOperation.NotAllowed",
      "This operation is not allowed, please submit a ticket to contact us",
    );
  }
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
  // De-duplication and interruption look at every task of the SdkAppId, whichever account
  // started it: on Tencent Cloud an SdkAppId belongs to one account, so tasks of one app with
  // different accounts happen only on the emulator (two accounts given the same --app), where
  // they behave as one account's would (assumed).
  const sessionId = request.SessionId;
  if (sessionId !== undefined) {
    if (ctx.store.withSession(sdkAppId, sessionId).some((t) => holds(ctx, t))) {
      throw new ApiError(
        "FailedOperation.TaskExist",
        `Task already exists: a task of SdkAppId ${sdkAppId} holds SessionId ` +
          `\`${sessionId}\`. Describe it by SdkAppId and SessionId, or stop it first.`,
      );
    }
  }
  const roomIdType = request.RoomIdType ?? 0;
  const sameBot = ctx.store
    .inRoom(request.RoomId)
    .filter(
      (t) => t.sdkAppId === sdkAppId && t.roomIdType === roomIdType && t.botUserId === agent.UserId,
    );
  if (ctx.rules.dedupe === "room-bot" && sameBot.some((t) => holds(ctx, t))) {
    throw new ApiError(
      "FailedOperation.TaskExist",
      `Task already exists: a task of SdkAppId ${sdkAppId} with bot UserId \`${agent.UserId}\` ` +
        `is in room \`${request.RoomId}\` (RoomIdType ${roomIdType}), or still cleaning up after ` +
        `a stop. Stop it first, or retry once it has ended.`,
    );
  }
  if (ctx.rules.maxTasks !== undefined && ctx.store.activeCount(sdkAppId) >= ctx.rules.maxTasks) {
    throw new ApiError(
      "ResourceInsufficient.RequestRejection",
      `Insufficient resources: SdkAppId ${sdkAppId} already runs ${ctx.rules.maxTasks} AI ` +
        `conversations. Retry later, or stop one first.`,
    );
  }
  // The pages (SDK model AIConversation AgentConfig.UserId): several tasks in one room with the
  // same bot UserId -> the previous one is interrupted.
  for (const previous of sameBot) ctx.store.stop(previous, "interrupted");
  const task = ctx.store.start({
    account: ctx.account,
    sdkAppId,
    roomId: request.RoomId,
    roomIdType,
    botUserId: agent.UserId,
    targetUserId: agent.TargetUserId,
    maxIdleTime: agent.MaxIdleTime ?? DEFAULT_MAX_IDLE_SECONDS,
    region: ctx.region,
    settings: {
      welcomeMessage: agent.WelcomeMessage ?? null,
      interruptMode: agent.InterruptMode ?? null,
      interruptSpeechDuration: agent.InterruptSpeechDuration ?? null,
      llmType: configType(request.LLMConfig, "LLMType"),
      ttsType: configType(request.TTSConfig, "TTSType"),
      updates: 0,
    },
    ...(sessionId === undefined ? {} : { sessionId }),
  });
  return { TaskId: task.taskId };
}

function describe(body: Record<string, unknown>, ctx: ActionContext): ActionResult {
  const request = validateDescribe(body);
  let task: TaskRecord | undefined;
  if (request.TaskId) {
    task = visibleTask(ctx, request.TaskId, { describe: true });
  } else {
    const sdkAppId = request.SdkAppId as number;
    checkSdkAppIdAllowed(sdkAppId, ctx);
    // Only the caller's account's tasks, as by TaskId (visibleTask).
    const found = ctx.store.findBySession(sdkAppId, request.SessionId as string, ctx.account);
    if (!found || found.region !== ctx.region) {
      throw new ApiError(
        "FailedOperation.TaskNotExist",
        `The task does not exist or has ended (SdkAppId ${request.SdkAppId}, SessionId ` +
          `\`${request.SessionId}\`).`,
      );
    }
    task = found;
  }
  const result: ActionResult = {};
  if (ctx.rules.describeShape === "sdk-model") {
    result.TaskId = task.taskId;
    if (task.sessionId !== undefined) result.SessionId = task.sessionId;
  }
  result.Status = ctx.store.statusOf(task);
  result.StartTime = toDescribeTime(task.startTime);
  return result;
}

function stop(body: Record<string, unknown>, ctx: ActionContext): ActionResult {
  const request = validateStop(body);
  ctx.store.stop(activeTask(ctx, request.TaskId), "stopped");
  return {};
}

function update(body: Record<string, unknown>, ctx: ActionContext): ActionResult {
  const request = validateUpdate(body);
  const task = activeTask(ctx, request.TaskId, { malformedIsUnknown: true });
  // "Not filled in: not updated" (SDK model UpdateAIConversationRequest). LLM and TTS configs
  // carry credentials, so only their types are kept.
  const settings = { ...(task.settings ?? EMPTY_SETTINGS) };
  if (request.WelcomeMessage !== undefined) settings.welcomeMessage = request.WelcomeMessage;
  if (request.InterruptMode !== undefined) settings.interruptMode = request.InterruptMode;
  if (request.InterruptSpeechDuration !== undefined) {
    settings.interruptSpeechDuration = request.InterruptSpeechDuration;
  }
  if (request.LLMConfig !== undefined) settings.llmType = configType(request.LLMConfig, "LLMType");
  if (request.TTSConfig !== undefined) settings.ttsType = configType(request.TTSConfig, "TTSType");
  settings.updates += 1;
  ctx.store.updateSettings(task, settings);
  return {};
}

const EMPTY_SETTINGS: TaskSettings = {
  welcomeMessage: null,
  interruptMode: null,
  interruptSpeechDuration: null,
  llmType: null,
  ttsType: null,
  updates: 0,
};

/** The `LLMType` / `TTSType` of a validated config JSON text. */
function configType(json: string, key: "LLMType" | "TTSType"): string | null {
  try {
    const value = (JSON.parse(json) as Record<string, unknown>)[key];
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

function control(body: Record<string, unknown>, ctx: ActionContext): ActionResult {
  const request = validateControl(body);
  const task = activeTask(ctx, request.TaskId);
  const push = request.ServerPushText;
  if (request.Command === "ServerPushText" && push?.StopAfterPlay) {
    // "Whether to close the task after the text is played" (SDK model ServerPushText
    // .StopAfterPlay): the task stops once the text has been spoken. Audio, when sent, replaces
    // the text (same model), and is timed by its length.
    const seconds = push.Audio
      ? Buffer.byteLength(push.Audio, "base64") / AUDIO_BYTES_PER_SECOND
      : [...(push.Text ?? "")].length / SPOKEN_CHARACTERS_PER_SECOND;
    ctx.store.stopLater(task, Math.ceil(seconds * 1000));
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
