/**
 * Facts of the pulumi-trtc provider that the policies need. The pack is a package of its own
 * (published apart from the provider, and loaded by the engine from its own folder), so it keeps
 * copies rather than importing the provider; test/unit/policy-facts.spec.ts fails when a copy and
 * the provider differ.
 */

/**
 * The resource types of an AIConversation: the dynamic resource (`AIConversation` from
 * `pulumi-trtc`) and the native plugin's resource. Both check their inputs with the same code,
 * so a policy sees the same property names on both.
 */
export const BOT_TYPES: readonly string[] = [
  "pulumi-nodejs:dynamic/trtc:AIConversation",
  "trtc:index:AIConversation",
];

/**
 * What a bot waits, in seconds, with nobody in the room before it ends itself, when
 * `agentConfig.maxIdleTime` is not set: the provider's DEFAULT_MAX_IDLE_TIME
 * (provider/ai-conversation/model.ts), which is TRTC's documented default.
 */
export const DEFAULT_MAX_IDLE_TIME = 60;

/**
 * The region a bot lives in when neither the resource nor the stack (`trtc:region`,
 * `TENCENTCLOUD_REGION`) names one: the provider's DEFAULT_REGION (provider/trtc/constants.ts).
 */
export const DEFAULT_REGION = "ap-guangzhou";

/**
 * The inputs that hold secrets, as dot-separated paths: the provider's SECRET_PATHS
 * (provider/secret-paths.ts).
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

/**
 * Secret inputs that hold JSON text (an object of parameters) rather than one key, so the
 * placeholder-key policy does not judge them as a key.
 */
export const SECRET_JSON_PATHS: readonly string[] = ["sttConfig.customParam"];
