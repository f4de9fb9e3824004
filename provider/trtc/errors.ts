/** The one error type for failed TRTC API calls, and the secret scrubbing every message goes through. */

/** What to do about error codes we know; appended to the message. */
const ADVICE: Record<string, string> = {
  "FailedOperation.NotAbility":
    "Enable the AI conversation ability for this SdkAppId in the TRTC console (or check sdkAppId).",
  "InvalidParameter.UserSig":
    "The UserSig is wrong or expired for agentConfig.userId; regenerate it, or set agentConfig.userSigSecret so the provider makes a fresh one.",
  "ResourceInsufficient.RequestRejection":
    "TRTC had no capacity for this bot within trtc:retryTimeoutSeconds; run `pulumi up` again later, raise trtc:retryTimeoutSeconds, or ask Tencent Cloud support for more concurrent AI conversations.",
  "AuthFailure.SignatureFailure":
    "The SecretKey does not match the SecretId; check trtc:secretKey (or TENCENTCLOUD_SECRET_KEY).",
  "AuthFailure.SignatureExpire":
    "This machine's clock is more than 5 minutes off; synchronize it (e.g. with NTP) and retry.",
  "AuthFailure.SecretIdNotFound":
    "The SecretId does not exist or is disabled; check trtc:secretId (or TENCENTCLOUD_SECRET_ID).",
  "AuthFailure.InvalidAuthorization":
    "The request was not signed correctly; check the credentials and endpoint.",
  "AuthFailure.TokenFailure":
    "The temporary credential token is wrong or expired; refresh trtc:securityToken.",
  "AuthFailure.UnauthorizedOperation":
    "The credentials lack the CAM permission for this TRTC action.",
  HTTPError:
    "The endpoint answered with an HTTP error; check trtc:endpoint (or TENCENTCLOUD_TRTC_ENDPOINT) and any proxy.",
  EndpointNotFound:
    "The endpoint's host name does not resolve; check trtc:endpoint (or TENCENTCLOUD_TRTC_ENDPOINT).",
  InvalidResponse:
    "The endpoint did not answer like a TencentCloud API; check trtc:endpoint (or TENCENTCLOUD_TRTC_ENDPOINT).",
  RequestLimitExceeded:
    "The API rate limit was still exceeded after retries; lower `--parallel` or set trtc:rateLimits below your quota.",
};

/** Advice for an error code, if we know any. */
export function adviceFor(code: string | undefined): string | undefined {
  if (!code) return undefined;
  if (ADVICE[code]) return ADVICE[code];
  const prefix = code.split(".")[0];
  if (prefix === "RequestLimitExceeded") return ADVICE.RequestLimitExceeded;
  if (prefix === "AuthFailure") {
    return "Tencent Cloud rejected the credentials; check trtc:secretId and trtc:secretKey (or TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY) and the key's CAM permissions.";
  }
  return undefined;
}

/** Replaces every occurrence of each secret in `text` with `[secret]`. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join("[secret]");
  }
  return out;
}

/**
 * A TRTC API call that failed: carries the action, Tencent's error code and message, and the
 * RequestId to quote to Tencent support. Transport failures have code `NetworkError`.
 */
export class TrtcApiError extends Error {
  override name = "TrtcApiError";
  /** The API action, e.g. `StartAIConversation`. */
  readonly action: string;
  /** Tencent's error code, e.g. `FailedOperation.TaskExist`, or `NetworkError` for transport failures. */
  readonly code: string;
  /** Tencent's message (secrets removed). */
  readonly apiMessage: string;
  /** RequestId of the failed call, when the API answered. */
  readonly requestId?: string;
  /** How many attempts were made before giving up. */
  readonly attempts: number;

  constructor(opts: {
    action: string;
    code: string;
    message: string;
    requestId?: string;
    attempts?: number;
  }) {
    const advice = adviceFor(opts.code);
    const rid = opts.requestId ? ` (RequestId ${opts.requestId})` : "";
    const tries = opts.attempts && opts.attempts > 1 ? ` after ${opts.attempts} attempts` : "";
    super(
      `${opts.action} failed${tries}: ${opts.code}: ${opts.message}${rid}${advice ? `. ${advice}` : ""}`,
    );
    this.action = opts.action;
    this.code = opts.code;
    this.apiMessage = opts.message;
    this.requestId = opts.requestId;
    this.attempts = opts.attempts ?? 1;
  }
}

/**
 * Codes by which Stop and Describe say the task is gone: it ended, it never existed, or its id
 * cannot be one (the StopAIConversation and DescribeAIConversation error lists; TaskFinished is
 * TRTC's "task has ended when calling the interface").
 */
export const TASK_GONE_CODES: readonly string[] = [
  "FailedOperation.TaskNotExist",
  "FailedOperation.TaskFinished",
  "InvalidParameter.TaskId",
];

/** True when a Stop or Describe failed because the task is gone. */
export function isTaskGone(err: unknown): boolean {
  return err instanceof TrtcApiError && TASK_GONE_CODES.includes(err.code);
}

/**
 * True for a transport failure or an API code that a later identical call may not see again.
 * `ResourceInsufficient.RequestRejection` ("insufficient resources", Start's error table) is
 * retried too: nothing was started, and capacity frees up.
 */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof TrtcApiError)) return false;
  if (err.code === "ResourceInsufficient.RequestRejection") return true;
  const prefix = err.code.split(".")[0];
  return [
    "NetworkError",
    "RequestLimitExceeded",
    "InternalError",
    "ServiceUnavailable",
    "ResourceUnavailable",
  ].includes(prefix);
}
