/**
 * The frame every policy of the pack shares: it applies to AIConversations only (both faces),
 * reads the policy's configuration with defaults, labels messages with the resource's name, and
 * makes sure that an unexpected error cannot carry an input into the engine's output: the inputs
 * a pack receives are decrypted, secrets included.
 */
import type {
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
} from "@pulumi/policy";
import { BOT_TYPES } from "../facts";

/** A bot as a policy checks it. */
export interface Bot {
  /** The resource's name in the program (`new AIConversation("support-bot", …)`). */
  name: string;
  /** How messages name the bot: `AIConversation "support-bot"`. */
  label: string;
  /**
   * The bot's checked inputs: what the provider's check returned (for the dynamic resource,
   * `region` and `roomIdType` filled in). Read them with `readPath` (read.ts), never print them.
   */
  props: unknown;
}

/** A policy of the pack: its metadata, how it reads its configuration, and its check. */
export interface BotPolicySpec<C> extends Omit<ResourceValidationPolicy, "validateResource"> {
  /** The policy's configuration with defaults filled in, from what `--policy-pack-config` gave. */
  readConfig(raw: Record<string, unknown>): C;
  /** Reports each violation of `bot` with `report(message)`; a message never holds a secret. */
  check(bot: Bot, config: C, report: (message: string) => void): void;
}

/** Whether a resource type is an AIConversation (the dynamic resource or the native one). */
export function isBotType(type: string): boolean {
  return BOT_TYPES.includes(type);
}

/** A `@pulumi/policy` resource policy from a {@link BotPolicySpec}. */
export function botPolicy<C>(spec: BotPolicySpec<C>): ResourceValidationPolicy {
  const { readConfig, check, ...policy } = spec;
  return {
    ...policy,
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      if (!isBotType(args.type)) return;
      const bot: Bot = {
        name: args.name,
        label: `AIConversation "${args.name}"`,
        props: args.props,
      };
      const config = readConfig(args.getConfig<Record<string, unknown>>());
      try {
        check(bot, config, (message) => reportViolation(message));
      } catch (e) {
        // The error's text may quote an input: say what failed, not why.
        const kind = e instanceof Error ? e.name : typeof e;
        throw new Error(
          `${policy.name} could not check ${bot.label} (${kind}); the details are withheld because the inputs hold decrypted secrets. Please report it to pulumi-trtc.`,
        );
      }
    },
  };
}

/** A whole number from the policy's configuration, or `fallback` when it is not one. */
export function configInteger(raw: Record<string, unknown>, key: string, fallback: number): number {
  const value = raw[key];
  return typeof value === "number" && Number.isInteger(value) ? value : fallback;
}

/**
 * A list of non-empty strings from the policy's configuration; `undefined` when the key is not
 * set or the list is empty (the policy then checks nothing).
 */
export function configStrings(raw: Record<string, unknown>, key: string): string[] | undefined {
  const value = raw[key];
  if (!Array.isArray(value)) return undefined;
  const items = value.filter((v): v is string => typeof v === "string" && v.trim() !== "");
  return items.length > 0 ? items.map((v) => v.trim()) : undefined;
}
