/**
 * The AIConversation dynamic provider. Which API call each method makes:
 *
 * - `configure` — none: reads `trtc:*` stack config (credentials, endpoint, region, caps, timeouts).
 * - `check`     — none: validates with zod, applies documented defaults, lists every bad field.
 * - `diff`      — none: any configuration change replaces the bot (delete first); provider-code
 *                 and default-only changes are no change. A replacement while `adoptTaskId` is
 *                 still set fails (it would stop the adopted bot and adopt again).
 * - `create`    — StartAIConversation (SessionId as idempotency key; on FailedOperation.TaskExist
 *                 the running task is adopted via DescribeAIConversation), then
 *                 DescribeAIConversation until the task is InProgress.
 * - `read`      — DescribeAIConversation; a Stopped or unknown task is gone (empty id):
 *                 TaskNotExist and TaskFinished mean gone, InvalidParameter.TaskId for a
 *                 well-formed TaskId only once a second look agrees (gone.ts).
 * - `update`    — DescribeAIConversation to finish a partially created bot, and, with
 *                 `updateInPlace`, UpdateAIConversation for the fields it can change; returns
 *                 the full output set. A failure that may have been applied is recorded.
 * - `create` with `adoptTaskId` — DescribeAIConversation by TaskId, then by SdkAppId and
 *                 SessionId: takes over a running task of the app (adopt.ts).
 * - `delete`    — StopAIConversation; TaskNotExist or TaskFinished mean already gone,
 *                 InvalidParameter.TaskId once a Describe agrees (gone.ts).
 *
 * Credentials are read in `configure()` or from the environment at call time, never stored. This
 * code is never serialized into state: state holds a `require()` of the installed package
 * (instance.ts) or the thin loader (loader.ts), so module-level caches are safe here.
 */
import type * as pulumi from "@pulumi/pulumi";
import { TrtcClient, type TaskDescription } from "../trtc/client";
import { DEFAULT_REGION } from "../trtc/constants";
import { buildStartRequest, buildUpdateRequest } from "./request";
import { inputsOf, secretsOf, stateRecord } from "./state";
import { diffInputs } from "./diff";
import { redact, TrtcApiError, isRetryable, isTaskGone } from "../trtc/errors";
import { ACTIVE_STATUSES, checkAdoptable } from "./adopt";
import { keepStoredDefaults } from "./stored-defaults";
import { confirmGone } from "./gone";
import { PartiallyStartedError, UpdateMayHaveAppliedError } from "./init-failure";
import { sharedLimiter } from "../trtc/limiter";
import { validateInputs, type NormalizedInputs } from "./check";
import { sessionIdFor } from "./session";
import {
  defaultRegion,
  defaultSettings,
  readSettings,
  regionFor,
  resolveConnection,
  type ProviderSettings,
} from "../trtc/settings";
import { generateUserSig } from "../trtc/usersig";

const ACTIVE = ACTIVE_STATUSES;

/** True for a failure after which a Start or an Update may nevertheless have been carried out. */
function mayHaveCommitted(err: unknown): boolean {
  return err instanceof TrtcApiError && /^(NetworkError|InternalError)/.test(err.code);
}

/**
 * The error for a bot that runs under `sessionId` while DescribeAIConversation does not say its
 * TaskId: state must never record an empty TaskId, so the create fails and says how the bot ends.
 */
function unlearnableTaskId(inputs: NormalizedInputs, sessionId: string): Error {
  const idle = inputs.agentConfig.maxIdleTime ?? 60;
  return new Error(
    `A bot already runs under SessionId ${sessionId} (room ${inputs.roomId}, bot UserId ` +
      `${inputs.agentConfig.userId}), but DescribeAIConversation did not return its TaskId, so it ` +
      `cannot be recorded or stopped from here. It ends by itself after ${idle} s (maxIdleTime) ` +
      `with no one streaming in the room, at once when a new bot with UserId ` +
      `${inputs.agentConfig.userId} starts in that room, or from the TRTC console. Then run ` +
      "`pulumi up` again.",
  );
}

/** The task a create or update waits for is stopped, or unknown to the API. */
class TaskGoneError extends Error {
  override name = "TaskGoneError";

  constructor(
    message: string,
    /** Describe said Stopped (the task exists and ended), rather than that it knows no such task. */
    readonly stopped: boolean,
  ) {
    super(message);
  }
}

/** Wait before the next start while a room's old task cleans up: 1 s, 2 s, 4 s, then 5 s. */
function holderBackoff(waits: number): number {
  return Math.min(5000, 1000 * 2 ** waits);
}

/**
 * When create first asks whether a started bot runs: a bot takes a moment to prepare, and a
 * Describe sent at once would spend the Describe quota (shared by every bot of the stack) on an
 * answer that can only say Preparing. Tencent documents no preparing time; half a second lets
 * a bot that is ready within it be recorded after one Describe, and keeps each bot's hold on one
 * of the engine's `--parallel` slots short.
 */
const FIRST_DESCRIBE_MS = 500;

/** Between later Describes of a bot that is still preparing. */
const DESCRIBE_INTERVAL_MS = 1000;

/**
 * How long after a Start a Describe that does not know the task is asked again. No page says
 * that Describe sees a task as soon as Start returns, and a TaskId Start returned must never be
 * forgotten: after this long it is recorded as partly started (delete's Stop counts a task that
 * is really gone as stopped).
 */
const VISIBILITY_GRACE_MS = 5000;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The provider. One instance serves every AIConversation of a program. */
export class AIConversationProvider implements pulumi.dynamic.ResourceProvider {
  private settings: ProviderSettings = defaultSettings();

  /** Reads `trtc:*` stack config. Synchronous assignment: other RPCs may already be running. */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.settings = readSettings((key) => req.config.get(key));
  }

  /** Validates inputs and applies defaults; makes no API call. */
  async check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = validateInputs(news, {
      defaultRegion: defaultRegion(this.settings),
      site: this.settings.site,
      previous: olds,
    });
    if (failures.length > 0 || !inputs) return { failures };
    // adoptTaskId stays in the inputs: the engine checks again without old inputs before a
    // replacement, so only diff() can tell that it is still set (and refuse the replacement).
    return { inputs: keepStoredDefaults(inputs, olds) as unknown as Record<string, unknown> };
  }

  /**
   * Any configuration change replaces the bot; see diff.ts. A replacement while `adoptTaskId` is
   * still set fails here, at preview, before anything stops: it would stop the adopted bot, and
   * the engine re-checks the inputs of a replacement without old ones, so the new bot's create
   * would try to adopt the stopped task (the engine refuses the same for `import`).
   */
  async diff(
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.DiffResult> {
    const decision = diffInputs(olds, news);
    if (decision.replaces.length > 0 && news.adoptTaskId !== undefined) {
      throw new Error(
        `This change (${decision.replaces.join(", ")}) replaces the bot ${id}, but adoptTaskId is still set: the replacement would stop the adopted bot and then try to adopt it again. adoptTaskId is needed only for the first \`pulumi up\`: remove it from the program, then run \`pulumi preview\` again.`,
      );
    }
    return decision;
  }

  /** A client for the bot's region that scrubs `secrets` from every error it reports. */
  private client(region: string | undefined, secrets: string[]): TrtcClient {
    const s = this.settings;
    return new TrtcClient({
      connection: resolveConnection(s),
      region: regionFor(region, s) ?? DEFAULT_REGION,
      limiter: sharedLimiter(s.rateLimits),
      retry: { maxRetries: s.maxRetries, maxElapsedMs: s.retryTimeoutSeconds * 1000 },
      requestTimeoutSeconds: s.requestTimeoutSeconds,
      secrets,
    });
  }

  /** Starts the bot (or adopts the one a lost response left running) and waits until it runs. */
  async create(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    const inputs = raw as unknown as NormalizedInputs;
    const agent = inputs.agentConfig;
    const userSig =
      agent.userSig ??
      generateUserSig({
        sdkAppId: inputs.sdkAppId,
        userId: agent.userId,
        secretKey: agent.userSigSecret as string,
        expireSeconds: agent.userSigExpireSeconds,
      });
    const secrets = [...secretsOf(raw), userSig];
    const client = this.client(inputs.region, secrets);
    if (inputs.adoptTaskId) return this.adopt(client, inputs, raw, secrets);

    let started: { taskId: string; requestId?: string } | undefined;
    let sessionId = "";
    // Replacement in the same room: the old bot may still be "Stopped, cleaning up" and hold the
    // room for this bot UserId. Such a start is retried within the retry budget.
    const holderDeadline = Date.now() + this.settings.retryTimeoutSeconds * 1000;
    let holderWaits = 0;
    for (let attempt = 0; !started;) {
      sessionId = sessionIdFor(inputs, attempt);
      // A derived SessionId hashes the room and the bot, so a task holding it is this resource's
      // bot. A user-given one proves nothing by itself: adopt only if one of our own start
      // attempts may have committed (its response was lost).
      let ownStartMayHaveCommitted = !inputs.sessionId;
      try {
        started = await client.start(buildStartRequest(inputs, sessionId, userSig), (err) => {
          if (mayHaveCommitted(err)) ownStartMayHaveCommitted = true;
        });
      } catch (err) {
        const lookup = await this.findBySession(client, inputs.sdkAppId, sessionId, err);
        const found = lookup.kind === "found" ? lookup.task : undefined;
        const adoptable = ownStartMayHaveCommitted || mayHaveCommitted(err);
        if (found && ACTIVE.includes(found.status) && adoptable) {
          if (!found.taskId) throw unlearnableTaskId(inputs, sessionId);
          started = { taskId: found.taskId };
        } else if (err instanceof TrtcApiError && err.code === "FailedOperation.TaskExist") {
          if (lookup.kind === "none" && !inputs.sessionId) {
            // No task holds our SessionId: the holder is another task of this room and bot,
            // most likely the one a replacement just stopped, still cleaning up.
            if (Date.now() + holderBackoff(holderWaits) > holderDeadline) {
              throw new Error(
                `StartAIConversation failed: FailedOperation.TaskExist: room ${inputs.roomId} still has a task for bot UserId ${inputs.agentConfig.userId} after ${this.settings.retryTimeoutSeconds}s. If it is a bot being stopped, run \`pulumi up\` again or raise trtc:retryTimeoutSeconds; otherwise stop that bot, or give this one another agentConfig.userId.`,
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
        } else {
          if (isRetryable(err)) {
            throw new Error(
              `${(err as Error).message}. If the bot was started anyway, the next \`pulumi up\` adopts it (SessionId ${sessionId}) instead of starting a second one.`,
            );
          }
          throw err;
        }
      }
    }

    const task = { taskId: started.taskId, sessionId, requestId: started.requestId };
    try {
      const desc = await this.waitUntilRunning(client, started.taskId, {
        firstDescribeMs: FIRST_DESCRIBE_MS,
        visibleBy: Date.now() + VISIBILITY_GRACE_MS,
      });
      return {
        id: started.taskId,
        outs: stateRecord(
          raw,
          { ...task, status: desc.status, startTime: desc.startTime },
          !inputs.sessionId,
        ),
      };
    } catch (err) {
      if (err instanceof TaskGoneError && err.stopped) {
        // The task ended: nothing runs under that TaskId, so there is nothing to remember or stop.
        throw new Error(
          redact(`StartAIConversation started task ${started.taskId}, but ${err.message}`, secrets),
        );
      }
      const message = redact(
        `The bot started (TaskId ${started.taskId}) but did not become ready: ${(err as Error).message}. Its TaskId is recorded: the next \`pulumi up\` looks at it again, and \`pulumi destroy\` stops it`,
        secrets,
      );
      throw new PartiallyStartedError(message, started.taskId, {
        ...stateRecord(raw, { ...task, status: "Preparing" }, !inputs.sessionId),
        __provider: raw.__provider,
      });
    }
  }

  /**
   * Takes over a running task instead of starting one (`adoptTaskId`), once adopt.ts has checked
   * that this resource may; create then waits for InProgress as after a start, and records it
   * with its configuration unverified (Describe cannot show it).
   */
  private async adopt(
    client: TrtcClient,
    inputs: NormalizedInputs,
    raw: Record<string, unknown>,
    secrets: string[],
  ): Promise<pulumi.dynamic.CreateResult> {
    const taskId = inputs.adoptTaskId as string;
    const { task, userSessionId } = await checkAdoptable(client, inputs, taskId);
    let desc: TaskDescription;
    try {
      desc = await this.waitUntilRunning(client, taskId);
    } catch (err) {
      throw new Error(redact(`adoptTaskId ${taskId}: ${(err as Error).message}`, secrets));
    }
    const outs = stateRecord(
      raw,
      {
        taskId,
        sessionId: desc.sessionId ?? task.sessionId,
        status: desc.status,
        startTime: desc.startTime,
        configurationUnverified: true,
      },
      !userSessionId,
    );
    return { id: taskId, outs };
  }

  /**
   * After a failed Start: looks the SessionId up, since the task may have been created although
   * the response was lost. `none`: the API says no task holds it; `failed`: nothing is known
   * (not worth looking, or the lookup itself failed).
   */
  private async findBySession(
    client: TrtcClient,
    sdkAppId: number,
    sessionId: string,
    err: unknown,
  ): Promise<{ kind: "found"; task: TaskDescription } | { kind: "none" } | { kind: "failed" }> {
    const worthLooking =
      err instanceof TrtcApiError && (err.code === "FailedOperation.TaskExist" || isRetryable(err));
    if (!worthLooking) return { kind: "failed" };
    try {
      return { kind: "found", task: await client.describe({ sdkAppId, sessionId }) };
    } catch (lookupErr) {
      return isTaskGone(lookupErr) ? { kind: "none" } : { kind: "failed" };
    }
  }

  /**
   * Describes the task until it is InProgress, the first time after `firstDescribeMs` (none for
   * a bot that is most likely running already, as in update()). Until `visibleBy`, an answer that
   * does not know the task is asked again (a task just started).
   */
  private async waitUntilRunning(
    client: TrtcClient,
    taskId: string,
    opts: { firstDescribeMs?: number; visibleBy?: number } = {},
  ): Promise<TaskDescription> {
    const deadline = Date.now() + this.settings.startTimeoutSeconds * 1000;
    const visibleBy = Math.min(opts.visibleBy ?? 0, deadline);
    if (opts.firstDescribeMs) await sleep(opts.firstDescribeMs);
    for (;;) {
      let desc: TaskDescription;
      try {
        desc = await client.describe({ taskId });
      } catch (err) {
        if (!isTaskGone(err)) throw err;
        if (Date.now() + DESCRIBE_INTERVAL_MS <= visibleBy) {
          await sleep(DESCRIBE_INTERVAL_MS);
          continue;
        }
        throw new TaskGoneError(
          `DescribeAIConversation does not know it (${(err as TrtcApiError).code})`,
          false,
        );
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
          `still ${desc.status} after ${this.settings.startTimeoutSeconds}s (raise trtc:startTimeoutSeconds to wait longer)`,
        );
      }
      await sleep(DESCRIBE_INTERVAL_MS);
    }
  }

  /** Refresh: a Stopped or unknown task is gone (empty id), so the next `up` starts a new bot. */
  async read(id: string, props: Record<string, unknown> = {}): Promise<pulumi.dynamic.ReadResult> {
    const client = this.client(props.region as string | undefined, secretsOf(props));
    let desc: TaskDescription;
    try {
      desc = await client.describe({ taskId: id });
    } catch (err) {
      if (!isTaskGone(err)) throw err;
      const seen = await confirmGone(client, id, err, lookupOf(props), true);
      if (seen.gone) return { id: "" };
      desc = seen.task;
    }
    if (desc.status === "Stopped") return { id: "" };
    const outs = stateRecord(
      props,
      {
        taskId: id,
        sessionId: props.sessionId as string | undefined,
        requestId: props.requestId as string | undefined,
        status: desc.status,
        startTime: desc.startTime ?? (props.startTime as string | undefined),
        configurationUnverified: props.configurationUnverified === true ? true : undefined,
      },
      false,
    );
    return { id, props: outs, inputs: inputsOf(outs) };
  }

  /**
   * Reached to finish a bot whose create failed after it started, and, with `updateInPlace`, to
   * change what UpdateAIConversation can change on the running bot (diff.ts decides which). Both
   * may happen at once. Makes sure the task runs, sends the update (every field it takes when
   * the bot's configuration is unverified), and returns the full output set with the new inputs.
   * A failed update that cannot have been applied throws a plain error, so state stays as it was;
   * one that may have been applied is recorded with the new inputs (UpdateMayHaveAppliedError).
   */
  async update(
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.UpdateResult> {
    const secrets = [...secretsOf(olds), ...secretsOf(news)];
    const client = this.client(olds.region as string | undefined, secrets);
    let desc: TaskDescription;
    try {
      desc = await this.waitUntilRunning(client, id);
    } catch (err) {
      if (err instanceof TaskGoneError) {
        throw new Error(
          `The bot ${id} is no longer running. Run \`pulumi refresh\` to forget it, then \`pulumi up\` to start a new one.`,
        );
      }
      throw err;
    }
    const unverified = olds.configurationUnverified === true;
    const request =
      news.updateInPlace === true
        ? buildUpdateRequest(
            id,
            olds as unknown as NormalizedInputs,
            news as unknown as NormalizedInputs,
            { everything: unverified },
          )
        : undefined;
    const record = (configurationUnverified: boolean) =>
      stateRecord(
        // A bot lives in the region it was started in: a new trtc:region (a default that moved)
        // must not make later calls, destroy among them, look for it elsewhere.
        { ...news, region: olds.region ?? news.region },
        {
          taskId: id,
          sessionId: olds.sessionId as string | undefined,
          requestId: olds.requestId as string | undefined,
          status: desc.status,
          startTime: desc.startTime ?? (olds.startTime as string | undefined),
          configurationUnverified: configurationUnverified ? true : undefined,
        },
        (olds.defaultsApplied as string[] | undefined)?.includes("sessionId") === true,
      );
    if (request) {
      let attemptMayHaveApplied = false;
      try {
        await client.update(request, (err) => {
          if (mayHaveCommitted(err)) attemptMayHaveApplied = true;
        });
      } catch (err) {
        if (attemptMayHaveApplied || mayHaveCommitted(err)) {
          throw new UpdateMayHaveAppliedError(
            redact(
              `UpdateAIConversation may have been applied to the bot ${id}: ${(err as Error).message}. State now records the new configuration; run \`pulumi up\` again (with the same program, or with the change reverted) and it is sent again.`,
              secrets,
            ),
            id,
            { ...record(true), __provider: news.__provider },
          );
        }
        throw new Error(
          redact(
            `UpdateAIConversation did not change the bot ${id}, which keeps running as before: ${(err as Error).message}`,
            secrets,
          ),
        );
      }
    }
    return { outs: record(unverified && !request) };
  }

  /** Stops the bot; a task that is already gone counts as stopped. */
  async delete(id: string, props: Record<string, unknown>): Promise<void> {
    const client = this.client(props.region as string | undefined, secretsOf(props));
    try {
      await client.stop(id);
    } catch (err) {
      if (!isTaskGone(err)) throw err;
      const seen = await confirmGone(client, id, err, lookupOf(props), false);
      if (seen.gone) return;
      throw new Error(
        `StopAIConversation answered ${(err as TrtcApiError).code} for the bot ${id}, but DescribeAIConversation says it is ${seen.task.status}: it was not stopped. Run \`pulumi destroy\` again; if this persists, stop it from the TRTC console and quote the RequestId to Tencent Cloud support.`,
      );
    }
  }
}

/** Where else a task of these state properties can be looked up: its app and SessionId. */
function lookupOf(props: Record<string, unknown>): { sdkAppId?: number; sessionId?: string } {
  return {
    sdkAppId: typeof props.sdkAppId === "number" ? props.sdkAppId : undefined,
    sessionId: typeof props.sessionId === "string" ? props.sessionId : undefined,
  };
}
