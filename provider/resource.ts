/**
 * The AIConversation resource: a TRTC AI conversation (a voice bot in a real-time room) managed
 * as a Pulumi resource. API reference: StartAIConversation,
 * https://www.tencentcloud.com/document/api/647/64963.
 *
 * Every input is configuration of the running bot: changing any of them replaces the bot (the old
 * one is stopped first, then a new one is started). Only a user-given `sessionId` change, not a
 * derived one, counts.
 */
import * as pulumi from "@pulumi/pulumi";
import { TASK_OUTPUTS } from "./outputs";
import { SECRET_PATHS } from "./secret-paths";
import type { Region } from "./trtc/constants";
import { loaderProvider } from "./loader";
import type { AIConversationArgs } from "./args.generated";

// The documented Args, generated from the field table (provider/ai-conversation/fields.ts) by
// `npm run schema`, so that each field's TSDoc is written once, there.
export type {
  AIConversationArgs,
  AgentConfigArgs,
  AmbientSoundArgs,
  AzureTtsConfigArgs,
  CozeLlmConfigArgs,
  CustomTtsConfigArgs,
  DifyLlmConfigArgs,
  FlowTtsConfigArgs,
  InworldTtsConfigArgs,
  KeyedVoiceTtsConfigArgs,
  LlmConfigArgs,
  MinimaxTtsConfigArgs,
  OpenAiLlmConfigArgs,
  SttConfigArgs,
  TencentTtsConfigArgs,
  TtsConfigArgs,
  TurnDetectionArgs,
  VoicePrintArgs,
} from "./args.generated";

/** Marks the secret fields of one config group (see SECRET_PATHS) as Pulumi secrets. */
function withSecretFields(group: string, value: unknown): unknown {
  const keys = SECRET_PATHS.filter((p) => p.startsWith(`${group}.`)).map((p) => p.split(".")[1]);
  if (value === undefined || keys.length === 0) return value;
  if (pulumi.Output.isInstance(value) || value instanceof Promise) {
    // The whole group is one Output: its fields cannot be told apart before it resolves.
    return pulumi.secret(value as pulumi.Input<unknown>);
  }
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of keys) {
    if (out[key] !== undefined) out[key] = pulumi.secret(out[key] as pulumi.Input<unknown>);
  }
  return out;
}

/**
 * A TRTC AI conversation: a voice bot (speech recognition → your LLM → text-to-speech) that joins
 * a TRTC room and talks with a user there. Create starts it (StartAIConversation) and waits until
 * it runs; destroy stops it; any change of configuration replaces it.
 *
 * Credentials come from stack config (`trtc:secretId`, `trtc:secretKey` as a secret) or from
 * `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY`.
 *
 * @example
 * const bot = new AIConversation("support-bot", {
 *   sdkAppId: 1400000000,
 *   roomId: "support-room",
 *   agentConfig: { userId: "support_bot", userSigSecret: cfg.requireSecret("sdkSecretKey"), targetUserId: "customer" },
 *   llmConfig: { llmType: "openai", model: "gpt-4o-mini", apiKey: cfg.requireSecret("openaiKey"),
 *                apiUrl: "https://api.openai.com/v1/chat/completions", streaming: true },
 *   ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
 * });
 */
export class AIConversation extends pulumi.dynamic.Resource {
  /** The task id TRTC assigned; also the resource id. */
  declare public readonly taskId: pulumi.Output<string>;
  /** The SessionId the bot was started with (yours or the derived one). */
  declare public readonly sessionId: pulumi.Output<string>;
  /** RequestId of the StartAIConversation call (absent when a lost start was adopted). */
  declare public readonly requestId: pulumi.Output<string | undefined>;
  /** Status at the last create or refresh: `Preparing`, `InProgress` (or `Idle`). */
  declare public readonly status: pulumi.Output<string>;
  /** Start time reported by DescribeAIConversation (`YYYY-MM-DD hh:mm:ss.ffffff`). */
  declare public readonly startTime: pulumi.Output<string | undefined>;
  /**
   * `true` while the bot may run another configuration than state records: it was adopted or
   * found after a lost start, or an update's outcome is unknown. The next in-place update
   * (`updateInPlace`) sends every field it can change and clears it.
   */
  declare public readonly configurationUnverified: pulumi.Output<boolean | undefined>;
  /** The region the bot runs in. */
  declare public readonly region: pulumi.Output<Region>;
  /** The room the bot is in. */
  declare public readonly roomId: pulumi.Output<string | number>;

  /**
   * @param name The unique name of the resource.
   * @param args The bot's configuration.
   * @param opts Resource options.
   */
  constructor(name: string, args: AIConversationArgs, opts?: pulumi.CustomResourceOptions) {
    // Installed under node_modules, the instance module's export is stored as one require();
    // elsewhere a thin loader keeps `__provider` small (see instance.ts and loader.ts).
    const installed = __dirname.split(/[\\/]/).includes("node_modules");
    const provider: pulumi.dynamic.ResourceProvider = installed
      ? require("./instance")
      : loaderProvider;
    super(provider, name, aiConversationProps(name, args), opts, "trtc", "AIConversation");
  }
}

/**
 * The props an AIConversation registers: the args with secret fields marked, the SessionId scope,
 * and placeholders for the declared outputs only. Each property costs the program four promises
 * (the SDK's transferProperties) and the engine its copy in every checkpoint, so nothing else is
 * listed.
 * Exported for tests that register the same resource with another provider build.
 */
export function aiConversationProps(name: string, args: AIConversationArgs): pulumi.Inputs {
  return {
    ...args,
    agentConfig: withSecretFields("agentConfig", args.agentConfig),
    sttConfig: withSecretFields("sttConfig", args.sttConfig),
    llmConfig: withSecretFields("llmConfig", args.llmConfig),
    ttsConfig: withSecretFields("ttsConfig", args.ttsConfig),
    sessionId: args.sessionId,
    region: args.region,
    sessionScope: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
    ...Object.fromEntries(TASK_OUTPUTS.map((key) => [key, undefined])),
  };
}
