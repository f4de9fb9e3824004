/**
 * UserSig generation (TLSSigAPIv2), the credential a bot needs to enter a TRTC room.
 *
 * Written here rather than taken from npm: the only package (`tls-sig-api-v2`, last release 2022)
 * has no types and uses deprecated Buffer APIs, and the algorithm is a dozen lines of HMAC + zlib.
 */
import { createHmac } from "node:crypto";
import { deflateSync } from "node:zlib";

/** The lifetime of a UserSig the provider makes when none is given: 180 days, as the TRTC console. */
export const USER_SIG_DEFAULT_EXPIRE_SECONDS = 180 * 86400;

/** Parameters of {@link generateUserSig}. */
export interface GenerateUserSigParams {
  /** The TRTC application's SdkAppId. */
  sdkAppId: number;
  /** The UserId the signature is for (the bot's `agentConfig.userId`). */
  userId: string;
  /** The application's SDK secret key (TRTC console → Application → Server-side key). Keep it secret. */
  secretKey: string;
  /**
   * How long the UserSig stays valid, in seconds. The default is the TRTC console's ("签名有效期默认为
   * 180天", trtc.io/zh 39074): a bot can run for longer than a day, and no page says that it never
   * presents its UserSig again (e.g. when it rejoins the room after a network blip).
   * @default 15552000 (180 days)
   */
  expireSeconds?: number;
  /** Issue time in Unix seconds; for tests. @default now */
  issuedAt?: number;
}

/**
 * Makes a UserSig for `userId` with the app's SDK secret key (TLSSigAPIv2: HMAC-SHA256 over the
 * identity, zlib, then base64 with TRTC's URL-safe substitutions).
 *
 * @example
 * const sig = generateUserSig({ sdkAppId: 1400000000, userId: "support_bot", secretKey });
 */
export function generateUserSig(params: GenerateUserSigParams): string {
  const time = params.issuedAt ?? Math.floor(Date.now() / 1000);
  const expire = params.expireSeconds ?? USER_SIG_DEFAULT_EXPIRE_SECONDS;
  const content =
    `TLS.identifier:${params.userId}\n` +
    `TLS.sdkappid:${params.sdkAppId}\n` +
    `TLS.time:${time}\n` +
    `TLS.expire:${expire}\n`;
  const sig = createHmac("sha256", params.secretKey).update(content).digest("base64");
  const doc = {
    "TLS.ver": "2.0",
    "TLS.identifier": params.userId,
    "TLS.sdkappid": params.sdkAppId,
    "TLS.time": time,
    "TLS.expire": expire,
    "TLS.sig": sig,
  };
  return deflateSync(Buffer.from(JSON.stringify(doc)))
    .toString("base64")
    .replace(/\+/g, "*")
    .replace(/\//g, "-")
    .replace(/=/g, "_");
}
