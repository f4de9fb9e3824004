/**
 * The TRTC client: the only module that speaks Tencent's PascalCase and builds the JSON-string
 * fields (LLMConfig, TTSConfig, AvatarConfig, ExperimentalParams). Calls go through the official
 * `tencentcloud-sdk-nodejs` TRTC client, the shared rate limiter and the retry policy.
 */
import { AGENT_FIELDS, START_FIELDS, STT_FIELDS, toApiFields, updatableKeys } from "./fields";
import * as http from "node:http";
import * as https from "node:https";
import type { Action, TaskStatus } from "./constants";
import { redact, TrtcApiError } from "./errors";
import type { SlidingWindowLimiter } from "./limiter";
import { withRetry, type RetryOptions } from "./retry";
import type { JsonObject, NormalizedInputs } from "./schema";
import type { ResolvedConnection } from "./settings";

/** API names of LLMConfig keys we know; other keys are sent as written. */
const LLM_KEYS: Record<string, string> = {
  llmType: "LLMType",
  model: "Model",
  apiKey: "APIKey",
  apiUrl: "APIUrl",
  streaming: "Streaming",
  systemPrompt: "SystemPrompt",
  timeout: "Timeout",
  history: "History",
  historyMode: "HistoryMode",
  maxTokens: "MaxTokens",
  temperature: "Temperature",
  topP: "TopP",
  extraBody: "ExtraBody",
  userMessages: "UserMessages",
  metaInfo: "MetaInfo",
  inputs: "Inputs",
  user: "User",
  conversationId: "ConversationId",
  botId: "BotId",
  userId: "UserId",
};

/** API names of TTSConfig keys we know; other keys are sent as written. */
const TTS_KEYS: Record<string, string> = {
  ttsType: "TTSType",
  voiceId: "VoiceId",
  model: "Model",
  speed: "Speed",
  volume: "Volume",
  pitch: "Pitch",
  language: "Language",
  appId: "AppId",
  secretId: "SecretId",
  secretKey: "SecretKey",
  voiceType: "VoiceType",
  primaryLanguage: "PrimaryLanguage",
  fastVoiceType: "FastVoiceType",
  apiUrl: "APIUrl",
  apiKey: "APIKey",
  groupId: "GroupId",
  subscriptionKey: "SubscriptionKey",
  region: "Region",
  voiceName: "VoiceName",
  rate: "Rate",
  modelId: "ModelId",
  temperature: "Temperature",
  audioFormat: "AudioFormat",
  sampleRate: "SampleRate",
  audioChannel: "AudioChannel",
};

function renameKeys(obj: JsonObject, names: Record<string, string>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    out[names[k] ?? k] = v;
  }
  return out;
}

/** The LLMConfig JSON text for the API: known keys renamed, unknown keys verbatim. */
export function llmConfigJson(cfg: JsonObject): string {
  const names = { ...LLM_KEYS };
  // Coze names its conversation field in snake case.
  if (cfg.llmType === "coze") names.conversationId = "conversation_id";
  const out = renameKeys(cfg, names);
  if (Array.isArray(cfg.userMessages)) {
    out.UserMessages = (cfg.userMessages as JsonObject[]).map((m) =>
      renameKeys(m, { role: "Role", content: "Content" }),
    );
  }
  return JSON.stringify(out);
}

/** The TTSConfig JSON text for the API: known keys renamed, unknown keys verbatim. */
export function ttsConfigJson(cfg: JsonObject): string {
  return JSON.stringify(renameKeys(cfg, TTS_KEYS));
}

function jsonText(value: JsonObject | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function dropUndefined<T extends JsonObject>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/** The StartAIConversation request body for these inputs. */
export function buildStartRequest(
  inputs: NormalizedInputs,
  sessionId: string,
  userSig: string,
): JsonObject {
  const agent = toApiFields(
    { ...(inputs.agentConfig as unknown as Record<string, unknown>), userSig },
    AGENT_FIELDS,
  );
  const stt =
    inputs.sttConfig && toApiFields(inputs.sttConfig as Record<string, unknown>, STT_FIELDS);
  // Every top-level field of the table, so a field added there cannot be left out here.
  const values: { [K in keyof typeof START_FIELDS]: JsonObject[string] | undefined } = {
    sdkAppId: inputs.sdkAppId,
    roomId: String(inputs.roomId),
    roomIdType: inputs.roomIdType,
    sessionId,
    agentConfig: agent as JsonObject,
    sttConfig: stt as JsonObject | undefined,
    llmConfig: llmConfigJson(inputs.llmConfig),
    ttsConfig: ttsConfigJson(inputs.ttsConfig),
    avatarConfig: jsonText(inputs.avatarConfig),
    experimentalParams: jsonText(inputs.experimentalParams),
  };
  return dropUndefined(
    Object.fromEntries(
      Object.entries(values).map(([k, v]) => [START_FIELDS[k as keyof typeof START_FIELDS].api, v]),
    ) as JsonObject,
  );
}

/**
 * The UpdateAIConversation request for what changed from `olds` to `news` among the fields it
 * takes ("not filled in: not updated"); the LLM and TTS configs are sent whole.
 *
 * @returns the request, or `undefined` when none of those fields changed.
 */
export function buildUpdateRequest(
  taskId: string,
  olds: NormalizedInputs,
  news: NormalizedInputs,
): JsonObject | undefined {
  const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  const request: JsonObject = {};
  const oldAgent = (olds.agentConfig ?? {}) as unknown as Record<string, unknown>;
  const newAgent = news.agentConfig as unknown as Record<string, unknown>;
  for (const key of updatableKeys(AGENT_FIELDS)) {
    const value = newAgent[key];
    if (value !== undefined && differs(oldAgent[key], value)) {
      request[AGENT_FIELDS[key as keyof typeof AGENT_FIELDS].api] = value as JsonObject[string];
    }
  }
  if (differs(olds.llmConfig, news.llmConfig)) {
    request[START_FIELDS.llmConfig.api] = llmConfigJson(news.llmConfig);
  }
  if (differs(olds.ttsConfig, news.ttsConfig)) {
    request[START_FIELDS.ttsConfig.api] = ttsConfigJson(news.ttsConfig);
  }
  return Object.keys(request).length > 0 ? { TaskId: taskId, ...request } : undefined;
}

/** What DescribeAIConversation reports about a task. */
export interface TaskDescription {
  /**
   * The task's id: the answer's `TaskId`, else the id asked about. Absent when a lookup by
   * SessionId got an answer without one (the Describe examples on both sites show none).
   */
  taskId?: string;
  sessionId?: string;
  status: TaskStatus;
  startTime?: string;
  requestId?: string;
}

/** Options of {@link TrtcClient}. */
export interface TrtcClientOptions {
  connection: ResolvedConnection;
  region: string;
  limiter: SlidingWindowLimiter;
  retry: Omit<RetryOptions, "onRetry">;
  requestTimeoutSeconds: number;
  /** Values to scrub from any error message (API keys, UserSigs). */
  secrets?: string[];
}

/** Low-level SDK client type: each action takes a request object and resolves to its Response. */
type SdkClient = Record<Action, (req: JsonObject) => Promise<JsonObject>>;

/** A TRTC AI-conversation client bound to one region and one set of credentials. */
export class TrtcClient {
  private readonly sdk: SdkClient;

  constructor(private readonly opts: TrtcClientOptions) {
    // Required here, not at module level, so the serialized provider only refers to it.
    const { trtc } = require("tencentcloud-sdk-nodejs/tencentcloud/services/trtc");
    const c = opts.connection;
    const local = /^(127\.|localhost|\[::1\])/.test(c.host);
    const httpProfile: JsonObject = {
      endpoint: c.host,
      protocol: c.protocol,
      reqTimeout: opts.requestTimeoutSeconds,
    };
    // The SDK routes every request through `http_proxy` when set; a loopback endpoint (the
    // emulator) must never be proxied, so it gets an explicit agent.
    if (local)
      httpProfile.agent =
        c.protocol === "http://"
          ? new http.Agent({ keepAlive: true })
          : new https.Agent({ keepAlive: true });
    this.sdk = new trtc.v20190722.Client({
      credential: c.token
        ? { secretId: c.secretId, secretKey: c.secretKey, token: c.token }
        : { secretId: c.secretId, secretKey: c.secretKey },
      region: opts.region,
      profile: { httpProfile, language: "en-US" },
    });
  }

  /** Calls one action once, mapping every failure to a {@link TrtcApiError}. */
  async callOnce(action: Action, req: JsonObject): Promise<JsonObject> {
    const limiter = this.opts.limiter;
    const done = await limiter.acquire(action);
    try {
      const answer = await this.sdk[action](req);
      limiter.answered(action);
      return answer;
    } catch (err) {
      const apiError = this.toApiError(action, err);
      if (apiError.code.startsWith("RequestLimitExceeded")) limiter.throttled(action);
      else if (apiError.code !== "NetworkError") limiter.answered(action);
      throw apiError;
    } finally {
      done();
    }
  }

  /** Calls one action with the retry policy. */
  call(action: Action, req: JsonObject, onRetry?: RetryOptions["onRetry"]): Promise<JsonObject> {
    return withRetry(() => this.callOnce(action, req), { ...this.opts.retry, onRetry });
  }

  private toApiError(action: Action, err: unknown): TrtcApiError {
    const secrets = [this.opts.connection.secretKey, ...(this.opts.secrets ?? [])];
    const e = err as {
      code?: string;
      message?: string;
      requestId?: string;
      httpCode?: number;
      name?: string;
      type?: string;
    };
    const message = redact(e?.message ?? String(err), secrets);
    // Tencent's API codes look like `FailedOperation.TaskExist`; Node's system errors like `ECONNRESET`.
    if (e && typeof e.code === "string" && e.code !== "" && !/^E[A-Z_]+$/.test(e.code)) {
      return new TrtcApiError({
        action,
        code: e.code,
        message,
        requestId: e.requestId || undefined,
      });
    }
    if (e?.httpCode) {
      // 429 and 5xx may pass; any other status means the endpoint is not a TRTC API endpoint.
      const transient = e.httpCode === 429 || e.httpCode >= 500;
      const detail = `HTTP ${e.httpCode} ${e.message ?? ""}`.trim();
      return new TrtcApiError({
        action,
        code: transient ? "NetworkError" : "HTTPError",
        message: detail,
      });
    }
    if (/ENOTFOUND/.test(message)) {
      return new TrtcApiError({ action, code: "EndpointNotFound", message });
    }
    if (e?.name === "SyntaxError" || e?.name === "TypeError" || e?.type === "invalid-json") {
      return new TrtcApiError({ action, code: "InvalidResponse", message });
    }
    return new TrtcApiError({ action, code: "NetworkError", message });
  }

  /** Starts a conversation; resolves to its TaskId and the call's RequestId. */
  async start(
    body: JsonObject,
    onRetry?: RetryOptions["onRetry"],
  ): Promise<{ taskId: string; requestId?: string }> {
    const res = await this.call("StartAIConversation", body, onRetry);
    return { taskId: String(res.TaskId), requestId: res.RequestId as string | undefined };
  }

  /** Describes a task by TaskId, or by SdkAppId + SessionId. */
  async describe(
    by: { taskId: string } | { sdkAppId: number; sessionId: string },
  ): Promise<TaskDescription> {
    const req =
      "taskId" in by ? { TaskId: by.taskId } : { SdkAppId: by.sdkAppId, SessionId: by.sessionId };
    const res = await this.call("DescribeAIConversation", req);
    return {
      taskId:
        typeof res.TaskId === "string" && res.TaskId !== ""
          ? res.TaskId
          : "taskId" in by
            ? by.taskId
            : undefined,
      sessionId: res.SessionId as string | undefined,
      status: res.Status as TaskStatus,
      startTime: res.StartTime as string | undefined,
      requestId: res.RequestId as string | undefined,
    };
  }

  /** Changes a running task's updatable settings (see {@link buildUpdateRequest}). */
  async update(request: JsonObject): Promise<void> {
    await this.call("UpdateAIConversation", request);
  }

  /** Stops a task. */
  async stop(taskId: string): Promise<void> {
    await this.call("StopAIConversation", { TaskId: taskId });
  }
}
