/**
 * What a policy needs to know about the stack being previewed: its name, whether it is a
 * production stack, and the region a bot that names none lives in. index.ts reads these from the
 * stack's configuration, which the engine passes to the pack; tests build them directly.
 */
import { DEFAULT_REGION } from "./facts";

/** The stack being previewed or updated, as the policies see it. */
export interface StackFacts {
  /** The stack's name (e.g. `prod`), as `pulumi stack ls` shows it. */
  stack: string;
  /**
   * The stack config `trtc-policy:production`: `true` marks the stack as production, `false` as
   * not production (whatever its name), unset leaves it to the stack's name.
   */
  production?: boolean;
  /**
   * The region of a bot whose inputs name none: stack config `trtc:region`, else the environment
   * variable `TENCENTCLOUD_REGION`, else the provider's default (ap-guangzhou).
   */
  defaultRegion: string;
}

/** The stack config key that marks a stack as production (or not). */
export const PRODUCTION_KEY = "trtc-policy:production";

/** Sources of {@link stackFacts}. */
export interface StackSources {
  /** The stack's name. */
  stack: string;
  /** The text of stack config {@link PRODUCTION_KEY}, if set. */
  production?: string;
  /** The text of stack config `trtc:region`, if set. */
  trtcRegion?: string;
  /** The environment's `TENCENTCLOUD_REGION`, if set. */
  envRegion?: string;
}

/**
 * The stack's facts from its configuration. Throws, naming the key and the allowed values but not
 * the value, when `trtc-policy:production` is neither `true` nor `false`.
 */
export function stackFacts(sources: StackSources): StackFacts {
  return {
    stack: sources.stack,
    production: parseProduction(sources.production),
    defaultRegion: nonEmpty(sources.trtcRegion) ?? nonEmpty(sources.envRegion) ?? DEFAULT_REGION,
  };
}

function parseProduction(text: string | undefined): boolean | undefined {
  if (text === undefined || text === "") return undefined;
  const value = text.trim().toLowerCase();
  if (value === "true") return true;
  if (value === "false") return false;
  throw new Error(
    `Invalid value for stack config ${PRODUCTION_KEY}. Allowed values are: true, false. Fix it with \`pulumi config set ${PRODUCTION_KEY} true\` (or false).`,
  );
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === "" ? undefined : text.trim();
}
