/**
 * The field table against SDK 4.1.313's request models. The type-level checks below fail to
 * compile (and so fail `npm run typecheck`) when a model has a field that is neither in the table
 * nor on a "left out, because" list, or when the table names a field the model does not have. The
 * tests that name them compile this file themselves, so they fail too, also when mocha runs
 * transpile-only.
 */
import assert from "node:assert/strict";
import type {
  AgentConfig,
  AmbientSound,
  STTConfig,
  StartAIConversationRequest,
  TurnDetection,
  UpdateAIConversationRequest,
  VoicePrint,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/trtc/v20190722/trtc_models";
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type {
  AIConversation,
  AIConversationArgs,
  AgentConfigArgs,
  AzureTtsConfigArgs,
  CozeLlmConfigArgs,
  CustomTtsConfigArgs,
  DifyLlmConfigArgs,
  FlowTtsConfigArgs,
  InworldTtsConfigArgs,
  KeyedVoiceTtsConfigArgs,
  MinimaxTtsConfigArgs,
  OpenAiLlmConfigArgs,
  SttConfigArgs,
  TencentTtsConfigArgs,
} from "../../../provider/resource";
import type { TaskOutputKey } from "../../../provider/outputs";
import type {
  NormalizedAgentConfig,
  NormalizedInputs,
  NormalizedSttConfig,
  agentConfigSchema,
  sttConfigSchema,
  topLevelSchema,
} from "../../../provider/ai-conversation/model";
import { SECRET_PATHS as PROGRAM_SECRET_PATHS } from "../../../provider/secret-paths";
import {
  AGENT_FIELDS,
  LLM_TYPES,
  LLM_VENDORS,
  SECRET_PATHS,
  START_FIELDS,
  STT_FIELDS,
  TOP_BOOKKEEPING,
  TTS_TYPES,
  TTS_VENDORS,
  UPDATE_LEFT_OUT,
  VENDOR_SECRET_KEYS,
  secretPaths,
  toApiFields,
  updatableKeys,
  vendorApiNames,
  type FieldTable,
} from "../../../provider/ai-conversation/fields";
import { CONFIG_KEYS } from "../../../provider/ai-conversation/diff";
import { typeErrorsIn } from "../../helpers/type-check";

/** The API names a table declares. */
type ApiNames<T> = { [K in keyof T]: T[K] extends { api: infer A } ? A : never }[keyof T];
/** The API names of a table's updatable fields. */
type UpdatableNames<T> = {
  [K in keyof T]: T[K] extends { api: infer A; updatable: true } ? A : never;
}[keyof T];
/** The nested API names a struct field declares. */
type StructNames<T, K extends keyof T> = T[K] extends { struct: infer S } ? S[keyof S] : never;

/** `true` only when `A` and `B` hold exactly the same names; a type error otherwise. */
type Same<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : never;

// Every field of each model is in the table, and the table names no field the model lacks.
const start: Same<keyof StartAIConversationRequest, ApiNames<typeof START_FIELDS>> = true;
const agent: Same<keyof AgentConfig, ApiNames<typeof AGENT_FIELDS>> = true;
const stt: Same<keyof STTConfig, ApiNames<typeof STT_FIELDS>> = true;
const update: Same<
  keyof UpdateAIConversationRequest,
  | UpdatableNames<typeof AGENT_FIELDS>
  | UpdatableNames<typeof START_FIELDS>
  | keyof typeof UPDATE_LEFT_OUT
> = true;
const ambient: Same<keyof AmbientSound, StructNames<typeof AGENT_FIELDS, "ambientSound">> = true;
const voicePrint: Same<keyof VoicePrint, StructNames<typeof AGENT_FIELDS, "voicePrint">> = true;
const turnDetection: Same<
  keyof TurnDetection,
  StructNames<typeof AGENT_FIELDS, "turnDetection">
> = true;

// The inputs each layer knows are the table's, no more and no fewer: a field added to the table
// and forgotten in the zod schema, the normalized type or the documented Args fails here.
type AgentKeys = keyof typeof AGENT_FIELDS;
type SttKeys = keyof typeof STT_FIELDS;
type TopKeys = keyof typeof START_FIELDS;
const agentSchema: Same<keyof z.infer<ReturnType<typeof agentConfigSchema>>, AgentKeys> = true;
const agentNormalized: Same<keyof NormalizedAgentConfig, AgentKeys> = true;
const agentArgs: Same<keyof AgentConfigArgs, AgentKeys> = true;
const sttSchema: Same<keyof z.infer<ReturnType<typeof sttConfigSchema>>, SttKeys> = true;
const sttNormalized: Same<keyof NormalizedSttConfig, SttKeys> = true;
const sttArgs: Same<keyof SttConfigArgs, SttKeys> = true;
const topSchema: Same<
  keyof z.infer<ReturnType<typeof topLevelSchema>>,
  TopKeys | keyof typeof TOP_BOOKKEEPING
> = true;
const topNormalized: Same<keyof NormalizedInputs, TopKeys | keyof typeof TOP_BOOKKEEPING> = true;
const topArgs: Same<keyof AIConversationArgs, TopKeys> = true;
// Every output state records beyond the inputs is declared on the resource class.
const outputsDeclared: Same<Extract<keyof AIConversation, TaskOutputKey>, TaskOutputKey> = true;

/** The guards above, by name: their types are the checks (see typeErrorsIn). */
const SDK_GUARDS = { start, agent, stt, update, ambient, voicePrint, turnDetection };
const LAYER_GUARDS = {
  agentSchema,
  agentNormalized,
  agentArgs,
  sttSchema,
  sttNormalized,
  sttArgs,
  topSchema,
  topNormalized,
  topArgs,
  outputsDeclared,
};

describe("the field table", function () {
  // The first of these tests compiles this file (a few seconds); the others reuse the compile.
  this.timeout(60_000);

  it("matches the zod schemas, the normalized types and the documented Args (checked when this file compiles)", () => {
    assert.deepEqual(typeErrorsIn(__filename, Object.keys(LAYER_GUARDS)), []);
  });

  it("covers every request field of SDK 4.1.313's models (checked when this file compiles)", () => {
    assert.deepEqual(typeErrorsIn(__filename, Object.keys(SDK_GUARDS)), []);
  });

  it("marks what UpdateAIConversation changes: three agent fields, the LLM and TTS configs", () => {
    assert.deepEqual(updatableKeys(AGENT_FIELDS), [
      "welcomeMessage",
      "interruptMode",
      "interruptSpeechDuration",
    ]);
    assert.deepEqual(updatableKeys(START_FIELDS), ["llmConfig", "ttsConfig"]);
  });

  it("has every Start field among what the diff compares (plus region, sent as X-TC-Region)", () => {
    assert.deepEqual(
      [...CONFIG_KEYS].sort(),
      Object.keys(START_FIELDS)
        .filter((k) => !["updateInPlace", "adoptTaskId", "adoptFromAnotherStack"].includes(k))
        .sort(),
    );
  });

  it("is the source of the secret paths, and the program side's zod-free copy matches it", () => {
    assert.deepEqual([...SECRET_PATHS], secretPaths());
    assert.deepEqual([...PROGRAM_SECRET_PATHS], secretPaths());
    assert.deepEqual(secretPaths(), [
      "agentConfig.userSig",
      "agentConfig.userSigSecret",
      "sttConfig.customParam",
      ...VENDOR_SECRET_KEYS.llmConfig.map((k) => `llmConfig.${k}`),
      ...VENDOR_SECRET_KEYS.ttsConfig.map((k) => `ttsConfig.${k}`),
    ]);
  });

  it("lists the LLMConfig keys of each llmType from the docs (647/115413, trtc.io 79680, 647/79681)", () => {
    const common = [
      "APIKey",
      "APIUrl",
      "Streaming",
      "SystemPrompt",
      "Timeout",
      "History",
      "HistoryMode",
      "MaxTokens",
      "Temperature",
      "TopP",
      "ExtraBody",
      "UserMessages",
      "MetaInfo",
    ];
    const apiNames = (table: FieldTable) => Object.values(table).map((f) => f.api);
    assert.deepEqual(LLM_TYPES, ["openai", "dify", "coze"]);
    assert.deepEqual(apiNames(LLM_VENDORS.openai), [...common, "Model"]);
    assert.deepEqual(apiNames(LLM_VENDORS.dify), [...common, "Inputs", "User", "ConversationId"]);
    assert.deepEqual(apiNames(LLM_VENDORS.coze), [...common, "BotId", "UserId", "conversation_id"]);
    const required = (table: FieldTable) =>
      Object.entries(table)
        .filter(([, f]) => f.required)
        .map(([k]) => k);
    assert.deepEqual(required(LLM_VENDORS.openai), ["apiKey", "apiUrl", "model"]);
    assert.deepEqual(required(LLM_VENDORS.coze), ["apiKey", "apiUrl", "botId"]);
  });

  it("lists the TTSConfig keys of each ttsType from the docs (647/115414, trtc.io 68340, 79683-79688)", () => {
    const keys = Object.fromEntries(
      Object.entries(TTS_VENDORS).map(([type, table]) => [
        type,
        Object.entries(table).map(
          ([k, f]) =>
            `${f.api}${"required" in f ? "!" : ""}${k === f.api.charAt(0).toLowerCase() + f.api.slice(1) ? "" : `(${k})`}`,
        ),
      ]),
    );
    assert.deepEqual(TTS_TYPES, Object.keys(keys));
    assert.deepEqual(keys, {
      flow: ["VoiceId!", "Model!", "Speed", "Volume", "Pitch", "Language"],
      tencent: [
        "AppId!",
        "SecretId!",
        "SecretKey!",
        "VoiceType!",
        "Speed",
        "Volume",
        "PrimaryLanguage",
        "FastVoiceType",
      ],
      minimax: ["Model!", "APIUrl!(apiUrl)", "APIKey!(apiKey)", "GroupId!", "VoiceType!", "Speed"],
      azure: ["SubscriptionKey!", "Region!", "VoiceName!", "Language!", "Rate"],
      cartesia: ["Model!", "APIKey!(apiKey)", "VoiceId!"],
      elevenlabs: ["Model!", "APIKey!(apiKey)", "VoiceId!"],
      inworld: ["APIKey!(apiKey)", "VoiceId!", "ModelId!", "Temperature"],
      custom: ["APIKey!(apiKey)", "APIUrl!(apiUrl)", "AudioFormat", "SampleRate", "AudioChannel"],
    });
  });

  it("renames a vendor's keys by its own table first, then by the other vendors' (as 0.1.0 did)", () => {
    assert.equal(vendorApiNames("llmConfig", "coze").conversationId, "conversation_id");
    assert.equal(vendorApiNames("llmConfig", "openai").conversationId, "ConversationId");
    assert.equal(vendorApiNames("llmConfig", "openai").botId, "BotId");
    assert.equal(vendorApiNames("ttsConfig", "flow").subscriptionKey, "SubscriptionKey");
    assert.equal(vendorApiNames("ttsConfig", "azure").ttsType, "TTSType");
  });

  it("builds a vendor's renames once and shares them read-only; a type no table knows gets the group's", () => {
    const coze = vendorApiNames("llmConfig", "coze");
    assert.equal(vendorApiNames("llmConfig", "coze"), coze);
    assert.ok(Object.isFrozen(coze));
    const unknown = vendorApiNames("llmConfig", "not-a-vendor");
    assert.equal(unknown.llmType, "LLMType");
    assert.equal(unknown.conversationId, "ConversationId"); // the first table that names it
    assert.equal(vendorApiNames("llmConfig", "another-unknown"), unknown);
    assert.notEqual(vendorApiNames("ttsConfig", "not-a-vendor"), unknown);
  });

  it("marks the vendor secret keys from the tables: LLM APIKey; TTS APIKey, SecretId, SecretKey, SubscriptionKey", () => {
    assert.deepEqual([...VENDOR_SECRET_KEYS.llmConfig], ["apiKey"]);
    assert.deepEqual([...VENDOR_SECRET_KEYS.ttsConfig].sort(), [
      "apiKey",
      "secretId",
      "secretKey",
      "subscriptionKey",
    ]);
  });

  it("maps inputs to API fields, nested structs too, leaving out what is undefined or unknown", () => {
    assert.deepEqual(
      toApiFields(
        {
          userId: "bot",
          welcomeMessage: undefined,
          ambientSound: { scene: "busy_office", volume: undefined },
          notAField: 1,
        },
        AGENT_FIELDS,
      ),
      { UserId: "bot", AmbientSound: { Scene: "busy_office" } },
    );
  });
});

// Each documented Args field takes what its rule takes: a type the table's rule would refuse
// (or a narrower one than the rule allows, for literal sets) fails to compile here.
type RuleInput<F> = F extends { rule: infer R extends z.ZodType } ? z.input<R> : never;
/** The Args fields whose type the rule does not take (`never` when all agree). */
type Disagreeing<A, T> = {
  [K in keyof A & keyof T]-?: [NonNullable<pulumi.Unwrap<A[K]>>] extends [RuleInput<T[K]>]
    ? never
    : K;
}[keyof A & keyof T];
/** `true` when every Args field agrees with its rule; the names of those that do not, otherwise. */
type ArgsAgree<A, T> = [Disagreeing<A, T>] extends [never] ? true : Disagreeing<A, T>;
const agentTypes: ArgsAgree<AgentConfigArgs, typeof AGENT_FIELDS> = true;
const sttTypes: ArgsAgree<SttConfigArgs, typeof STT_FIELDS> = true;
const topTypes: ArgsAgree<AIConversationArgs, typeof START_FIELDS> = true;

// The vendor Args: each LLM and TTS vendor's documented keys are its table's, no more and no
// fewer (the `[extra: string]` escape hatch aside), and each takes what its rule takes.
/** The keys an interface names, without its index signature. */
type NamedKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };
/** The documented Args of each vendor. */
type LlmArgsOf = { openai: OpenAiLlmConfigArgs; dify: DifyLlmConfigArgs; coze: CozeLlmConfigArgs };
type TtsArgsOf = {
  flow: FlowTtsConfigArgs;
  tencent: TencentTtsConfigArgs;
  minimax: MinimaxTtsConfigArgs;
  azure: AzureTtsConfigArgs;
  cartesia: KeyedVoiceTtsConfigArgs;
  elevenlabs: KeyedVoiceTtsConfigArgs;
  inworld: InworldTtsConfigArgs;
  custom: CustomTtsConfigArgs;
};
/** Whether the vendor's Args name exactly its table's keys, and take what the rules take. */
type VendorArgsAgree<A, T, TypeKey extends string> = {
  keys: Same<Exclude<NamedKeys<A>, TypeKey>, keyof T>;
  types: ArgsAgree<A, T>;
};
const ok = { keys: true, types: true } as const;
const llmVendors: Same<keyof LlmArgsOf, keyof typeof LLM_VENDORS> = true;
const ttsVendors: Same<keyof TtsArgsOf, keyof typeof TTS_VENDORS> = true;
const llmArgs: {
  [V in keyof typeof LLM_VENDORS]: VendorArgsAgree<
    LlmArgsOf[V],
    (typeof LLM_VENDORS)[V],
    "llmType"
  >;
} = { openai: ok, dify: ok, coze: ok };
const ttsArgs: {
  [V in keyof typeof TTS_VENDORS]: VendorArgsAgree<
    TtsArgsOf[V],
    (typeof TTS_VENDORS)[V],
    "ttsType"
  >;
} = {
  flow: ok,
  tencent: ok,
  minimax: ok,
  azure: ok,
  cartesia: ok,
  elevenlabs: ok,
  inworld: ok,
  custom: ok,
};

const ARGS_GUARDS = { agentTypes, sttTypes, topTypes };
const VENDOR_GUARDS = { llmVendors, ttsVendors, llmArgs, ttsArgs };

describe("the documented Args", function () {
  this.timeout(60_000);

  it("take for each field what its rule in the table takes (checked when this file compiles)", () => {
    assert.deepEqual(typeErrorsIn(__filename, Object.keys(ARGS_GUARDS)), []);
  });

  it("name every key of each LLM and TTS vendor's table, and take what its rule takes (checked when this file compiles)", () => {
    assert.deepEqual(typeErrorsIn(__filename, Object.keys(VENDOR_GUARDS)), []);
  });
});
