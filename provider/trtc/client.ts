/**
 * The TRTC client: calls the AI-conversation actions through our own small API client over the
 * official SDK's signer and transport (api.ts, on `tencentcloud-sdk-nodejs-common`), the shared
 * rate limiter and the retry policy, and turns SDK failures into {@link TrtcApiError}s with
 * secrets scrubbed. It knows the API's actions, not any resource's inputs (the request bodies
 * are built in ai-conversation/request.ts).
 */
import { createHash } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import type { HttpProfile } from "tencentcloud-sdk-nodejs-common";
import type { JsonObject, TrtcApi, TrtcRequests, TrtcResponses } from "./api";
import type { Action, TaskStatus } from "./constants";
import { redact, TrtcApiError } from "./errors";
import type { SlidingWindowLimiter } from "./limiter";
import { withRetry, type RetryOptions } from "./retry";
import type { ResolvedConnection } from "./settings";

export type { JsonObject } from "./api";

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

/**
 * API clients by connection, credentials, region and timeout. Every resource of a stack shares
 * one per combination (and, towards a loopback endpoint, one keep-alive agent), instead of
 * building a client and opening new connections per call: per-resource work the engine's
 * parallel creates would otherwise repeat hundreds of times.
 */
const apiClients = new Map<string, TrtcApi>();

/** The shared API client for these options (credentials enter the key only as a digest). */
function apiClientFor(opts: TrtcClientOptions): TrtcApi {
  const c = opts.connection;
  const key = createHash("sha256")
    .update(
      JSON.stringify([
        c.protocol,
        c.host,
        c.secretId,
        c.secretKey,
        c.token ?? "",
        opts.region,
        opts.requestTimeoutSeconds,
      ]),
    )
    .digest("hex");
  let client = apiClients.get(key);
  if (!client) {
    // Bounded: rotating temporary credentials must not grow the map for the process's life.
    if (apiClients.size >= 64) apiClients.clear();
    client = newApiClient(opts);
    apiClients.set(key, client);
  }
  return client;
}

/**
 * Builds an API client. api.ts (and with it the SDK's transport) is loaded on the first call,
 * not when the provider loads: check() and diff() never call the API.
 */
function newApiClient(opts: TrtcClientOptions): TrtcApi {
  const { TrtcApi: Api } = require("./api") as typeof import("./api");
  const c = opts.connection;
  const local = /^(127\.|localhost|\[::1\])/.test(c.host);
  const httpProfile: HttpProfile = {
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
  return new Api({
    credential: c.token
      ? { secretId: c.secretId, secretKey: c.secretKey, token: c.token }
      : { secretId: c.secretId, secretKey: c.secretKey },
    region: opts.region,
    profile: { httpProfile, language: "en-US" },
  });
}

/** The fields of a failure that tell what went wrong (an SDK exception, a Node or fetch error). */
interface FailureFacts {
  code?: string;
  message?: string;
  requestId?: string;
  httpCode?: number;
  name?: string;
  type?: string;
}

/** Reads {@link FailureFacts} off anything thrown, keeping only fields of the expected types. */
function failureFacts(err: unknown): FailureFacts {
  if (err === null || typeof err !== "object") return {};
  const text = (key: string): string | undefined => {
    const value: unknown = Reflect.get(err, key);
    return typeof value === "string" ? value : undefined;
  };
  const httpCode: unknown = Reflect.get(err, "httpCode");
  return {
    code: text("code"),
    message: text("message"),
    requestId: text("requestId"),
    httpCode: typeof httpCode === "number" ? httpCode : undefined,
    name: text("name"),
    type: text("type"),
  };
}

/** A TRTC AI-conversation client bound to one region and one set of credentials. */
export class TrtcClient {
  /** The shared API client (signer and transport) of this connection. */
  private readonly sdk: TrtcApi;

  constructor(private readonly opts: TrtcClientOptions) {
    this.sdk = apiClientFor(opts);
  }

  /** Calls one action once, mapping every failure to a {@link TrtcApiError}. */
  async callOnce<A extends Action>(action: A, req: TrtcRequests[A]): Promise<TrtcResponses[A]> {
    const limiter = this.opts.limiter;
    const done = await limiter.acquire(action);
    try {
      const answer = await this.sdk.send(action, req);
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
  call<A extends Action>(
    action: A,
    req: TrtcRequests[A],
    onRetry?: RetryOptions["onRetry"],
  ): Promise<TrtcResponses[A]> {
    return withRetry(() => this.callOnce(action, req), { ...this.opts.retry, onRetry });
  }

  private toApiError(action: Action, err: unknown): TrtcApiError {
    const { secretKey, token } = this.opts.connection;
    const secrets = [secretKey, token, ...(this.opts.secrets ?? [])];
    const e = failureFacts(err);
    const message = redact(e.message ?? String(err), secrets);
    // Tencent's API codes look like `FailedOperation.TaskExist`; Node's system errors like `ECONNRESET`.
    if (e.code !== undefined && e.code !== "" && !/^E[A-Z_]+$/.test(e.code)) {
      return new TrtcApiError({
        action,
        code: e.code,
        message,
        requestId: e.requestId || undefined,
      });
    }
    if (e.httpCode) {
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
    if (e.name === "SyntaxError" || e.name === "TypeError" || e.type === "invalid-json") {
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
    return { taskId: String(res.TaskId), requestId: res.RequestId };
  }

  /** Describes a task by TaskId, or by SdkAppId + SessionId. */
  async describe(
    by: { taskId: string } | { sdkAppId: number; sessionId: string },
  ): Promise<TaskDescription> {
    const req: TrtcRequests["DescribeAIConversation"] =
      "taskId" in by ? { TaskId: by.taskId } : { SdkAppId: by.sdkAppId, SessionId: by.sessionId };
    const res = await this.call("DescribeAIConversation", req);
    return {
      taskId:
        typeof res.TaskId === "string" && res.TaskId !== ""
          ? res.TaskId
          : "taskId" in by
            ? by.taskId
            : undefined,
      sessionId: res.SessionId,
      status: res.Status as TaskStatus,
      startTime: res.StartTime,
      requestId: res.RequestId,
    };
  }

  /**
   * Changes a running task's updatable settings (see buildUpdateRequest); `onRetry` sees each
   * failed attempt, so a caller can tell whether one may have been applied.
   */
  async update(request: JsonObject, onRetry?: RetryOptions["onRetry"]): Promise<void> {
    await this.call("UpdateAIConversation", request, onRetry);
  }

  /** Stops a task. */
  async stop(taskId: string): Promise<void> {
    await this.call("StopAIConversation", { TaskId: taskId });
  }
}
