/**
 * `trtc-max-idle-time` (mandatory): a bot ends itself after `agentConfig.maxIdleTime` seconds with
 * nobody in the room, and bills until then; the limit keeps a forgotten bot cheap.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { DEFAULT_MAX_IDLE_TIME } from "../facts";
import { readPath } from "../read";
import { botPolicy, configInteger } from "./bot-policy";

/** The policy's name. */
export const MAX_IDLE_TIME = "trtc-max-idle-time";

/** The limit when the policy's configuration sets none, in seconds. */
export const DEFAULT_MAX_SECONDS = 600;

/** The configuration of {@link maxIdleTimePolicy}. */
export interface MaxIdleTimeConfig {
  /** The longest `agentConfig.maxIdleTime` allowed, in seconds. @default 600 */
  maxSeconds: number;
}

/** `trtc-max-idle-time`: `agentConfig.maxIdleTime` (unset: the provider's 60) at most `maxSeconds`. */
export function maxIdleTimePolicy(): ResourceValidationPolicy {
  return botPolicy<MaxIdleTimeConfig>({
    name: MAX_IDLE_TIME,
    description: `A bot's agentConfig.maxIdleTime (unset: the provider's default, ${DEFAULT_MAX_IDLE_TIME} seconds) is at most maxSeconds (default ${DEFAULT_MAX_SECONDS}): an idle bot bills until it ends itself.`,
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        maxSeconds: { type: "integer", minimum: 1, default: DEFAULT_MAX_SECONDS },
      },
    },
    readConfig: (raw) => ({ maxSeconds: configInteger(raw, "maxSeconds", DEFAULT_MAX_SECONDS) }),
    check(bot, { maxSeconds }, report) {
      const read = readPath(bot.props, "agentConfig.maxIdleTime");
      if (!read.known) return;
      const set = read.value !== undefined;
      // A value of another type fails the provider's own check, which says so.
      const seconds = set ? read.value : DEFAULT_MAX_IDLE_TIME;
      if (typeof seconds !== "number" || seconds <= maxSeconds) return;
      const what = set
        ? `agentConfig.maxIdleTime is ${seconds} seconds`
        : `agentConfig.maxIdleTime is not set, so the provider's default of ${seconds} seconds applies`;
      report(
        `${bot.label}: ${what}, above the limit of ${maxSeconds} seconds (policy config maxSeconds). A bot bills while it waits in an empty room: set agentConfig.maxIdleTime to ${maxSeconds} or less, or raise maxSeconds in the file given to --policy-pack-config.`,
      );
    },
  });
}
