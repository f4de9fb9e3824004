/**
 * `trtc-allowed-llm-hosts` (advisory unless configured mandatory): the LLM endpoint receives
 * everything said in the room, and the LLM key with it; a team names the endpoints it trusts.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { readPath } from "../read";
import { botPolicy, configStrings } from "./bot-policy";

/** The policy's name. */
export const ALLOWED_LLM_HOSTS = "trtc-allowed-llm-hosts";

/** The configuration of {@link allowedLlmHostsPolicy}. */
export interface AllowedLlmHostsConfig {
  /**
   * The hosts `llmConfig.apiUrl` may name: `api.openai.com` (that host only) or `*.example.com`
   * (any host under example.com, not example.com itself). Unset: any host (no check).
   */
  hosts?: string[];
}

/** The host of `url` in lower case, or `undefined` when it is not a URL with a host. */
export function hostOf(url: string): string | undefined {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === "" ? undefined : host;
  } catch {
    // The error is dropped: its `input` property holds the URL, which may hold a token.
    return undefined;
  }
}

/** Whether `host` matches one of `patterns` (`name` exactly, or `*.suffix` for its subdomains). */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith("*.") ? host.endsWith(p.slice(1)) : host === p;
  });
}

/**
 * `trtc-allowed-llm-hosts`: the host of `llmConfig.apiUrl` matches one of `hosts`. Messages name
 * the host only, never the whole URL (a query string may carry a token).
 */
export function allowedLlmHostsPolicy(): ResourceValidationPolicy {
  return botPolicy<AllowedLlmHostsConfig>({
    name: ALLOWED_LLM_HOSTS,
    description:
      "A bot's llmConfig.apiUrl names one of the allowed hosts (policy config hosts, e.g. api.openai.com or *.openai.azure.com; unset: any host).",
    enforcementLevel: "advisory",
    configSchema: {
      properties: {
        hosts: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
      },
    },
    readConfig: (raw) => ({ hosts: configStrings(raw, "hosts") }),
    check(bot, { hosts }, report) {
      if (hosts === undefined) return;
      const read = readPath(bot.props, "llmConfig.apiUrl");
      // Unset or not a string: the provider's own check names the problem.
      if (!read.known || typeof read.value !== "string") return;
      const host = hostOf(read.value);
      if (host === undefined) {
        report(
          `${bot.label}: llmConfig.apiUrl is not a URL with a host, so it cannot be one of the allowed LLM hosts: ${hosts.join(", ")} (policy config hosts).`,
        );
        return;
      }
      if (hostAllowed(host, hosts)) return;
      report(
        `${bot.label}: llmConfig.apiUrl's host ${host} is not one of the allowed LLM hosts: ${hosts.join(", ")} (policy config hosts). The LLM endpoint hears everything said in the room: use an allowed endpoint, or add ${host} to hosts in the file given to --policy-pack-config.`,
      );
    },
  });
}
