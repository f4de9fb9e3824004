/**
 * The API 3.0 request pipeline, gate by gate in the order the real gateway applies them
 * (reference §7; the order itself is not documented, so it is assumed):
 *
 * 1. protocol - three wire forms, as the signature pages describe them: TC3-HMAC-SHA256 POST
 *    with a JSON body (at most 10 MB); TC3-HMAC-SHA256 GET with the parameters in the query
 *    (Content-Type application/x-www-form-urlencoded, at most 32 KB, 362/4208); and the legacy
 *    signature v1 (HmacSHA1 or HmacSHA256) with the parameters in the query (GET) or a
 *    form-encoded body (POST) (1271/71920). Another method -> `UnsupportedProtocol`; another
 *    content type -> `InvalidParameter`; too large -> `RequestSizeLimitExceeded`.
 * 2. authentication (auth.ts for TC3, form-params.ts for v1), then the token (keys.ts).
 * 3. `Action` (`InvalidAction`), `Version` (`NoSuchVersion`), `Region` (`MissingParameter` /
 *    `UnsupportedRegion` outside the action's regions on the site, sites.ts).
 * 4. CAM denials, rate limit per account (`RequestLimitExceeded`), body (`InvalidParameter`),
 *    faults.
 * 5. parameters and business rules (actions.ts).
 *
 * Everything is answered as HTTP 200 with the `Response` envelope; only `drop` and
 * `commit-then-lose` faults end without an answer.
 */
import { type ActionContext, type ActionRules, runAction } from "./actions";
import { verifyTc3, type HeaderMap } from "./auth";
import { MAX_GET_QUERY_BYTES, parseForm, unflatten, verifyV1 } from "./form-params";
import type { EmulatorClock } from "./clock";
import { API_VERSION, ACTIONS, type Action, isAction } from "./constants";
import { ApiError, defaultMessage, missingParameter } from "./errors";
import type { FaultInjector } from "./faults";
import { newRequestId } from "./ids";
import type { KeyRing } from "./keys";
import type { RateLimiter } from "./rate-limit";
import { ACTION_SPECS } from "./validation";
import { SITE_REGIONS, type Site } from "./sites";

/** Largest accepted body (TC3 POST limit). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** One HTTP request aimed at the API. */
export interface ApiRequest {
  /** HTTP method. */
  method: string;
  /** URL path. */
  path: string;
  /** Query string without `?`. */
  query: string;
  /** Headers, names lower-cased. */
  headers: HeaderMap;
  /** Body bytes (empty when `tooLarge`). */
  rawBody: Buffer;
  /** Whether the body exceeded {@link MAX_BODY_BYTES}. */
  tooLarge: boolean;
}

/** Everything the pipeline consults. */
export interface ApiDeps extends Omit<
  ActionContext,
  "realNowSeconds" | "region" | "account" | "deniedSdkAppIds"
> {
  /** The accepted keys, their accounts and denials. */
  keys: KeyRing;
  /** The site this emulator plays: which regions each action accepts. */
  site: Site;
  /** Site-wide behaviour of the actions. */
  rules: ActionRules;
  /** Emulator and real time. */
  clock: EmulatorClock;
  /** Per-action caps. */
  limiter: RateLimiter;
  /** Injected faults. */
  faults: FaultInjector;
  /** Called with unexpected exceptions (bugs), which are answered as InternalError. */
  onInternalError(error: unknown): void;
}

/** What the request log records of every call besides its outcome. */
export interface CallFacts {
  /** The action named (`X-TC-Action` or v1 `Action`), or `null`. */
  action: string | null;
  /** The region named (`X-TC-Region` or v1 `Region`), or `null`. */
  region: string | null;
  /** Whether a token was sent (`X-TC-Token` or v1 `Token`); never the token itself. */
  tokenSent: boolean;
}

/** What the HTTP layer must do with a request. */
export type ApiOutcome = CallFacts &
  (
    | {
        /** Send `envelope` as JSON with status 200. */
        kind: "reply";
        /** The `X-TC-Action` header, for the log (`null` when absent). */
        action: string | null;
        /** The RequestId inside `envelope`. */
        requestId: string;
        /** Code for the log: `null` on success, the error code, or `LOST` (commit-then-lose). */
        code: string | null;
        /** The `{"Response": ...}` body. */
        envelope: { Response: Record<string, unknown> };
      }
    | {
        /** Destroy the socket without answering. */
        kind: "destroy";
        /** The `X-TC-Action` header, for the log. */
        action: string | null;
        /** A RequestId minted for the log only. */
        requestId: string;
        /** Why nothing is answered. */
        code: "DROPPED" | "LOST";
      }
  );

const SUPPORTED =
  "This endpoint supports TencentCloud API 3.0 requests: POST with Content-Type " +
  "application/json or GET, signed with TC3-HMAC-SHA256, or the legacy HmacSHA1/HmacSHA256 " +
  "signature with form-encoded parameters";

function header(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** How a request is signed and where its parameters are. */
type Wire =
  | { kind: "tc3-json" }
  | { kind: "tc3-get"; params: Record<string, string> }
  | { kind: "v1"; params: Record<string, string> };

/**
 * Which of the three wire forms the request uses (see the header comment), checking method,
 * content type and size. TC3 POST takes a JSON body; TC3 GET and the legacy v1 signatures take
 * their parameters as query or form text (form-params.ts).
 */
function checkProtocol(request: ApiRequest): Wire {
  if (request.method !== "POST" && request.method !== "GET") {
    throw new ApiError("UnsupportedProtocol", `${SUPPORTED}; got ${request.method}.`);
  }
  const mediaType = (header(request.headers, "content-type") ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();
  const tc3 = (header(request.headers, "authorization") ?? "").startsWith("TC3-HMAC-SHA256");
  if (request.method === "GET") {
    if (Buffer.byteLength(request.query) > MAX_GET_QUERY_BYTES) {
      throw new ApiError(
        "RequestSizeLimitExceeded",
        `The query string exceeds the ${MAX_GET_QUERY_BYTES} byte (32 KB) limit of GET requests. Use POST.`,
      );
    }
    if (!tc3) return { kind: "v1", params: parseForm(request.query) };
    if (mediaType !== "application/x-www-form-urlencoded") {
      throw new ApiError(
        "InvalidParameter",
        `${SUPPORTED}; a TC3-HMAC-SHA256 GET request needs Content-Type application/x-www-form-urlencoded, got \`${mediaType || "(none)"}\`.`,
      );
    }
    return { kind: "tc3-get", params: parseForm(request.query) };
  }
  if (request.tooLarge) {
    throw new ApiError(
      "RequestSizeLimitExceeded",
      `The request body exceeds the ${MAX_BODY_BYTES} byte (10 MB) limit of POST requests.`,
    );
  }
  if (mediaType === "application/x-www-form-urlencoded" && !tc3) {
    return { kind: "v1", params: parseForm(request.rawBody.toString("utf8")) };
  }
  if (mediaType !== "application/json") {
    throw new ApiError(
      "InvalidParameter",
      `${SUPPORTED}; got Content-Type \`${mediaType || "(none)"}\`.`,
    );
  }
  return { kind: "tc3-json" };
}

/** Who signed, what they target, and the action's parameters as JSON. */
interface Authenticated {
  secretId: string;
  token: string | undefined;
  action: string | undefined;
  version: string | undefined;
  region: string | undefined;
  /** The body for TC3 POST is parsed after the rate limit; the others are ready here. */
  params?: Record<string, string>;
}

function authenticate(request: ApiRequest, wire: Wire, deps: ApiDeps): Authenticated {
  const lookupSecret = (id: string) => deps.keys.get(id)?.secretKey;
  const nowSeconds = Math.floor(deps.clock.realNowMs() / 1000);
  if (wire.kind === "v1") {
    const v1 = verifyV1(
      wire.params,
      request.method,
      header(request.headers, "host") ?? "",
      request.path,
      lookupSecret,
      nowSeconds,
    );
    return {
      secretId: v1.secretId,
      token: v1.token,
      action: v1.action,
      version: v1.version,
      region: v1.region,
      params: v1.fields,
    };
  }
  const { secretId } = verifyTc3(request, { lookupSecret, nowSeconds });
  return {
    secretId,
    token: header(request.headers, "x-tc-token"),
    action: header(request.headers, "x-tc-action"),
    version: header(request.headers, "x-tc-version"),
    region: header(request.headers, "x-tc-region"),
    ...(wire.kind === "tc3-get" ? { params: wire.params } : {}),
  };
}

function checkTarget(
  target: Pick<Authenticated, "action" | "version" | "region">,
  site: Site,
): { action: Action; region: string } {
  const { action, version, region } = target;
  if (!action) throw missingParameter("Action", "Send it in the X-TC-Action header.");
  if (!isAction(action)) {
    throw new ApiError(
      "InvalidAction",
      `The action \`${action}\` does not exist (this emulator implements ${ACTIONS.join(", ")}).`,
    );
  }
  if (!version) throw missingParameter("Version", `Send X-TC-Version: ${API_VERSION}.`);
  if (version !== API_VERSION) {
    throw new ApiError(
      "NoSuchVersion",
      `The API version \`${version}\` does not exist for ${action}. Use ${API_VERSION}.`,
    );
  }
  if (!region) throw missingParameter("Region");
  // Each action's page lists its regions, and the sites list different ones (sites.ts).
  const regions = SITE_REGIONS[site][action];
  if (!regions.includes(region)) {
    throw new ApiError(
      "UnsupportedRegion",
      `${action} does not support the region \`${region}\` on the ${site === "intl" ? "international" : "China"} ` +
        `site. Supported regions: ${regions.join(", ")}.`,
    );
  }
  return { action, region };
}

/**
 * A temporary key must send its token; a permanent key must send none (keys.ts says why).
 *
 * @throws ApiError `AuthFailure.TokenFailure`.
 */
function checkToken(keys: KeyRing, secretId: string, sent: string | undefined): void {
  const expected = keys.get(secretId)?.token;
  if (expected !== undefined && sent !== expected) {
    throw new ApiError(
      "AuthFailure.TokenFailure",
      `The X-TC-Token is ${sent ? "wrong" : "missing"}: the temporary key ${secretId} must send ` +
        `the token issued with it. Fetch fresh temporary credentials.`,
    );
  }
  if (expected === undefined && sent) {
    throw new ApiError(
      "AuthFailure.TokenFailure",
      `An X-TC-Token was sent with the permanent key ${secretId}, which takes none. Unset the ` +
        `token (e.g. TENCENTCLOUD_SECURITY_TOKEN), or use the temporary key it belongs to.`,
    );
  }
}

function parseBody(rawBody: Buffer): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString("utf8"));
  } catch (e) {
    throw new ApiError(
      "InvalidParameter",
      `The request body is not valid JSON (${(e as Error).message}). Send a JSON object.`,
    );
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError("InvalidParameter", "The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

/**
 * Says the error was injected, so nobody chases a phantom bug in their client; carries the
 * fault's own text when it has one.
 */
function injectedMessage(code: string, text?: string): string {
  return `${text === undefined ? defaultMessage(code) : text} (Injected by an emulator fault.)`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Handle one API request end to end.
 *
 * @param request - The HTTP request.
 * @param deps - Credentials, clock, limiter, faults, store and apps.
 * @returns What to send (or that the connection is to be destroyed); never throws.
 */
export async function handleApiRequest(request: ApiRequest, deps: ApiDeps): Promise<ApiOutcome> {
  const requestId = newRequestId();
  // What the log shows; a v1 request names them in its parameters.
  const facts: CallFacts = {
    action: header(request.headers, "x-tc-action") || null,
    region: header(request.headers, "x-tc-region") || null,
    tokenSent: Boolean(header(request.headers, "x-tc-token")),
  };
  const reply = (code: string | null, response: Record<string, unknown>): ApiOutcome => ({
    kind: "reply",
    ...facts,
    requestId,
    code,
    envelope: { Response: { ...response, RequestId: requestId } },
  });
  const fail = (error: ApiError): ApiOutcome =>
    reply(error.code, { Error: { Code: error.code, Message: error.message } });

  try {
    const wire = checkProtocol(request);
    const signed = authenticate(request, wire, deps);
    facts.action = signed.action || facts.action;
    facts.region = signed.region || facts.region;
    facts.tokenSent = Boolean(signed.token);
    const { secretId } = signed;
    checkToken(deps.keys, secretId, signed.token);
    const { action: target, region } = checkTarget(signed, deps.site);
    const denials = deps.keys.denialsOf(secretId);
    if (denials.actions.has(target)) {
      throw new ApiError(
        "AuthFailure.UnauthorizedOperation",
        `The key ${secretId} is not authorized to call trtc:${target}. Grant it the action in a ` +
          `CAM policy, or use another key.`,
      );
    }
    const account = deps.keys.accountOf(secretId);
    if (!deps.limiter.tryAcquire(account, target)) {
      throw new ApiError(
        "RequestLimitExceeded",
        `Your requests are too frequent: ${target} allows ${deps.limiter.rateFor(target)} ` +
          `requests per second per account (every key of the account counts). Retry with backoff.`,
      );
    }
    const body = signed.params
      ? unflatten(signed.params, ACTION_SPECS[target])
      : parseBody(request.rawBody);

    const decision = deps.faults.decide(target);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.fault?.mode === "drop") {
      return { kind: "destroy", ...facts, requestId, code: "DROPPED" };
    }
    if (decision.fault?.mode === "error") {
      const code = decision.fault.code ?? "InternalError";
      throw new ApiError(code, injectedMessage(code, decision.fault.message));
    }
    const lose = decision.fault?.mode === "commit-then-lose" ? decision.fault : undefined;

    // If the operation itself fails, its error is answered normally: nothing was committed.
    const result = runAction(target, body, {
      store: deps.store,
      apps: deps.apps,
      realNowSeconds: Math.floor(deps.clock.realNowMs() / 1000),
      region,
      account,
      rules: deps.rules,
      deniedSdkAppIds: denials.sdkAppIds,
    });
    if (lose?.code !== undefined) {
      return {
        ...fail(new ApiError(lose.code, injectedMessage(lose.code, lose.message))),
        code: "LOST",
      };
    }
    if (lose) return { kind: "destroy", ...facts, requestId, code: "LOST" };
    return reply(null, result);
  } catch (error) {
    if (error instanceof ApiError) return fail(error);
    deps.onInternalError(error);
    return fail(new ApiError("InternalError", "An internal error occurred. Please retry later."));
  }
}
