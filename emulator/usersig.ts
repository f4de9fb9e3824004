/**
 * TLSSigAPIv2 UserSigs: the token a TRTC user (here: the AI bot) presents to enter a room.
 *
 * Encoding (reference §5): JSON document -> zlib deflate (with header) -> base64 -> `+`->`*`,
 * `/`->`-`, `=`->`_`. Libraries differ in key order and compression level, so verification
 * decodes and recomputes the HMAC; it never re-encodes and compares strings.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";

/** The fields of a decoded UserSig that verification looks at. */
export interface DecodedUserSig {
  /** `TLS.identifier`: the UserId the signature was issued for. */
  identifier: string;
  /** `TLS.sdkappid`: the TRTC application. */
  sdkAppId: number;
  /** `TLS.time`: issue time, Unix seconds. */
  time: number;
  /** `TLS.expire`: lifetime in seconds (a duration, not an instant). */
  expire: number;
  /** `TLS.userbuf`, base64, when a PrivateMapKey was embedded. */
  userbuf?: string;
  /** `TLS.sig`: base64 HMAC-SHA256 of the content string. */
  sig: string;
}

/** What a UserSig must match. */
export interface UserSigExpectation {
  /** The UserId the bot joins as (`AgentConfig.UserId`). */
  userId: string;
  /** The request's SdkAppId. */
  sdkAppId: number;
  /** The app's UserSig key (the "SDK secret key" in the TRTC console). */
  key: string;
  /** Real time, Unix seconds, to judge expiry against. */
  nowSeconds: number;
}

/** Inputs for {@link generateUserSig}. */
export interface UserSigParams {
  /** The TRTC application id. */
  sdkAppId: number;
  /** The app's UserSig key. */
  key: string;
  /** The UserId the signature is for. */
  userId: string;
  /**
   * Lifetime in seconds.
   * @default 86400
   */
  expireSeconds?: number;
  /**
   * Issue time, Unix seconds.
   * @default the current real time
   */
  nowSeconds?: number;
}

function contentToSign(doc: Omit<DecodedUserSig, "sig">): string {
  let content =
    `TLS.identifier:${doc.identifier}\n` +
    `TLS.sdkappid:${doc.sdkAppId}\n` +
    `TLS.time:${doc.time}\n` +
    `TLS.expire:${doc.expire}\n`;
  if (doc.userbuf !== undefined) content += `TLS.userbuf:${doc.userbuf}\n`;
  return content;
}

function hmacBase64(key: string, content: string): string {
  return createHmac("sha256", key).update(content, "utf8").digest("base64");
}

/**
 * Create a UserSig the way TLSSigAPIv2 for Node does (same bytes for the same inputs).
 *
 * @param params - App, key, user and lifetime.
 * @returns The URL-safe UserSig string.
 * @example
 * const sig = generateUserSig({ sdkAppId: 1400000000, key: "emulator-app-key", userId: "ai_bot" });
 */
export function generateUserSig(params: UserSigParams): string {
  const time = params.nowSeconds ?? Math.floor(Date.now() / 1000);
  const expire = params.expireSeconds ?? 86400;
  const doc = { identifier: params.userId, sdkAppId: params.sdkAppId, time, expire };
  const json = JSON.stringify({
    "TLS.ver": "2.0",
    "TLS.identifier": doc.identifier,
    "TLS.sdkappid": doc.sdkAppId,
    "TLS.time": doc.time,
    "TLS.expire": doc.expire,
    "TLS.sig": hmacBase64(params.key, contentToSign(doc)),
  });
  return deflateSync(Buffer.from(json, "utf8"))
    .toString("base64")
    .replace(/\+/g, "*")
    .replace(/\//g, "-")
    .replace(/=/g, "_");
}

/**
 * The longest UserSig text {@link decodeUserSig} accepts, in characters. A real one is about
 * 200-400 characters (more with an embedded PrivateMapKey); the bound keeps a crafted one from
 * costing more than a few kilobytes of work before it is rejected.
 */
export const MAX_USERSIG_LENGTH = 16 * 1024;

/**
 * The most bytes a UserSig may inflate to. A real one inflates to about 200 bytes; the cap stops a
 * zlib bomb (a few kilobytes that inflate to gigabytes) after 64 KiB instead of allocating it all.
 */
export const MAX_INFLATED_USERSIG_BYTES = 64 * 1024;

/** Integers as TLSSigAPIv2 writes them: JSON numbers or digit strings, within the safe range. */
function asInteger(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isSafeInteger(n) ? n : undefined;
}

/** The latest and earliest instant a JavaScript `Date` can hold, in milliseconds. */
const DATE_LIMIT_MS = 8.64e15;

/** An instant in Unix seconds as ISO 8601 text, or as plain seconds when `Date` cannot hold it. */
function describeInstant(seconds: number): string {
  const ms = seconds * 1000;
  return Number.isFinite(ms) && Math.abs(ms) <= DATE_LIMIT_MS
    ? new Date(ms).toISOString()
    : `Unix time ${seconds} s (outside the range of dates)`;
}

/**
 * Decode a UserSig without checking it.
 *
 * @param userSig - The URL-safe UserSig string.
 * @returns The decoded fields.
 * @throws Error naming the step that failed (length, base64, zlib, size once inflated, JSON, or a
 *   missing or malformed field). Never allocates more than {@link MAX_INFLATED_USERSIG_BYTES} for
 *   the inflated text.
 */
export function decodeUserSig(userSig: string): DecodedUserSig {
  if (userSig.length > MAX_USERSIG_LENGTH) {
    throw new Error(
      `it is ${userSig.length} characters long, more than the ${MAX_USERSIG_LENGTH} a UserSig can be`,
    );
  }
  const base64 = userSig.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "=");
  if (!/^[A-Za-z0-9+/]+=*$/.test(base64)) throw new Error("it is not TLSSigAPIv2 base64 text");
  let text: string;
  try {
    text = inflateSync(Buffer.from(base64, "base64"), {
      maxOutputLength: MAX_INFLATED_USERSIG_BYTES,
    }).toString("utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new Error(
        `it inflates to more than ${MAX_INFLATED_USERSIG_BYTES} bytes (a UserSig inflates to about 200)`,
      );
    }
    throw new Error("it does not inflate as zlib data");
  }
  let doc: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error();
    doc = parsed as Record<string, unknown>;
  } catch {
    throw new Error("its content is not a JSON object");
  }
  const identifier = doc["TLS.identifier"];
  const sdkAppId = asInteger(doc["TLS.sdkappid"]);
  const time = asInteger(doc["TLS.time"]);
  const expire = asInteger(doc["TLS.expire"]);
  const sig = doc["TLS.sig"];
  const userbuf = doc["TLS.userbuf"];
  if (typeof identifier !== "string") throw new Error("TLS.identifier is missing or not a string");
  if (sdkAppId === undefined) throw new Error("TLS.sdkappid is missing or not an integer");
  if (time === undefined) throw new Error("TLS.time is missing or not an integer");
  if (expire === undefined) throw new Error("TLS.expire is missing or not an integer");
  if (typeof sig !== "string") throw new Error("TLS.sig is missing or not a string");
  if (userbuf !== undefined && typeof userbuf !== "string") {
    throw new Error("TLS.userbuf is not a string");
  }
  return { identifier, sdkAppId, time, expire, sig, ...(userbuf === undefined ? {} : { userbuf }) };
}

/**
 * Check a UserSig the way TRTC does: decode, recompute the HMAC with the app's key, and only
 * when it matches trust the other fields: compare identifier and app, then check expiry against
 * real time (`now > time + expire` means expired). Checking the signature first means a UserSig
 * made without the key is rejected for that, whatever numbers it carries.
 *
 * @param userSig - The URL-safe UserSig string.
 * @param expected - The UserId, app, key and current time.
 * @returns `undefined` when valid, otherwise the reason in a few words (never the key). Never
 *   throws, whatever the UserSig holds.
 */
export function verifyUserSig(userSig: string, expected: UserSigExpectation): string | undefined {
  let doc: DecodedUserSig;
  try {
    doc = decodeUserSig(userSig);
  } catch (e) {
    return `it cannot be decoded: ${(e as Error).message}`;
  }
  const actual = Buffer.from(hmacBase64(expected.key, contentToSign(doc)), "utf8");
  const given = Buffer.from(doc.sig, "utf8");
  if (actual.length !== given.length || !timingSafeEqual(actual, given)) {
    return "its signature does not match the app's UserSig key";
  }
  if (doc.identifier !== expected.userId) {
    return `it was issued for UserId \`${doc.identifier}\`, not \`${expected.userId}\``;
  }
  if (doc.sdkAppId !== expected.sdkAppId) {
    return `it was issued for SdkAppId ${doc.sdkAppId}, not ${expected.sdkAppId}`;
  }
  const expiresAt = doc.time + doc.expire;
  if (!(expected.nowSeconds <= expiresAt)) return `it expired at ${describeInstant(expiresAt)}`;
  return undefined;
}
