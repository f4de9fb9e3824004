/**
 * Shared pieces of the contract tests: the official SDK client pointed at an emulator (with an
 * explicit agent, so an `http_proxy` variable cannot reroute loopback traffic), valid request
 * bodies, and small HTTP helpers for the `/_emulator` controls and hand-made requests.
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import { Client } from "tencentcloud-sdk-nodejs/tencentcloud/services/trtc/v20190722/trtc_client";
import { CommonClient } from "tencentcloud-sdk-nodejs/tencentcloud/common/common_client";
import type { ClientProfile } from "tencentcloud-sdk-nodejs/tencentcloud/common/interface";
import type { StartAIConversationRequest } from "tencentcloud-sdk-nodejs/tencentcloud/services/trtc/v20190722/trtc_models";
import { DEFAULT_APPS, generateUserSig, type RunningEmulator } from "../../emulator";

export { Client, CommonClient };

/** The default app of the emulator. */
export const SDK_APP_ID = 1400000000;
/** Its UserSig key. */
export const APP_KEY = DEFAULT_APPS[String(SDK_APP_ID)];

/**
 * A well-formed TaskId no task holds: Tencent's own example (China StopAIConversation page,
 * 647/108513), which starts with `-`, as no TaskId the emulator mints does. It answers
 * `FailedOperation.TaskNotExist`; only a TaskId outside the emulator's grammar (1–256 characters
 * of `A-Z a-z 0-9 + - * . _`) answers `InvalidParameter.TaskId`.
 */
export const UNKNOWN_TASK_ID =
  "-m97l2ZU7kOlV5cTRMoU6yoGp2nDYkzbJ13EC4K-4pycoZXVv+XVrNoUXQ8++8Z2PwUlAQ..";

/** A RequestId as the API returns it: a uuid v4. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Options for {@link trtcClient}. */
export interface ClientOverrides {
  secretId?: string;
  secretKey?: string;
  token?: string;
  /** `null` leaves the region out (the SDK then omits X-TC-Region). */
  region?: string | null;
  profile?: ClientProfile;
}

/** Where an emulator listens and what it accepts (a running one, or a spawned CLI). */
export type Endpoint = Pick<RunningEmulator, "port" | "secretId" | "secretKey">;

function profileFor(emulator: Endpoint, profile: ClientProfile = {}): ClientProfile {
  return {
    ...profile,
    httpProfile: {
      endpoint: `127.0.0.1:${emulator.port}`,
      protocol: "http://",
      agent: new http.Agent(),
      reqTimeout: 10,
      ...profile.httpProfile,
    },
  };
}

/** The official TRTC client, unmodified, talking to `emulator`. */
export function trtcClient(emulator: Endpoint, overrides: ClientOverrides = {}): Client {
  return new Client({
    credential: {
      secretId: overrides.secretId ?? emulator.secretId,
      secretKey: overrides.secretKey ?? emulator.secretKey,
      ...(overrides.token === undefined ? {} : { token: overrides.token }),
    },
    ...(overrides.region === null ? {} : { region: overrides.region ?? "ap-guangzhou" }),
    profile: profileFor(emulator, overrides.profile),
  });
}

/** The SDK's generic client for another API version (to reach NoSuchVersion). */
export function commonClient(emulator: RunningEmulator, version: string): CommonClient {
  return new CommonClient("trtc.tencentcloudapi.com", version, {
    credential: { secretId: emulator.secretId, secretKey: emulator.secretKey },
    region: "ap-guangzhou",
    profile: profileFor(emulator),
  });
}

/** A valid StartAIConversation request; `overrides` replace top-level fields. */
export function startRequest(
  overrides: Partial<StartAIConversationRequest> & { botUserId?: string } = {},
): StartAIConversationRequest {
  const { botUserId = "ai_bot", ...rest } = overrides;
  return {
    SdkAppId: SDK_APP_ID,
    RoomId: "1234",
    RoomIdType: 0,
    AgentConfig: {
      UserId: botUserId,
      UserSig: generateUserSig({ sdkAppId: SDK_APP_ID, key: APP_KEY, userId: botUserId }),
      TargetUserId: "user_1",
      MaxIdleTime: 60,
      WelcomeMessage: "Hello",
    },
    LLMConfig: JSON.stringify({
      LLMType: "openai",
      Model: "gpt-4o-mini",
      APIKey: "sk-test",
      APIUrl: "https://api.openai.com/v1/chat/completions",
      Streaming: true,
    }),
    TTSConfig: JSON.stringify({
      TTSType: "flow",
      VoiceId: "v-female-R2s4N9qJ",
      Model: "flow_01_turbo",
    }),
    ...rest,
  };
}

/** The fields of a TencentCloudSDKHttpException the tests look at. */
export interface SdkError {
  message: string;
  code?: string;
  requestId: string;
  traceId: string;
}

/**
 * Await a call that must fail with an API error; checks it carries `code` and a uuid v4
 * `requestId`, and that the emulator logged the same outcome.
 */
export async function expectApiError(
  emulator: RunningEmulator,
  call: Promise<unknown>,
  code: string,
  message?: RegExp,
): Promise<SdkError> {
  const error = await call.then(
    () => assert.fail(`expected ${code}, but the call succeeded`),
    (e: unknown) => e as SdkError,
  );
  assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
  assert.match(error.requestId, UUID_V4);
  assert.match(error.traceId, UUID_V4, "the SDK's X-TC-TraceId is echoed back");
  if (message) assert.match(error.message, message);
  const logged = emulator.requests().find((r) => r.requestId === error.requestId);
  assert.equal(logged?.code, code);
  return error;
}

/** Await a call that must fail below the API (no answer): no `code`. */
export async function expectTransportError(call: Promise<unknown>): Promise<SdkError> {
  const error = await call.then(
    () => assert.fail("expected a transport failure, but the call succeeded"),
    (e: unknown) => e as SdkError,
  );
  assert.equal(error.code, undefined, `expected no API code, got ${error.code}`);
  return error;
}

/** A plain HTTP answer. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): unknown;
}

/** Send one HTTP request to the emulator, without a proxy. */
export function rawRequest(
  emulator: Pick<RunningEmulator, "port">,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: http.OutgoingHttpHeaders = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: emulator.port, method, path, headers, agent: new http.Agent() },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: () => JSON.parse(text),
          });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Call a `/_emulator` control endpoint with a JSON body; fails the test on a non-200. */
export async function control(
  emulator: Pick<RunningEmulator, "port">,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await rawRequest(
    emulator,
    method,
    `/_emulator${path}`,
    body === undefined ? undefined : JSON.stringify(body),
    { "Content-Type": "application/json" },
  );
  assert.equal(response.status, 200, `${method} /_emulator${path}: ${response.text}`);
  return response.json();
}

/** Replace the global `Date` so the SDK in this process signs with a skewed clock. */
export async function withClientClockSkew<T>(skewMs: number, fn: () => Promise<T>): Promise<T> {
  const RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + skewMs);
      else super(...(args as [number]));
    }
    static override now(): number {
      return RealDate.now() + skewMs;
    }
  }
  globalThis.Date = SkewedDate as DateConstructor;
  try {
    return await fn();
  } finally {
    globalThis.Date = RealDate;
  }
}

/** Start a task through the SDK and return its TaskId. */
export async function startTask(
  client: Client,
  overrides: Parameters<typeof startRequest>[0] = {},
): Promise<string> {
  const { TaskId } = await client.StartAIConversation(startRequest(overrides));
  assert.ok(TaskId, "Start returned a TaskId");
  return TaskId;
}

/** Options for {@link signedRequest}. */
export interface SignedRequestOptions {
  action?: string;
  body: string | Buffer;
  contentType?: string;
  headers?: http.OutgoingHttpHeaders;
}

/**
 * POST a body signed by the SDK's own TC3 signer, for inputs the SDK itself never produces
 * (malformed JSON, odd headers).
 */
export function signedRequest(
  emulator: RunningEmulator,
  options: SignedRequestOptions,
): Promise<RawResponse> {
  const Sign = require("tencentcloud-sdk-nodejs/tencentcloud/common/sign").default as {
    sign3(args: Record<string, unknown>): string;
  };
  const contentType = options.contentType ?? "application/json";
  const timestamp = Math.floor(Date.now() / 1000);
  const authorization = Sign.sign3({
    method: "POST",
    url: `http://127.0.0.1:${emulator.port}/`,
    payload: Buffer.from(options.body),
    timestamp,
    service: "127",
    secretId: emulator.secretId,
    secretKey: emulator.secretKey,
    multipart: false,
    headers: { "Content-Type": contentType },
  });
  return rawRequest(emulator, "POST", "/", options.body, {
    "Content-Type": contentType,
    "X-TC-Action": options.action ?? "DescribeAIConversation",
    "X-TC-Version": "2019-07-22",
    "X-TC-Region": "ap-guangzhou",
    "X-TC-Timestamp": String(timestamp),
    Authorization: authorization,
    ...options.headers,
  });
}
