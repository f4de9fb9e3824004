/**
 * The AIConversation dynamic provider. Which API call each method makes:
 *
 * - `configure` — none: reads `trtc:*` stack config (credentials, endpoint, region, caps, timeouts).
 * - `check`     — none: validates with zod, applies documented defaults, lists every bad field.
 * - `diff`      — none: a configuration change replaces the bot (delete first), or, with
 *                 `updateInPlace`, updates what UpdateAIConversation can change; provider-code
 *                 and default-only changes are no change. A replacement while `adoptTaskId` is
 *                 still set fails (it would stop the adopted bot and adopt again).
 * - `create`    — StartAIConversation (SessionId as idempotency key; a lost start's task is found
 *                 by SessionId and taken over: start.ts), then DescribeAIConversation until the
 *                 task is InProgress (wait.ts). With `adoptTaskId`, DescribeAIConversation by
 *                 TaskId, then by SdkAppId and SessionId, instead of a start (adopt.ts).
 * - `read`      — DescribeAIConversation; a Stopped or unknown task is gone (empty id):
 *                 TaskNotExist and TaskFinished mean gone, InvalidParameter.TaskId for a
 *                 well-formed TaskId only once a second look agrees (gone.ts).
 * - `update`    — DescribeAIConversation to finish a partially created bot, and, with
 *                 `updateInPlace`, UpdateAIConversation for the fields it can change; returns
 *                 the full output set. A failure that may have been applied is recorded.
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
import { redact, TrtcApiError, isTaskGone } from "../trtc/errors";
import { sharedLimiter } from "../trtc/limiter";
import {
  defaultRegion,
  defaultSettings,
  readSettings,
  regionFor,
  resolveConnection,
  type ProviderSettings,
} from "../trtc/settings";
import { generateUserSig } from "../trtc/usersig";
import { checkAdoptable } from "./adopt";
import { validateInputs } from "./check";
import { changedPaths, diffInputs } from "./diff";
import { confirmGone } from "./gone";
import { PartiallyStartedError, UpdateMayHaveAppliedError } from "./init-failure";
import { resolveDefaults, type NormalizedInputs } from "./model";
import { buildUpdateRequest } from "./request";
import { startBot, type StartedTask } from "./start";
import { refreshedRecord, secretsOf, stateRecord, type TaskFacts, type TaskState } from "./state";
import { keepStoredDefaults } from "./stored-defaults";
import {
  FIRST_DESCRIBE_MS,
  TaskGoneError,
  describeWhenVisible,
  VISIBILITY_GRACE_MS,
  mayHaveCommitted,
  waitUntilRunning,
  type WaitOptions,
} from "./wait";

/** Inputs as the engine passes them to create and update: checked, with its `__provider`. */
export type ProviderInputs = NormalizedInputs & { __provider?: string };

/** The provider. One instance serves every AIConversation of a program. */
export class AIConversationProvider implements pulumi.dynamic.ResourceProvider<
  ProviderInputs,
  Partial<TaskState>
> {
  private settings: ProviderSettings = defaultSettings();

  /** Reads `trtc:*` stack config. Synchronous assignment: other RPCs may already be running. */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.settings = readSettings((key) => req.config.get(key));
  }

  /** Validates inputs and applies defaults; makes no API call. */
  async check(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<pulumi.dynamic.CheckResult<NormalizedInputs>> {
    const { inputs, failures } = validateInputs(news, {
      defaultRegion: defaultRegion(this.settings),
      site: this.settings.site,
      previous: olds,
    });
    if (failures.length > 0 || !inputs) return { failures };
    // adoptTaskId stays in the inputs: the engine checks again without old inputs before a
    // replacement, so only diff() can tell that it is still set (and refuse the replacement).
    return { inputs: keepStoredDefaults(inputs, olds) };
  }

  /**
   * A configuration change replaces the bot or updates it in place; see diff.ts. A replacement
   * while `adoptTaskId` is still set fails here, at preview, before anything stops: it would
   * stop the adopted bot, and the engine re-checks the inputs of a replacement without old ones,
   * so the new bot's create would try to adopt the stopped task (the engine refuses the same for
   * `import`).
   */
  async diff(
    id: string,
    olds: Partial<TaskState>,
    news: ProviderInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const decision = diffInputs(olds, news);
    if (decision.replaces.length === 0 && olds.configurationUnverified && news.updateInPlace) {
      // The bot may run another configuration than state says (adopted, found after a lost
      // start, or an update whose outcome is unknown): an in-place update makes them agree, even
      // when the program did not change (a refresh in between clears the engine's own reminder,
      // the init error of the failed update).
      return { ...decision, changes: true };
    }
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

  /** How long to wait for a task to run, and when to first ask. */
  private waiting(extra: Omit<WaitOptions, "timeoutSeconds"> = {}): WaitOptions {
    return { timeoutSeconds: this.settings.startTimeoutSeconds, ...extra };
  }

  /**
   * Starts the bot (or takes over the one a lost start left running, or the task `adoptTaskId`
   * names), waits until it runs, and records it. A bot that started but was not seen running is
   * recorded all the same (PartiallyStartedError), so `destroy` stops it.
   */
  async create(inputs: ProviderInputs): Promise<pulumi.dynamic.CreateResult<TaskState>> {
    const resolved = resolveDefaults(inputs);
    const agent = resolved.agentConfig;
    const userSig =
      agent.userSig ??
      generateUserSig({
        sdkAppId: inputs.sdkAppId,
        userId: agent.userId,
        secretKey: agent.userSigSecret ?? "",
        expireSeconds: agent.userSigExpireSeconds,
      });
    const secrets = [...secretsOf(inputs), userSig];
    const client = this.client(inputs.region, secrets);
    if (inputs.adoptTaskId) return this.adopt(client, inputs, inputs.adoptTaskId, secrets);

    const started = await startBot(client, resolved, userSig, this.settings.retryTimeoutSeconds);
    const derived = !inputs.sessionId;
    try {
      const desc = await waitUntilRunning(
        client,
        started.taskId,
        this.waiting({
          firstDescribeMs: FIRST_DESCRIBE_MS,
          visibleBy: Date.now() + VISIBILITY_GRACE_MS,
        }),
      );
      const facts: TaskFacts = {
        ...factsOf(started),
        status: desc.status,
        startTime: desc.startTime,
        // A task found by its SessionId after a lost start: a derived SessionId does not hash
        // the secrets' values, so it may run with other keys than these inputs hold.
        configurationUnverified: started.requestId === undefined ? true : undefined,
      };
      return { id: started.taskId, outs: stateRecord(inputs, facts, derived) };
    } catch (err) {
      if (err instanceof TaskGoneError && err.stopped) {
        // The task ended: nothing runs under that TaskId, so there is nothing to remember or stop.
        throw new Error(
          redact(`StartAIConversation started task ${started.taskId}, but ${err.message}`, secrets),
        );
      }
      const message = redact(
        `The bot started (TaskId ${started.taskId}) but did not become ready: ${errorText(err)}. Its TaskId is recorded: the next \`pulumi up\` looks at it again, and \`pulumi destroy\` stops it`,
        secrets,
      );
      const facts: TaskFacts = { ...factsOf(started), status: "Preparing" };
      throw new PartiallyStartedError(message, started.taskId, {
        ...stateRecord(inputs, facts, derived),
        __provider: inputs.__provider,
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
    inputs: ProviderInputs,
    taskId: string,
    secrets: string[],
  ): Promise<pulumi.dynamic.CreateResult<TaskState>> {
    const { task, userSessionId } = await checkAdoptable(client, inputs, taskId);
    let desc: TaskDescription;
    try {
      desc = await waitUntilRunning(client, taskId, this.waiting());
    } catch (err) {
      throw new Error(redact(`adoptTaskId ${taskId}: ${errorText(err)}`, secrets));
    }
    const facts: TaskFacts = {
      taskId,
      sessionId: desc.sessionId ?? task.sessionId,
      status: desc.status,
      startTime: desc.startTime,
      configurationUnverified: true,
    };
    return { id: taskId, outs: stateRecord(inputs, facts, !userSessionId) };
  }

  /**
   * Refresh: a Stopped or unknown task is gone (empty id), so the next `up` starts a new bot.
   * A running one gets its new status and start time; its configuration record stays as it was.
   */
  async read(
    id: string,
    props?: Partial<TaskState>,
  ): Promise<pulumi.dynamic.ReadResult<Partial<TaskState>>> {
    const state = props ?? {};
    const client = this.client(state.region, secretsOf(state));
    let desc: TaskDescription;
    try {
      // A bot recorded as partly started may not be visible to Describe yet.
      desc = await describeWhenVisible(client, id, visibleBy(state));
    } catch (err) {
      if (!isTaskGone(err)) throw err;
      const seen = await confirmGone(client, id, err, state, true);
      if (seen.gone) return { id: "" };
      desc = seen.task;
    }
    if (desc.status === "Stopped") return { id: "" };
    const record = refreshedRecord(state, {
      taskId: id,
      // A state without one (an imported bot) records the SessionId the task runs under.
      sessionId: state.sessionId ?? desc.sessionId,
      requestId: state.requestId,
      status: desc.status,
      startTime: desc.startTime ?? state.startTime,
      configurationUnverified: state.configurationUnverified,
    });
    // No inputs: the engine keeps the ones it has (Describe cannot show a configuration).
    return { id, props: record };
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
    olds: Partial<TaskState>,
    news: ProviderInputs,
  ): Promise<pulumi.dynamic.UpdateResult<TaskState>> {
    const secrets = [...secretsOf(olds), ...secretsOf(news)];
    const client = this.client(olds.region, secrets);
    let desc: TaskDescription;
    try {
      desc = await waitUntilRunning(client, id, this.waiting({ visibleBy: visibleBy(olds) }));
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
        ? buildUpdateRequest(id, unverified ? "everything" : changedPaths(olds, news), news)
        : undefined;
    const record = (configurationUnverified: boolean) =>
      stateRecord(
        // A bot lives in the region it was started in: a new trtc:region (a default that moved)
        // must not make later calls, destroy among them, look for it elsewhere.
        { ...news, region: olds.region ?? news.region },
        {
          taskId: id,
          sessionId: olds.sessionId,
          requestId: olds.requestId,
          status: desc.status,
          startTime: desc.startTime ?? olds.startTime,
          configurationUnverified: configurationUnverified ? true : undefined,
        },
        olds.defaultsApplied?.includes("sessionId") === true,
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
              `UpdateAIConversation may have been applied to the bot ${id}: ${errorText(err)}. State now records the new configuration; run \`pulumi up\` again (with the same program, or with the change reverted) and it is sent again.`,
              secrets,
            ),
            id,
            { ...record(true), __provider: news.__provider },
          );
        }
        if (isTaskGone(err)) {
          throw new Error(
            redact(
              `The bot ${id} is no longer running (${errorText(err)}). Run \`pulumi refresh\` to forget it, then \`pulumi up\` to start a new one.`,
              secrets,
            ),
          );
        }
        throw new Error(
          redact(
            `UpdateAIConversation did not change the bot ${id}, which keeps running as before: ${errorText(err)}`,
            secrets,
          ),
        );
      }
    }
    return { outs: record(unverified && !request) };
  }

  /** Stops the bot; a task that is already gone counts as stopped. */
  async delete(id: string, props: Partial<TaskState>): Promise<void> {
    const client = this.client(props.region, secretsOf(props));
    try {
      await client.stop(id);
    } catch (err) {
      if (!isTaskGone(err)) throw err;
      const seen = await confirmGone(client, id, err, props, false);
      if (seen.gone) return;
      const code = err instanceof TrtcApiError ? err.code : "an error";
      throw new Error(
        `StopAIConversation answered ${code} for the bot ${id}, but DescribeAIConversation says it is ${seen.task.status}: it was not stopped. Run \`pulumi destroy\` again; if this persists, stop it from the TRTC console and quote the RequestId to Tencent Cloud support.`,
      );
    }
  }
}

/**
 * Until when a Describe that does not know the task is asked again: a few seconds from now for a
 * bot recorded as partly started (status Preparing and no start time: Describe never answered
 * for it), else not at all.
 */
function visibleBy(state: Partial<TaskState>): number {
  const partlyStarted = state.status === "Preparing" && state.startTime === undefined;
  return partlyStarted ? Date.now() + VISIBILITY_GRACE_MS : 0;
}

/** The facts a start records about its task. */
function factsOf(started: StartedTask): Omit<TaskFacts, "status"> {
  return { taskId: started.taskId, sessionId: started.sessionId, requestId: started.requestId };
}

/** An error's message (or the value itself) for a message of our own. */
function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
