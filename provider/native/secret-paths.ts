/**
 * Which values of an AIConversation travel back to the engine as secrets: every path the core
 * treats as secret (SECRET_PATHS, from the field table's `secret` flags), and every path whose
 * value arrived as a secret (a whole config group the program made secret, say). Check returns
 * its inputs so, which makes the engine encrypt a plain-string LLM key in state even when the
 * program did not wrap it; outputs and read results follow the same rule.
 */
import { SECRET_PATHS } from "../secret-paths";

/** The paths to wrap as secrets for values built from inputs that had `arrived` secret paths. */
export function secretPathsFor(...arrived: ReadonlyArray<readonly string[]>): Set<string> {
  return new Set([...SECRET_PATHS, ...arrived.flat()]);
}
