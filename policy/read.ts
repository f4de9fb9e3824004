/**
 * Reading a bot's inputs as a policy sees them. `@pulumi/policy` hands a policy the checked inputs
 * wrapped in a proxy that throws when a value not known until `up` is read (during preview);
 * a config group may be an object or the API's JSON text. Reading never throws, and never puts
 * a value into an error: the inputs hold decrypted secrets.
 */

/** A value read from a bot's inputs: known (possibly `undefined`: not set), or not known yet. */
export type Read = { known: true; value: unknown } | { known: false };

/** The object a config group holds: the object itself, or parsed JSON object text. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === "string") {
    try {
      return asObject(JSON.parse(value));
    } catch {
      // Not JSON: not a group. The error is dropped, since its message quotes the text.
      return undefined;
    }
  }
  return isRecord(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The value at `path` (dot-separated, e.g. `agentConfig.maxIdleTime`) of `props`. A missing
 * group or key reads as known and `undefined`; a value unknown during preview reads as not known
 * (the engine runs the policies again at `up`, with every value known).
 */
export function readPath(props: unknown, path: string): Read {
  let current: unknown = props;
  for (const key of path.split(".")) {
    const group = asObject(current);
    if (group === undefined) return { known: true, value: undefined };
    try {
      current = group[key];
    } catch {
      // @pulumi/policy's proxy throws UnknownValueError for a value not known yet.
      return { known: false };
    }
  }
  return { known: true, value: current };
}

/** Whether `path` of `props` lists `entry` (e.g. `defaultsApplied` lists `region`). */
export function lists(props: unknown, path: string, entry: string): boolean {
  const read = readPath(props, path);
  if (!read.known || !Array.isArray(read.value)) return false;
  try {
    return read.value.includes(entry);
  } catch {
    return false;
  }
}
