/**
 * What the policy pack's unit specs share: a bot's checked inputs as the provider's check returns
 * them, a `ResourceValidationArgs` as `@pulumi/policy` builds it, and a run of one policy that
 * collects its violations.
 */
import assert from "node:assert/strict";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { validateInputs, type ValidateOptions } from "../../provider/ai-conversation/check";
import type { Region } from "../../provider/trtc/constants";
import { stackFacts, type StackFacts } from "../../policy/stack";

/** The dynamic resource's type. */
export const DYNAMIC_TYPE = "pulumi-nodejs:dynamic/trtc:AIConversation";

/** The native plugin's resource type. */
export const NATIVE_TYPE = "trtc:index:AIConversation";

/** Raw inputs, as a program passes them. */
export type Raw = Record<string, unknown>;

/** A valid bot's raw inputs; `agentConfig` and `llmConfig` entries of `over` merge into the groups. */
export function rawBot(over: Raw = {}): Raw {
  const { agentConfig, llmConfig, ...top } = over;
  return {
    sdkAppId: 1400000000,
    roomId: "room-1",
    agentConfig: {
      userId: "ai_bot",
      userSigSecret: "0f3c9a7be21d4c5e8a6b",
      targetUserId: "user_1",
      welcomeMessage: "Hello!",
      maxIdleTime: 300,
      ...(agentConfig as Raw | undefined),
    },
    sttConfig: { language: "en" },
    llmConfig: {
      llmType: "openai",
      model: "gpt-4o-mini",
      apiKey: "sk-live-7Hq2mZ9vK4pW8rT1",
      apiUrl: "https://api.openai.com/v1/chat/completions",
      ...(llmConfig as Raw | undefined),
    },
    ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
    ...top,
  };
}

/**
 * The inputs a policy sees for `raw`: what the provider's check returns (region and roomIdType
 * filled in, `defaultsApplied` listing them), plus the dynamic resource's `__provider`.
 */
export function checkedBot(raw: Raw = rawBot(), opts: ValidateOptions = {}): Raw {
  const { inputs, failures } = validateInputs(raw, opts);
  assert.deepEqual(failures, []);
  assert.ok(inputs);
  return { ...inputs, __provider: "exports.handler = require('pulumi-trtc/provider-instance');" };
}

/** A stack's facts: a stack named `dev`, not marked production, region from `trtcRegion`. */
export function devStack(over: Partial<StackFacts> = {}, trtcRegion?: Region): StackFacts {
  return { ...stackFacts({ stack: "dev", trtcRegion }), ...over };
}

/** Options of {@link validationArgs}. */
export interface ArgsOptions {
  type?: string;
  name?: string;
  /** The policy's configuration, as `--policy-pack-config` gives it. */
  config?: Raw;
  /** The resource's provider's inputs (decrypted, as the engine sends them). */
  providerProps?: Raw;
}

/** `ResourceValidationArgs` as `@pulumi/policy` builds them for one resource. */
export function validationArgs(props: Raw, opts: ArgsOptions = {}): ResourceValidationArgs {
  const type = opts.type ?? DYNAMIC_TYPE;
  const name = opts.name ?? "bot";
  const config = JSON.stringify(opts.config ?? {});
  const args: ResourceValidationArgs = {
    type,
    props,
    urn: `urn:pulumi:dev::proj::${type}::${name}`,
    name,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    // A fresh copy each call, as the server gives one; JSON.parse's `any` is the caller's T.
    getConfig: () => JSON.parse(config),
    notApplicable: (reason?: string): never => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
  if (opts.providerProps) {
    args.provider = {
      type: "pulumi:providers:pulumi-nodejs",
      urn: "urn:pulumi:dev::proj::pulumi:providers:pulumi-nodejs::default",
      name: "default",
      props: opts.providerProps,
    };
  }
  return args;
}

/** The messages `policy` reports for `args` (each validation of it, in order). */
export async function violations(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<string[]> {
  const messages: string[] = [];
  const validate = policy.validateResource;
  const validations = validate === undefined ? [] : Array.isArray(validate) ? validate : [validate];
  for (const v of validations) {
    await v(args, (message) => {
      messages.push(message);
    });
  }
  return messages;
}
