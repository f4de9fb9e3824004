/**
 * `trtc-update-in-place` (advisory): without `updateInPlace: true`, every change of a bot, even of
 * its welcome message or LLM settings, replaces it: the running conversation ends and a new bot
 * joins the room. In production, that is what the person in the call notices.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { readPath } from "../read";
import { PRODUCTION_KEY, type StackFacts } from "../stack";
import { botPolicy, configStrings } from "./bot-policy";

/** The policy's name. */
export const UPDATE_IN_PLACE = "trtc-update-in-place";

/** Stack names that mark a production stack when the policy's configuration names none. */
export const DEFAULT_PRODUCTION_STACKS: readonly string[] = ["prod", "production"];

/** The configuration of {@link updateInPlacePolicy}. */
export interface UpdateInPlaceConfig {
  /** Names of production stacks (compared without regard to case). @default ["prod", "production"] */
  productionStacks: string[];
}

/**
 * Whether the stack is production: the stack config `trtc-policy:production` when set (`true` or
 * `false`), else whether the stack's name is one of `productionStacks`. An organization prefix
 * (`acme/prod`) is not part of the name the engine gives a pack.
 */
export function isProduction(stack: StackFacts, productionStacks: readonly string[]): boolean {
  if (stack.production !== undefined) return stack.production;
  const name = stack.stack.toLowerCase();
  return productionStacks.some((s) => s.toLowerCase() === name);
}

/** `trtc-update-in-place`: in a production stack, every bot sets `updateInPlace: true`. */
export function updateInPlacePolicy(stack: StackFacts): ResourceValidationPolicy {
  return botPolicy<UpdateInPlaceConfig>({
    name: UPDATE_IN_PLACE,
    description: `In a production stack (stack config ${PRODUCTION_KEY}: true, or a stack named in productionStacks, default prod and production), a bot sets updateInPlace: true, so that a change of its LLM, TTS or welcome message updates the running conversation instead of replacing it.`,
    enforcementLevel: "advisory",
    configSchema: {
      properties: {
        productionStacks: {
          type: "array",
          items: { type: "string", minLength: 1 },
          default: [...DEFAULT_PRODUCTION_STACKS],
        },
      },
    },
    readConfig: (raw) => ({
      productionStacks: configStrings(raw, "productionStacks") ?? [...DEFAULT_PRODUCTION_STACKS],
    }),
    check(bot, { productionStacks }, report) {
      if (!isProduction(stack, productionStacks)) return;
      const read = readPath(bot.props, "updateInPlace");
      if (!read.known || read.value === true) return;
      const why =
        stack.production === true ? `${PRODUCTION_KEY} is true` : "named in productionStacks";
      report(
        `${bot.label}: updateInPlace is not true in production stack ${stack.stack} (${why}), so any change of this bot, even of its welcome message, LLM or TTS settings, replaces it and ends the call in progress. Set updateInPlace: true on the resource to apply those changes to the running conversation.`,
      );
    },
  });
}
