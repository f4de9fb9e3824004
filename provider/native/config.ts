/**
 * Provider configuration of the native plugin: the same `trtc:*` keys as the dynamic provider's
 * stack config, read by the same `readSettings()`.
 *
 * Where it comes from: the default provider's values are the stack's `trtc:*` config; an
 * explicit provider instance (`new trtc.Provider(…)`, or `new pulumi.ProviderResource("trtc", …)`)
 * has its own values, and each instance is a plugin process of its own that learns them only
 * from `Configure` (the `PULUMI_CONFIG` environment variable the engine also sets holds the
 * stack's config, not the instance's, so it is not read). Keys arrive as `trtc:config:region`
 * (Configure's variables), `trtc:region` or `region` (CheckConfig's inputs); all three are
 * accepted. Values that are not strings (an instance's `maxRetries: 0`) are read as their JSON.
 */
import { UNKNOWN_VALUE } from "../ai-conversation/model";
import { CONFIG_KEYS, readSettings } from "../trtc/settings";

/** The package name, which namespaces its stack config. */
export const PACKAGE = "trtc";

/** Provider configuration keys (without namespace) whose values are secrets. */
export const SECRET_CONFIG_KEYS: readonly string[] = ["secretKey", "securityToken"];

/** One of the keys the provider reads (`CONFIG_KEYS` of settings.ts). */
export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** A getter as `readSettings()` takes it: `trtc:<key>` → its text, if set. */
export type ConfigGetter = (key: string) => string | undefined;

/**
 * The key without namespace: `trtc:config:region`, `trtc:region` and `region` all give
 * `region`. Keys of another namespace give `undefined`.
 */
export function bareKey(key: string): string | undefined {
  const parts = key.split(":");
  if (parts.length === 1) return key;
  if (parts[0] !== PACKAGE) return undefined;
  if (parts.length === 2) return parts[1];
  if (parts.length === 3 && parts[1] === "config") return parts[2];
  return undefined;
}

/** The configuration's values by bare key, as text (strings as they are, anything else as JSON). */
export function configValues(raw: Readonly<Record<string, unknown>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    const bare = bareKey(key);
    // A value not known yet (an instance's argument from another resource's output, at
    // preview) counts as unset until it is known.
    if (bare === undefined || value === undefined || value === null || value === UNKNOWN_VALUE) {
      continue;
    }
    out.set(bare, typeof value === "string" ? value : JSON.stringify(value));
  }
  return out;
}

/** A getter over `values` for `readSettings()` (which asks for `trtc:<key>`). */
export function getterOf(values: ReadonlyMap<string, string>): ConfigGetter {
  return (key) => {
    const bare = bareKey(key);
    return bare === undefined ? undefined : values.get(bare);
  };
}

/** A CheckConfig failure: the key (without namespace) and why. */
export interface ConfigFailure {
  property: string;
  reason: string;
}

/**
 * The failures of a provider configuration, one per bad key, with the messages the dynamic
 * provider gives for the same stack config. Keys the provider does not read are left alone (the
 * engine adds some of its own, such as `version`).
 */
export function checkConfig(raw: Readonly<Record<string, unknown>>): ConfigFailure[] {
  const values = configValues(raw);
  const failures: ConfigFailure[] = [];
  // The site first: a bad one is then reported under its own key.
  for (const key of ["site", ...CONFIG_KEYS.filter((k) => k !== "site")]) {
    if (!values.has(key)) continue;
    // One key at a time, so each bad key is reported; the site goes along, as it decides which
    // regions and caps are valid.
    const only = new Map<string, string>([[key, values.get(key) as string]]);
    const site = values.get("site");
    if (site !== undefined && key !== "site") only.set("site", site);
    try {
      readSettings(getterOf(only));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      // A bad site fails every key checked with it: it is reported once.
      if (!failures.some((f) => f.reason === reason)) failures.push({ property: key, reason });
    }
  }
  return failures;
}

/** The bare keys the provider reads whose values differ between two configurations. */
export function changedConfigKeys(
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
): ConfigKey[] {
  const before = configValues(olds);
  const after = configValues(news);
  return CONFIG_KEYS.filter((key) => before.get(key) !== after.get(key));
}
