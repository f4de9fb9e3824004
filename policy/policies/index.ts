/** The pack's policies, in the order the engine lists them. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import type { StackFacts } from "../stack";
import { allowedLlmHostsPolicy } from "./allowed-llm-hosts";
import { allowedRegionsPolicy } from "./allowed-regions";
import { maxIdleTimePolicy } from "./max-idle-time";
import { placeholderKeysPolicy } from "./placeholder-keys";
import { updateInPlacePolicy } from "./update-in-place";

/** Every policy of the pack, for the stack `stack`. */
export function trtcPolicies(stack: StackFacts): ResourceValidationPolicy[] {
  return [
    maxIdleTimePolicy(),
    allowedRegionsPolicy(stack),
    allowedLlmHostsPolicy(),
    placeholderKeysPolicy(),
    updateInPlacePolicy(stack),
  ];
}
