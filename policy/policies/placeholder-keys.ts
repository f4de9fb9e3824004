/**
 * `trtc-placeholder-keys` (advisory): a placeholder or test key in a secret field (left from a
 * template or a test) makes a bot that starts and then cannot reach its LLM or TTS, or signs in
 * with a key that was never meant for production.
 *
 * Policies cannot tell whether a value is a Pulumi secret (`@pulumi/policy` hands them plain
 * values), so this one judges the shape of the values in the provider's secret fields, and its
 * messages name the field only: the value, even part of it, never appears.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SECRET_JSON_PATHS, SECRET_PATHS } from "../facts";
import { readPath } from "../read";
import { botPolicy } from "./bot-policy";

/** The policy's name. */
export const PLACEHOLDER_KEYS = "trtc-placeholder-keys";

/** A real key is at least this long. */
export const MIN_KEY_LENGTH = 8;

/**
 * Shapes of placeholder and test keys: a test-key prefix (`sk-test…`, `test…`), a placeholder
 * word (`changeme`, `placeholder`, `your-api-key`, `dummy`, `example`, `todo`, `fixme`, `<…>`),
 * a key that starts with a run of `x` (`xxx…`, `sk-xxxx…`), or one character repeated.
 */
const PLACEHOLDER_SHAPES: readonly RegExp[] = [
  /^(sk[-_])?test/i,
  /change[-_ ]?me/i,
  /placeholder|dummy|example|fixme|^todo/i,
  /your[-_ ]?(api[-_ ]?)?(key|secret|token)/i,
  /^<.*>$/,
  /^([a-z]{1,4}[-_])?x{3,}/i,
  /^(.)\1*$/,
];

/** Whether `value` looks like a placeholder or test key (fewer than 8 characters, or a shape above). */
export function looksLikePlaceholder(value: string): boolean {
  const text = value.trim();
  return text.length < MIN_KEY_LENGTH || PLACEHOLDER_SHAPES.some((shape) => shape.test(text));
}

/** `trtc-placeholder-keys`: no secret field holds a placeholder or test key. */
export function placeholderKeysPolicy(): ResourceValidationPolicy {
  const keyPaths = SECRET_PATHS.filter((path) => !SECRET_JSON_PATHS.includes(path));
  return botPolicy<Record<string, never>>({
    name: PLACEHOLDER_KEYS,
    description: `A bot's secret fields (${keyPaths.join(", ")}) hold no placeholder or test key (sk-test…, changeme, xxx…, fewer than ${MIN_KEY_LENGTH} characters). Messages never show the value.`,
    enforcementLevel: "advisory",
    readConfig: () => ({}),
    check(bot, _config, report) {
      for (const path of keyPaths) {
        const read = readPath(bot.props, path);
        if (!read.known || typeof read.value !== "string") continue;
        if (!looksLikePlaceholder(read.value)) continue;
        report(
          `${bot.label}: ${path} looks like a placeholder or test key (such as sk-test…, changeme, xxx… or fewer than ${MIN_KEY_LENGTH} characters; the value is not shown). Set the real key as a secret, e.g. \`pulumi config set --secret <key>\`, before this bot goes live.`,
        );
      }
    },
  });
}
