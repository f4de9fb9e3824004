/**
 * Paths (dot-separated, from the resource's inputs) whose values are secrets: what the program
 * marks secret field by field before registering a bot (resource.ts).
 *
 * Why a list of its own: the program side must not load the field table, which builds every zod
 * rule (zod alone takes over 100 ms to load) and makes TypeScript check zod's types in every
 * program. The list is derived from the table's `secret` flags in fields.ts (`secretPaths()`),
 * and a unit test fails when the two differ.
 */
export const SECRET_PATHS: readonly string[] = [
  "agentConfig.userSig",
  "agentConfig.userSigSecret",
  "sttConfig.customParam",
  "llmConfig.apiKey",
  "ttsConfig.secretId",
  "ttsConfig.secretKey",
  "ttsConfig.apiKey",
  "ttsConfig.subscriptionKey",
];
