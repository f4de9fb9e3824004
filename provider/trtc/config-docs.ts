/**
 * The provider's configuration keys (`trtc:*` stack config, or a provider instance's inputs),
 * documented once: the package schema's `config.variables` and `provider.inputProperties`
 * (scripts/schema.ts) are made from here, and a unit test fails when these keys and
 * settings.ts's CONFIG_KEYS differ. How each is read (and its environment fallback) is
 * settings.ts's; this module only says it.
 */
import { CHINA_ENDPOINT, DEFAULT_ENDPOINT, DEFAULT_REGION, REGIONS } from "./constants";
import type { CONFIG_KEYS } from "./settings";

/** One configuration key. */
export interface ConfigKeyDoc {
  /** What it is, in Markdown, with its allowed values and default. */
  readonly description: string;
  /** Its type in the package schema. */
  readonly type: "string" | "number";
  /** Its value is a secret. */
  readonly secret?: true;
  /**
   * Environment variables read when the key is not set, first one first (`defaultInfo` in the
   * schema, so the generated SDKs read them too for an explicit provider).
   */
  readonly environment?: readonly string[];
}

/** Every configuration key the provider reads, without the `trtc:` namespace. */
export const CONFIG_DOCS: Readonly<Record<(typeof CONFIG_KEYS)[number], ConfigKeyDoc>> = {
  secretId: {
    description:
      "Tencent Cloud API key id (SecretId). Set it with `pulumi config set trtc:secretId <id>` (the CLI refuses `AKID…` values without `--plaintext`).",
    type: "string",
    environment: ["TENCENTCLOUD_SECRET_ID"],
  },
  secretKey: {
    description:
      "Tencent Cloud API key (SecretKey). Set it with `pulumi config set --secret trtc:secretKey <key>`.",
    type: "string",
    secret: true,
    environment: ["TENCENTCLOUD_SECRET_KEY"],
  },
  securityToken: {
    description:
      "Session token of temporary credentials. A token goes only with the key pair from the same place: this key with `trtc:secretId`; `TENCENTCLOUD_SECURITY_TOKEN` or `TENCENTCLOUD_SESSION_TOKEN` with the key pair from the environment (so the schema names no environment fallback for it).",
    type: "string",
    secret: true,
  },
  region: {
    description: `Region of bots that name none: ${REGIONS.join(", ")} (where the account's site serves them). Default: \`${DEFAULT_REGION}\`.`,
    type: "string",
    environment: ["TENCENTCLOUD_REGION"],
  },
  endpoint: {
    description: `The TRTC API URL. Default \`${DEFAULT_ENDPOINT}\`; China site: \`${CHINA_ENDPOINT}\` (set \`trtc:site china\` as well: the endpoint does not set the site); the emulator: \`http://127.0.0.1:8787\`.`,
    type: "string",
    environment: ["TENCENTCLOUD_TRTC_ENDPOINT"],
  },
  site: {
    description:
      "`intl` (accounts on tencentcloud.com) or `china` (cloud.tencent.com): the regions a bot may live in and the default rate caps. Unset, it is never guessed from the endpoint, and a new bot may live only where both sites serve it (ap-guangzhou, ap-singapore, ap-tokyo, na-siliconvalley), under the lower of the two sites' caps.",
    type: "string",
    environment: ["TENCENTCLOUD_TRTC_SITE"],
  },
  rateLimits: {
    description:
      'Calls per second per action: one number for all, or JSON text of an object such as `{"StartAIConversation": 50}`; `0` lifts the limit. Default: the site\'s documented caps.',
    type: "string",
  },
  maxRetries: {
    description:
      "Retries of a throttled, capacity-rejected, InternalError-class or unanswered call (0 or more). Default: 6.",
    type: "number",
  },
  retryTimeoutSeconds: {
    description: "Give up retrying a call after this many seconds (more than 0). Default: 120.",
    type: "number",
  },
  startTimeoutSeconds: {
    description:
      "How long create waits for the bot to reach `InProgress`, in seconds (more than 0). Default: 60.",
    type: "number",
  },
  requestTimeoutSeconds: {
    description: "Timeout of one HTTP request, in seconds (more than 0). Default: 20.",
    type: "number",
  },
};
