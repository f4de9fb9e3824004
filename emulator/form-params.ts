/**
 * Requests whose parameters travel as form or query text instead of a JSON body: the legacy
 * signature v1 (HmacSHA1 / HmacSHA256; form-encoded POST or GET) and TC3-HMAC-SHA256 GET.
 *
 * Sources: API 3.0 "Signature" (v1) - the string to sign is method + host + path + "?" + the
 * parameters sorted by name as `name=value` joined by `&`, with raw (not URL-encoded) values and
 * without `Signature`; the signature is base64(HMAC-SHA1 or HMAC-SHA256) (cloud.tencent.com
 * document 1271/71920, and tencentcloud-sdk-nodejs `AbstractClient.formatSignString`). "Signature
 * v3: the API supports GET and POST; GET only with Content-Type
 * application/x-www-form-urlencoded, and at most 32 KB" (cloud.tencent.com document 362/4208).
 * Nested fields are flattened as `AgentConfig.UserId`, list items as `IdList.0` (the SDKs'
 * `mergeData`); their text is typed back by the action's field specs, as the service does.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { ApiError, missingParameter } from "./errors";
import type { FieldSpec, StructSpec } from "./validation";

/** The common parameters of a v1 request (not part of the action's own fields). */
const V1_COMMON = new Set([
  "Action",
  "Version",
  "Region",
  "Timestamp",
  "Nonce",
  "SecretId",
  "Signature",
  "SignatureMethod",
  "Token",
  "RequestClient",
  "Language",
]);

/** Largest GET query (TC3 GET limit, 362/4208). */
export const MAX_GET_QUERY_BYTES = 32 * 1024;

/** Parses `a=1&b=2` into a map (last value of a repeated name wins). */
export function parseForm(text: string): Record<string, string> {
  const params: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) params[name] = value;
  return params;
}

function coerce(text: string, spec: FieldSpec | undefined): unknown {
  if (!spec) return text;
  if (spec.type === "integer" || spec.type === "number") {
    return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : text;
  }
  if (spec.type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  return text;
}

/**
 * Builds the JSON body an action's flattened parameters stand for, typing each value by the
 * field specs. Unknown names keep their text, so validation reports them as it would in JSON.
 *
 * @param flat - Parameter name -> text, e.g. `{"AgentConfig.UserId": "bot"}`.
 * @param spec - The action's fields.
 */
export function unflatten(
  flat: Readonly<Record<string, string>>,
  spec: StructSpec,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(flat)) {
    const parts = name.split(".");
    let target: Record<string, unknown> | unknown[] = body;
    let fields: StructSpec | undefined = spec;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const last = i === parts.length - 1;
      const field: FieldSpec | undefined = fields?.[part];
      if (Array.isArray(target)) {
        const index = Number(part);
        if (!Number.isInteger(index) || index < 0 || index > 1000) break;
        if (last) target[index] = text;
        break;
      }
      if (last) {
        target[part] = coerce(text, field);
        break;
      }
      const isList = field?.type === "string[]" || /^\d+$/.test(parts[i + 1]);
      const existing: unknown = target[part];
      const next: Record<string, unknown> | unknown[] =
        existing !== null && typeof existing === "object"
          ? (existing as Record<string, unknown> | unknown[])
          : isList
            ? []
            : {};
      target[part] = next;
      target = next;
      fields = field?.fields;
    }
  }
  return body;
}

/** What a verified v1 request carries besides its fields. */
export interface V1Request {
  /** The signer. */
  secretId: string;
  /** `Action`, `Version`, `Region`, `Token` (each possibly absent). */
  action?: string;
  version?: string;
  region?: string;
  token?: string;
  /** The action's own parameters (common ones removed). */
  fields: Record<string, string>;
}

/**
 * Verifies a legacy v1 signature.
 *
 * @param params - Every parameter of the request (query for GET, form body for POST).
 * @param method - `GET` or `POST`.
 * @param host - The Host header (tried with and without its port).
 * @param path - The URL path.
 * @param lookupSecret - SecretId -> SecretKey.
 * @param nowSeconds - Real time.
 * @throws ApiError MissingParameter, AuthFailure.SignatureExpire, AuthFailure.SecretIdNotFound,
 *   AuthFailure.SignatureFailure or InvalidParameterValue (SignatureMethod).
 */
export function verifyV1(
  params: Readonly<Record<string, string>>,
  method: string,
  host: string,
  path: string,
  lookupSecret: (secretId: string) => string | undefined,
  nowSeconds: number,
): V1Request {
  for (const name of ["SecretId", "Signature", "Timestamp", "Nonce"]) {
    if (!params[name]) throw missingParameter(name);
  }
  const methodName = params.SignatureMethod ?? "HmacSHA1";
  const algorithm = { HmacSHA1: "sha1", HmacSHA256: "sha256" }[methodName];
  if (!algorithm) {
    throw new ApiError(
      "InvalidParameterValue",
      `Invalid value for SignatureMethod: ${JSON.stringify(methodName)}. Allowed values are: HmacSHA1, HmacSHA256.`,
    );
  }
  if (!/^\d{1,12}$/.test(params.Timestamp)) {
    throw missingParameter(
      "Timestamp",
      "Send Timestamp as the current Unix time in whole seconds.",
    );
  }
  const drift = Math.abs(nowSeconds - Number(params.Timestamp));
  if (drift > 300) {
    throw new ApiError(
      "AuthFailure.SignatureExpire",
      `The signature expired: Timestamp ${params.Timestamp} differs from the server time ` +
        `${nowSeconds} by ${drift} s (at most 300 s allowed). Check the client's clock.`,
    );
  }
  const secretKey = lookupSecret(params.SecretId);
  if (secretKey === undefined) {
    throw new ApiError(
      "AuthFailure.SecretIdNotFound",
      `The SecretId \`${params.SecretId}\` does not exist. Use a SecretId this endpoint accepts.`,
    );
  }
  const query = Object.keys(params)
    .filter((name) => name !== "Signature")
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join("&");
  const expected = Buffer.from(params.Signature);
  for (const candidate of new Set([host, host.replace(/:\d+$/, "")])) {
    const signed = `${method}${candidate}${path}?${query}`;
    const actual = Buffer.from(
      createHmac(algorithm, secretKey).update(signed, "utf8").digest("base64"),
    );
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) {
      const fields: Record<string, string> = {};
      for (const [name, value] of Object.entries(params))
        if (!V1_COMMON.has(name)) fields[name] = value;
      return {
        secretId: params.SecretId,
        ...(params.Action === undefined ? {} : { action: params.Action }),
        ...(params.Version === undefined ? {} : { version: params.Version }),
        ...(params.Region === undefined ? {} : { region: params.Region }),
        ...(params.Token === undefined ? {} : { token: params.Token }),
        fields,
      };
    }
  }
  throw new ApiError(
    "AuthFailure.SignatureFailure",
    "The provided credentials could not be validated. Please check your signature is correct.",
  );
}
