/**
 * Provider settings: stack config (`trtc:*`, read in `configure()`) with environment fallbacks
 * read at call time, so credentials are never stored anywhere.
 */
import {
  ACTIONS,
  DEFAULT_ENDPOINT,
  DEFAULT_REGION,
  REGIONS,
  type Action,
  type Region,
} from "./constants";
import { isSite, siteRateLimits, type Site } from "./sites";

/** Settings from stack config; credentials and endpoint may still come from the environment. */
export interface ProviderSettings {
  /** `trtc:secretId`. */
  secretId?: string;
  /** `trtc:secretKey` (set it with `--secret`). */
  secretKey?: string;
  /** `trtc:securityToken`, for temporary credentials. */
  securityToken?: string;
  /** `trtc:region`: region of resources that name none. */
  region?: Region;
  /** `trtc:endpoint`: API URL. */
  endpoint?: string;
  /**
   * `trtc:site` (else `TENCENTCLOUD_TRTC_SITE`): the site of the account, which decides the
   * regions a bot may live in and the default caps. Unset (`undefined`) when neither names one:
   * the endpoint cannot tell (trtc.tencentcloudapi.com serves accounts of both sites), so a bot
   * may then live only where both sites serve it, under the lower of the two sites' caps.
   */
  site?: Site;
  /** `trtc:rateLimits` over the site's documented caps: calls per second per action; 0 lifts the limit. */
  rateLimits: Record<Action, number>;
  /** `trtc:maxRetries`: retries of a throttled, failed or unanswered call. @default 6 */
  maxRetries: number;
  /** `trtc:retryTimeoutSeconds`: give up retrying a call after this long. @default 120 */
  retryTimeoutSeconds: number;
  /** `trtc:startTimeoutSeconds`: how long create waits for the bot to reach InProgress. @default 60 */
  startTimeoutSeconds: number;
  /** `trtc:requestTimeoutSeconds`: timeout of one HTTP request. @default 20 */
  requestTimeoutSeconds: number;
}

/** Stack config keys the provider reads, without the `trtc:` namespace. */
export const CONFIG_KEYS = [
  "secretId",
  "secretKey",
  "securityToken",
  "region",
  "endpoint",
  "site",
  "rateLimits",
  "maxRetries",
  "retryTimeoutSeconds",
  "startTimeoutSeconds",
  "requestTimeoutSeconds",
] as const;

/** Settings with nothing configured. */
export function defaultSettings(): ProviderSettings {
  return {
    rateLimits: { ...siteRateLimits(undefined) },
    maxRetries: 6,
    retryTimeoutSeconds: 120,
    startTimeoutSeconds: 60,
    requestTimeoutSeconds: 20,
  };
}

function positiveNumber(
  key: string,
  raw: string | undefined,
  fallback: number,
  allowZero = false,
): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
    throw new Error(
      `Invalid value for stack config trtc:${key}: ${JSON.stringify(raw)}. Expected a ${allowZero ? "non-negative" : "positive"} number.`,
    );
  }
  return n;
}

/**
 * Parses `trtc:rateLimits`: one number for every action, or an object of action → calls per
 * second, over `defaults` (the site's documented caps; with no site set, the lower of both's).
 */
export function parseRateLimits(
  raw: string | undefined,
  defaults: Readonly<Record<Action, number>> = siteRateLimits(undefined),
): Record<Action, number> {
  const limits = { ...defaults };
  if (raw === undefined || raw === "") return limits;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  if (
    typeof value === "number" ||
    (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))
  ) {
    const n = positiveNumber("rateLimits", String(value), 0, true);
    for (const a of ACTIONS) limits[a] = n;
    return limits;
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      const action = (ACTIONS as readonly string[]).includes(k)
        ? (k as Action)
        : (`${k}AIConversation` as Action);
      if (!(ACTIONS as readonly string[]).includes(action)) {
        throw new Error(
          `Invalid key in stack config trtc:rateLimits: ${k}. Allowed keys are: ${ACTIONS.join(", ")} (or Start, Stop, Describe, Update, Control).`,
        );
      }
      if (typeof v !== "number" && !(typeof v === "string" && v.trim() !== "")) {
        throw new Error(
          `Invalid value for stack config trtc:rateLimits.${k}: ${JSON.stringify(v)}. Expected a number of calls per second (0 lifts the limit).`,
        );
      }
      limits[action] = positiveNumber(`rateLimits.${k}`, String(v), 0, true);
    }
    return limits;
  }
  throw new Error(
    `Invalid value for stack config trtc:rateLimits: ${JSON.stringify(raw)}. Expected a number or an object such as {"StartAIConversation": 50}.`,
  );
}

/**
 * The site: `trtc:site`, else `TENCENTCLOUD_TRTC_SITE`, else unset. Never guessed from the
 * endpoint: trtc.tencentcloudapi.com serves intl accounts too (the intl Go SDK's default root
 * domain is tencentcloudapi.com), so a guess of `china` could start a bot where an intl account
 * can neither look it up nor stop it.
 */
function readSite(
  get: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv,
): Site | undefined {
  for (const [name, value] of [
    ["stack config trtc:site", get("trtc:site")],
    ["TENCENTCLOUD_TRTC_SITE", env.TENCENTCLOUD_TRTC_SITE],
  ] as const) {
    if (value === undefined || value === "") continue;
    if (!isSite(value)) {
      throw new Error(
        `Invalid value for ${name}: ${value}. Allowed values are: intl (accounts on tencentcloud.com), china (accounts on cloud.tencent.com).`,
      );
    }
    return value;
  }
  return undefined;
}

/** Reads the provider's settings through a `trtc:`-namespaced config getter (e.g. `req.config.get`). */
export function readSettings(
  get: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ProviderSettings {
  const base = defaultSettings();
  const site = readSite(get, env);
  const region = get("trtc:region");
  if (region !== undefined && region !== "" && !(REGIONS as readonly string[]).includes(region)) {
    throw new Error(
      `Invalid value for stack config trtc:region: ${region}. Allowed values are: ${REGIONS.join(", ")}.`,
    );
  }
  return {
    secretId: get("trtc:secretId") || undefined,
    secretKey: get("trtc:secretKey") || undefined,
    securityToken: get("trtc:securityToken") || undefined,
    region: (region || undefined) as Region | undefined,
    endpoint: get("trtc:endpoint") || undefined,
    site,
    rateLimits: parseRateLimits(get("trtc:rateLimits"), siteRateLimits(site)),
    maxRetries: positiveNumber("maxRetries", get("trtc:maxRetries"), base.maxRetries, true),
    retryTimeoutSeconds: positiveNumber(
      "retryTimeoutSeconds",
      get("trtc:retryTimeoutSeconds"),
      base.retryTimeoutSeconds,
    ),
    startTimeoutSeconds: positiveNumber(
      "startTimeoutSeconds",
      get("trtc:startTimeoutSeconds"),
      base.startTimeoutSeconds,
    ),
    requestTimeoutSeconds: positiveNumber(
      "requestTimeoutSeconds",
      get("trtc:requestTimeoutSeconds"),
      base.requestTimeoutSeconds,
    ),
  };
}

/** Credentials and endpoint the calls use, resolved from settings then the environment. */
export interface ResolvedConnection {
  secretId: string;
  secretKey: string;
  token?: string;
  /** `host[:port]` for the SDK's httpProfile.endpoint. */
  host: string;
  /** `http://` or `https://`. */
  protocol: "http://" | "https://";
}

/** Resolves credentials and endpoint; throws one clear error when credentials are missing. */
export function resolveConnection(
  settings: ProviderSettings,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedConnection {
  const secretId = settings.secretId ?? env.TENCENTCLOUD_SECRET_ID;
  const secretKey = settings.secretKey ?? env.TENCENTCLOUD_SECRET_KEY;
  if (!secretId || !secretKey) {
    throw new Error(
      "Missing Tencent Cloud credentials. Set them in stack config (`pulumi config set trtc:secretId <id>` and " +
        "`pulumi config set --secret trtc:secretKey <key>`) or in the environment " +
        "(TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY).",
    );
  }
  // A session token belongs to the key pair it was issued with: one from the environment never
  // rides along with a SecretId from stack config, nor the other way round (a permanent key sent
  // with a stray token is refused with AuthFailure.TokenFailure).
  const token =
    settings.secretId !== undefined
      ? settings.securityToken
      : (env.TENCENTCLOUD_SECURITY_TOKEN ?? env.TENCENTCLOUD_SESSION_TOKEN);
  const raw = settings.endpoint ?? env.TENCENTCLOUD_TRTC_ENDPOINT ?? DEFAULT_ENDPOINT;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new Error(
      `Invalid TRTC endpoint ${JSON.stringify(raw)} (trtc:endpoint or TENCENTCLOUD_TRTC_ENDPOINT). Expected a URL such as ${DEFAULT_ENDPOINT}.`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(
      `Invalid TRTC endpoint ${JSON.stringify(raw)}: only http:// and https:// are supported.`,
    );
  }
  return {
    secretId,
    secretKey,
    token: token || undefined,
    host: url.host,
    protocol: url.protocol === "http:" ? "http://" : "https://",
  };
}

/**
 * The region a resource that names none gets: `trtc:region`, else `TENCENTCLOUD_REGION`, else
 * ap-guangzhou. Throws on an unsupported environment value.
 */
export function defaultRegion(
  settings: ProviderSettings,
  env: NodeJS.ProcessEnv = process.env,
): Region {
  const fromEnv = env.TENCENTCLOUD_REGION;
  if (!settings.region && fromEnv && !(REGIONS as readonly string[]).includes(fromEnv)) {
    throw new Error(
      `Invalid value for TENCENTCLOUD_REGION: ${fromEnv}. Allowed values are: ${REGIONS.join(", ")}.`,
    );
  }
  return settings.region ?? (fromEnv as Region | undefined) ?? DEFAULT_REGION;
}

/** Region for a call: the resource's own, else `trtc:region`, else `TENCENTCLOUD_REGION`. */
export function regionFor(
  resourceRegion: string | undefined,
  settings: ProviderSettings,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return resourceRegion ?? settings.region ?? env.TENCENTCLOUD_REGION;
}
