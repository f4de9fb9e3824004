/**
 * What `trtc-emulator` prints when it starts: where it listens, the SecretIds, accounts and apps
 * it accepts, and a warning when other machines can reach it. CI jobs keep this output in their
 * logs, so no SecretKey, token or UserSig key is ever printed, whether it came from a flag, the
 * environment or the documented defaults: the lines say where each came from instead.
 */
import { isIPv4, isIPv6 } from "node:net";
import type { CredentialSources } from "./cli-args";
import type { ApiKey } from "./keys";
import { SITE_REGIONS, type Site } from "./sites";

/** What the start-up lines describe. */
export interface BannerInput {
  /** Base URL the emulator listens on. */
  url: string;
  /** The main key's SecretId. */
  secretId: string;
  /** Where the main key's SecretKey and token came from. */
  sources: CredentialSources;
  /** Keys from `--key` and `--temp-key`. */
  keys: readonly ApiKey[];
  /** Known apps, SdkAppId -> UserSig key (only the SdkAppIds are printed). */
  apps: Readonly<Record<string, string>>;
  /** Whether the apps came from `--app` rather than the default. */
  appsFromFlags: boolean;
  /** The site played. */
  site: Site;
}

function origin(source: string): string {
  return source === "default" ? "the documented default" : `from ${source}`;
}

/**
 * The lines printed on stdout at start-up; the first is exactly `listening on URL`.
 *
 * @param input - The running emulator and where its credentials came from.
 * @returns Lines without a trailing newline, none holding a secret.
 */
export function bannerLines(input: BannerInput): string[] {
  const { sources } = input;
  const main =
    sources.token === undefined
      ? `SecretKey: ${origin(sources.secretKey)}, not printed`
      : `temporary; SecretKey: ${origin(sources.secretKey)}; X-TC-Token: ` +
        `${origin(sources.token)}; neither printed`;
  const keys = input.keys.map((key) => {
    const account = key.account === undefined ? "its own account" : `account ${key.account}`;
    const secret =
      key.token === undefined
        ? "SecretKey: from --key, not printed"
        : "temporary; SecretKey and X-TC-Token: from --temp-key, not printed";
    return `Key:       ${key.secretId} (${account}; ${secret})`;
  });
  const appOrigin = input.appsFromFlags ? "from --app" : "the documented default";
  const regions = SITE_REGIONS[input.site];
  return [
    `listening on ${input.url}`,
    `SecretId:  ${input.secretId} (${main})`,
    ...keys,
    ...Object.keys(input.apps).map(
      (id) => `App:       ${id} (UserSig key: ${appOrigin}, not printed)`,
    ),
    `Site:      ${input.site}`,
    `Regions:   Start/Control ${regions.StartAIConversation.join(", ")}; Stop/Describe/Update ${regions.StopAIConversation.join(", ")}`,
    `Inspect:   ${input.url}/_emulator/tasks`,
  ];
}

/**
 * Whether a `--host` value listens on loopback only: `localhost`, 127.0.0.0/8 or `::1`
 * (in any IPv6 spelling, including IPv4-mapped `::ffff:127.x.y.z`).
 *
 * @param host - The value of `--host`.
 * @returns `false` for anything else, including names that merely resolve to loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (name === "localhost" || name === "localhost.") return true;
  if (isIPv4(name)) return name.split(".")[0] === "127";
  if (!isIPv6(name)) return false;
  // The URL parser writes an IPv6 address in its one canonical form; a zone (`::1%lo`) is
  // dropped, as the scope does not change what the address is.
  const canonical = new URL(`http://[${name.replace(/%.*$/, "")}]/`).hostname;
  return canonical === "[::1]" || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

/**
 * The stderr warning for a non-loopback `--host`, or `undefined` for a loopback one.
 *
 * @param host - The value of `--host`.
 * @param port - The bound port.
 */
export function exposureWarning(host: string, port: number): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  return (
    `trtc-emulator: warning: --host ${host} is not a loopback address, so anyone who can reach ` +
    `this machine on port ${port} can call the API and the control endpoints under /_emulator, ` +
    `which have no authentication (reset, faults, clock, task status). Use --host 127.0.0.1 ` +
    `unless other machines must reach the emulator.`
  );
}
