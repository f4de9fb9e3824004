/** The one error type for failed TRTC API calls, and the secret scrubbing every message goes through. */

/** What to do about error codes we know; appended to the message. */
const ADVICE: Record<string, string> = {
  "FailedOperation.NotAbility":
    "Enable the AI conversation ability for this SdkAppId in the TRTC console (or check sdkAppId).",
  "FailedOperation.NotAllowed":
    "Tencent Cloud does not allow this account or app to run AI conversations: check that sdkAppId belongs to the account of trtc:secretId and that the AI conversation feature is enabled (and approved, where Tencent requires it) for it in the TRTC console; if both are so, submit a ticket to Tencent Cloud support quoting the RequestId.",
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

/** Secrets shorter than this are left alone: scrubbing them would mangle ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** A run of this many characters of a secret (or of one of its forms) counts as an echo of it. */
const WINDOW = 12;

/**
 * Scrubs every echo of each secret from `text`: each maximal run of characters that is, or is
 * part of, an echo becomes one `[secret]` (overlapping and touching echoes merge into one).
 *
 * What counts as an echo of a secret `s` (secrets shorter than 4 characters are ignored):
 * - `s` itself, its `encodeURIComponent` form, that form with `+` for a space (`%20`), and its
 *   JSON-escaped form (`JSON.stringify(s).slice(1, -1)`); all matched without regard to case,
 *   so upper- and lower-cased echoes go too;
 * - any run of 12 or more consecutive characters of one of those forms (a truncated prefix,
 *   a middle or a suffix), also without regard to case;
 * - when `s` is JSON text of an object or array (such as `sttConfig.customParam`): its
 *   re-serialized form `JSON.stringify(JSON.parse(s))` and every string value inside it at any
 *   depth that has at least 4 characters, each with all the forms above.
 *
 * It errs on the side of scrubbing: 12 characters in a row of a JSON secret's keys and
 * punctuation count as an echo too, and a short inner value (say `"auto"`) is scrubbed wherever
 * it appears, even inside a longer word.
 *
 * The forms are computed per call and dropped when it returns: nothing keeps secrets around.
 * Cost: the 12-character runs of every form go into one set, and the text is scanned once
 * against it, so the work grows with the text's length plus the secrets' total length.
 *
 * @param text - The message to scrub.
 * @param secrets - The secret values; `undefined`, empty and short ones are skipped.
 * @returns `text` with each echo replaced by `[secret]`.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s && s.length >= MIN_SECRET_LENGTH) addSecretForms(s, forms);
  }
  if (forms.size === 0) return text;
  const folded = foldCase(text);
  const spans: Array<[number, number]> = [];
  const windows = new Set<string>();
  for (const form of forms) {
    if (form.length < WINDOW) {
      for (let at = folded.indexOf(form); at !== -1; at = folded.indexOf(form, at + 1)) {
        spans.push([at, at + form.length]);
      }
    } else {
      for (let i = 0; i + WINDOW <= form.length; i++) windows.add(form.slice(i, i + WINDOW));
    }
  }
  // Every window of the text that is a window of a form is covered; overlapping windows join,
  // which extends each hit to the longest run made of secret text.
  for (let i = 0; i + WINDOW <= folded.length; i++) {
    if (windows.has(folded.slice(i, i + WINDOW))) spans.push([i, i + WINDOW]);
  }
  return replaceSpans(text, spans);
}

/** Adds the case-folded forms of secret `s` (see {@link redact}) to `forms`. */
function addSecretForms(s: string, forms: Set<string>): void {
  const bases = [s];
  const parsed = parseJsonContainer(s);
  if (parsed !== undefined) {
    bases.push(JSON.stringify(parsed));
    for (const leaf of stringLeaves(parsed)) {
      if (leaf.length >= MIN_SECRET_LENGTH) bases.push(leaf);
    }
  }
  for (const base of bases) {
    // Case changes that alter the length (e.g. "ß" -> "SS") do not fold back; keep both.
    for (const cased of [base, base.toUpperCase(), base.toLowerCase()]) {
      forms.add(foldCase(cased));
      forms.add(foldCase(JSON.stringify(cased).slice(1, -1)));
      const encoded = uriEncoded(cased);
      if (encoded !== undefined) {
        forms.add(foldCase(encoded));
        forms.add(foldCase(encoded.replace(/%20/g, "+")));
      }
    }
  }
}

/** `encodeURIComponent(s)`, or undefined for text it refuses (a lone surrogate). */
function uriEncoded(s: string): string | undefined {
  try {
    return encodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The parsed value when `s` is JSON text of an object or array; otherwise undefined. */
function parseJsonContainer(s: string): object | undefined {
  const first = s.trimStart()[0];
  if (first !== "{" && first !== "[") return undefined;
  try {
    const parsed: unknown = JSON.parse(s);
    return parsed !== null && typeof parsed === "object" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Every string value inside `root`, at any depth (walked without recursion). */
function stringLeaves(root: object): string[] {
  const leaves: string[] = [];
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") leaves.push(value);
    else if (value !== null && typeof value === "object") pending.push(...Object.values(value));
  }
  return leaves;
}

/**
 * Lower-cases `s` one UTF-16 unit at a time, keeping a unit whose lower case is longer (e.g.
 * "İ"), so that indexes into the result are indexes into `s`.
 */
function foldCase(s: string): string {
  const lower = s.toLowerCase();
  if (lower.length === s.length) return lower;
  let out = "";
  for (const unit of s.split("")) {
    const l = unit.toLowerCase();
    out += l.length === 1 ? l : unit;
  }
  return out;
}

/** Replaces each union of overlapping or touching `[start, end)` spans of `text` by `[secret]`. */
function replaceSpans(text: string, spans: Array<[number, number]>): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = "";
  let copied = 0;
  let [start, end] = spans[0];
  const flush = () => {
    // Never split a surrogate pair: half of one would be left behind as a broken character.
    if (start > 0 && isLowSurrogate(text, start) && isHighSurrogate(text, start - 1)) start -= 1;
    if (end < text.length && isLowSurrogate(text, end) && isHighSurrogate(text, end - 1)) end += 1;
    out += `${text.slice(copied, Math.max(start, copied))}[secret]`;
    copied = end;
  };
  for (const [s, e] of spans.slice(1)) {
    if (s <= end) end = Math.max(end, e);
    else {
      flush();
      [start, end] = [s, e];
    }
  }
  flush();
  return out + text.slice(copied);
}

function isHighSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
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
