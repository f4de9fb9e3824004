/**
 * TC3-HMAC-SHA256 verification, written from Tencent's documented algorithm rather than from
 * the SDK's signer, so that a signing bug in a client shows up here instead of being mirrored.
 *
 * Deliberate choices (reference §1.1 and §1.3):
 * - the scope's date and service are read from `Credential=`; the Node SDK puts the endpoint's
 *   first DNS label there (`127` for `127.0.0.1:8787`), the Go SDK the product name;
 * - whatever `SignedHeaders` lists is honoured, with values trimmed and lower-cased as the doc
 *   says; `content-type` and `host` must be among them (the doc makes both mandatory);
 * - the host is tried without and with its port: Node signs `URL.hostname`, Go the Host as sent;
 * - the timestamp window is ±300 s against real time.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { ApiError, missingParameter } from "./errors";

/** Header map as Node's `IncomingMessage.headers` provides it (names lower-cased). */
export type HeaderMap = Readonly<Record<string, string | string[] | undefined>>;

/** Everything the verifier needs from one HTTP request. */
export interface Tc3Request {
  /** HTTP method, upper case (`POST`). */
  method: string;
  /** URL path, e.g. `/`. */
  path: string;
  /** Query string without the leading `?` (empty for the SDKs). */
  query: string;
  /** Request headers with lower-cased names. */
  headers: HeaderMap;
  /** The exact body bytes, which were hashed by the client. */
  rawBody: Buffer;
}

/** Verification settings: where secrets come from and what "now" is. */
export interface Tc3Context {
  /** Returns the SecretKey for a SecretId, or `undefined` when the SecretId is unknown. */
  lookupSecret(secretId: string): string | undefined;
  /** Real time in whole seconds since the epoch. */
  nowSeconds: number;
  /**
   * Largest accepted |now - X-TC-Timestamp|, in seconds.
   * @default 300
   */
  skewSeconds?: number;
}

/** A request whose signature checked out. */
export interface Tc3Success {
  /** The SecretId that signed the request (used to key rate limits). */
  secretId: string;
  /** The scope's service label, e.g. `trtc` or `127`. */
  service: string;
}

const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

const EXPECTED_FORMAT =
  "Expected `TC3-HMAC-SHA256 Credential=<SecretId>/<YYYY-MM-DD>/<service>/tc3_request, " +
  "SignedHeaders=content-type;host, Signature=<64 lower-case hex digits>`.";

/** SHA-256 of `data` as lower-case hex. */
export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** A header's single value; repeated headers are joined the way Node joins them. */
function headerValue(headers: HeaderMap, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? "");
}

/**
 * The canonical request for a given host value, exactly as the doc defines it.
 *
 * @param request - The HTTP request.
 * @param signedHeaders - The `SignedHeaders` list, e.g. `content-type;host`.
 * @param host - The host value to put on the `host:` line.
 */
export function canonicalRequest(request: Tc3Request, signedHeaders: string, host: string): string {
  const lines = signedHeaders
    .split(";")
    .map((name) => {
      const value = name === "host" ? host : headerValue(request.headers, name);
      return `${name}:${value.trim().toLowerCase()}\n`;
    })
    .join("");
  return [
    request.method,
    request.path,
    request.query,
    lines,
    signedHeaders,
    sha256Hex(request.rawBody),
  ].join("\n");
}

/**
 * The hex signature a client holding `secretKey` must have sent.
 *
 * @param secretKey - The SecretKey.
 * @param date - The scope date `YYYY-MM-DD`.
 * @param service - The scope service label.
 * @param timestamp - The X-TC-Timestamp value.
 * @param canonical - The canonical request text.
 */
export function tc3Signature(
  secretKey: string,
  date: string,
  service: string,
  timestamp: number,
  canonical: string,
): string {
  const stringToSign = [
    "TC3-HMAC-SHA256",
    String(timestamp),
    `${date}/${service}/tc3_request`,
    sha256Hex(canonical),
  ].join("\n");
  const kSigning = hmac(hmac(hmac(`TC3${secretKey}`, date), service), "tc3_request");
  return createHmac("sha256", kSigning).update(stringToSign, "utf8").digest("hex");
}

/**
 * Verify a TC3-HMAC-SHA256 request, checking in Tencent's order: Authorization format,
 * timestamp, SecretId, signature.
 *
 * @param request - The HTTP request as received.
 * @param context - Secret lookup and real "now".
 * @returns The signer's SecretId and scope service.
 * @throws ApiError with `AuthFailure.InvalidAuthorization`, `MissingParameter` (Timestamp),
 *   `AuthFailure.SignatureExpire`, `AuthFailure.SecretIdNotFound` or
 *   `AuthFailure.SignatureFailure`.
 */
export function verifyTc3(request: Tc3Request, context: Tc3Context): Tc3Success {
  const match = AUTHORIZATION.exec(headerValue(request.headers, "authorization"));
  if (!match) {
    throw new ApiError(
      "AuthFailure.InvalidAuthorization",
      `The Authorization header is missing or malformed. ${EXPECTED_FORMAT}`,
    );
  }
  const [, secretId, date, service, signedHeaders, signature] = match;
  const names = signedHeaders.split(";");
  if (!names.includes("content-type") || !names.includes("host")) {
    throw new ApiError(
      "AuthFailure.InvalidAuthorization",
      `SignedHeaders \`${signedHeaders}\` must include content-type and host. ${EXPECTED_FORMAT}`,
    );
  }

  const rawTimestamp = headerValue(request.headers, "x-tc-timestamp").trim();
  if (!/^\d{1,12}$/.test(rawTimestamp)) {
    throw missingParameter(
      "Timestamp",
      "Send X-TC-Timestamp as the current Unix time in whole seconds.",
    );
  }
  const timestamp = Number(rawTimestamp);
  const skew = context.skewSeconds ?? 300;
  const drift = Math.abs(context.nowSeconds - timestamp);
  if (drift > skew) {
    throw new ApiError(
      "AuthFailure.SignatureExpire",
      `The signature expired: X-TC-Timestamp ${timestamp} differs from the server time ` +
        `${context.nowSeconds} by ${drift} s (at most ${skew} s allowed). Check the client's clock.`,
    );
  }

  const secretKey = context.lookupSecret(secretId);
  if (secretKey === undefined) {
    throw new ApiError(
      "AuthFailure.SecretIdNotFound",
      `The SecretId \`${secretId}\` does not exist. Use a SecretId this endpoint accepts.`,
    );
  }

  const signatureFailure = new ApiError(
    "AuthFailure.SignatureFailure",
    "The provided credentials could not be validated. Please check your signature is correct.",
  );
  if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) throw signatureFailure;

  const host = headerValue(request.headers, "host");
  const expected = Buffer.from(signature, "utf8");
  for (const candidate of new Set([host.replace(/:\d+$/, ""), host])) {
    const canonical = canonicalRequest(request, signedHeaders, candidate);
    const actual = Buffer.from(tc3Signature(secretKey, date, service, timestamp, canonical));
    if (timingSafeEqual(actual, expected)) return { secretId, service };
  }
  throw signatureFailure;
}
