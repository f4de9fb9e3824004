/**
 * `trtc-allowed-regions` (mandatory once configured): where a bot runs decides where the room's
 * audio and the conversation are processed; a team names the regions it may use.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { lists, readPath } from "../read";
import type { StackFacts } from "../stack";
import { botPolicy, configStrings } from "./bot-policy";

/** The policy's name. */
export const ALLOWED_REGIONS = "trtc-allowed-regions";

/** The configuration of {@link allowedRegionsPolicy}. */
export interface AllowedRegionsConfig {
  /** The regions a bot may run in (e.g. `ap-singapore`); unset: every region (no check). */
  regions?: string[];
}

/**
 * `trtc-allowed-regions`: the bot's region is one of `regions`. The region is the resource's
 * `region` input as the provider's check returns it: the dynamic resource's check fills in the
 * stack's `trtc:region` (else `TENCENTCLOUD_REGION`, else ap-guangzhou) when the resource names
 * none, and lists `region` in `defaultsApplied`. Inputs without a region (a check that failed)
 * fall back to the same rule read from the stack's configuration (`stack.defaultRegion`).
 */
export function allowedRegionsPolicy(stack: StackFacts): ResourceValidationPolicy {
  return botPolicy<AllowedRegionsConfig>({
    name: ALLOWED_REGIONS,
    description:
      "A bot runs in one of the allowed regions (policy config regions; unset: any region). A bot that names no region runs in the stack's trtc:region.",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        regions: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
      },
    },
    readConfig: (raw) => ({ regions: configStrings(raw, "regions") }),
    check(bot, { regions }, report) {
      if (regions === undefined) return;
      const read = readPath(bot.props, "region");
      if (!read.known) return;
      const named =
        typeof read.value === "string" && !lists(bot.props, "defaultsApplied", "region");
      const region = typeof read.value === "string" ? read.value : stack.defaultRegion;
      if (regions.includes(region)) return;
      const from = named
        ? ""
        : " (the resource names no region, so it runs in the stack's: trtc:region, else TENCENTCLOUD_REGION, else ap-guangzhou)";
      report(
        `${bot.label}: region ${region}${from} is not one of the allowed regions: ${regions.join(", ")} (policy config regions). Set region on the resource${named ? "" : " or trtc:region on the stack"} to an allowed region, or add ${region} to regions in the file given to --policy-pack-config.`,
      );
    },
  });
}
