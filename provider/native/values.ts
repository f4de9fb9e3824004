/**
 * Property values between the engine's wire form and the plain objects the core works on.
 *
 * The engine sends a secret as a signature object (`{"4dabf1…": "1b4706…", value}`) wherever
 * it sits, and a value not known yet (preview) as the string `04da6b54-…`. The core expects plain
 * values with unknowns left as that string (as the dynamic-provider host hands them over), so a
 * secret is unwrapped and the path it sat at remembered; on the way back every remembered path,
 * and every path the core treats as secret, is wrapped again. @pulumi/pulumi's own
 * `deserializeProperties` is not used: it turns unknowns into the SDK's in-program unknown object
 * and lifts a secret inside a list to the whole list; its `isRpcSecret`, `unwrapRpcSecret` and
 * signature constants are.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import {
  isRpcSecret,
  specialSecretSig,
  specialSigKey,
  unwrapRpcSecret,
} from "@pulumi/pulumi/runtime/rpc";

/** A JSON object as the core takes it. */
export type PropertyMap = Record<string, unknown>;

/** Plain values and the dot paths (from the top) whose values arrived as secrets. */
export interface Unwrapped {
  /** The values, every secret unwrapped; unknowns stay the engine's unknown string. */
  value: PropertyMap;
  /** Dot paths (array items by index) of the values that were secrets. */
  secrets: string[];
}

/**
 * Unwraps the secrets of a request's struct.
 *
 * @param struct - A request field; absent counts as an empty object.
 */
export function fromStruct(struct: Struct | undefined): Unwrapped {
  const secrets: string[] = [];
  const value = unwrap(struct?.toJavaScript() ?? {}, "", secrets);
  return { value: isObject(value) ? value : {}, secrets };
}

function unwrap(value: unknown, path: string, secrets: string[]): unknown {
  if (isRpcSecret(value)) {
    secrets.push(path);
    return unwrap(unwrapRpcSecret(value), path, secrets);
  }
  if (Array.isArray(value)) return value.map((v, i) => unwrap(v, join(path, String(i)), secrets));
  if (isObject(value)) {
    const out: PropertyMap = {};
    for (const [k, v] of Object.entries(value)) out[k] = unwrap(v, join(path, k), secrets);
    return out;
  }
  return value;
}

/**
 * The struct for `value` with each value at one of `secretPaths` wrapped as a secret (a path
 * inside a value already wrapped is not wrapped again; paths with no value are skipped).
 * `undefined` values are left out, as JSON would.
 */
export function toStruct(value: PropertyMap, secretPaths: Iterable<string>): Struct {
  const wrapped = wrapSecrets(JSON.parse(JSON.stringify(value)) as PropertyMap, secretPaths);
  return Struct.fromJavaScript(wrapped as Parameters<typeof Struct.fromJavaScript>[0]);
}

/**
 * `value` with each value at one of `secretPaths` wrapped in the engine's secret signature object.
 * Exported for tests.
 */
export function wrapSecrets(value: PropertyMap, secretPaths: Iterable<string>): PropertyMap {
  const paths = new Set(secretPaths);
  if (paths.size === 0) return value;
  return wrap(value, "", paths) as PropertyMap;
}

function wrap(value: unknown, path: string, paths: Set<string>): unknown {
  if (path !== "" && paths.has(path) && value !== undefined) {
    return { [specialSigKey]: specialSecretSig, value };
  }
  if (Array.isArray(value)) return value.map((v, i) => wrap(v, join(path, String(i)), paths));
  if (isObject(value)) {
    const out: PropertyMap = {};
    for (const [k, v] of Object.entries(value)) out[k] = wrap(v, join(path, k), paths);
    return out;
  }
  return value;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/** Whether `value` is a plain (non-array, non-null) object. */
export function isObject(value: unknown): value is PropertyMap {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
