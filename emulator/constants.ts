/**
 * Facts about the API surface the emulator serves (reference §3): the implemented actions, the
 * version string and the regions the AI-conversation pages list.
 */

import { SITE_REGIONS } from "./sites";

/** The five actions the emulator implements. */
export type Action =
  | "StartAIConversation"
  | "StopAIConversation"
  | "DescribeAIConversation"
  | "UpdateAIConversation"
  | "ControlAIConversation";

/** All implemented actions, in documentation order. */
export const ACTIONS: readonly Action[] = [
  "StartAIConversation",
  "StopAIConversation",
  "DescribeAIConversation",
  "UpdateAIConversation",
  "ControlAIConversation",
];

/**
 * Whether `name` is one of the implemented actions.
 *
 * @param name - An `X-TC-Action` value.
 */
export function isAction(name: string): name is Action {
  return (ACTIONS as readonly string[]).includes(name);
}

/** The only `X-TC-Version` TRTC's AI-conversation actions exist in. */
export const API_VERSION = "2019-07-22";

/**
 * The union of the regions the China and international pages list for these actions (the China
 * site's list holds every one of them; sites.ts has them per site and action).
 */
export const REGIONS: readonly string[] = SITE_REGIONS.china.StartAIConversation;
