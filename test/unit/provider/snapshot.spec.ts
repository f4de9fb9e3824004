import assert from "node:assert/strict";
import { diffInputs } from "../../../provider/ai-conversation/diff";
import type { NormalizedInputs } from "../../../provider/ai-conversation/model";
import {
  configDigestOf,
  digestOf,
  secretRecordOf,
} from "../../../provider/ai-conversation/snapshot";
import { refreshedRecord, stateRecord } from "../../../provider/ai-conversation/state";
import { type Raw, flowTts, normalized, openAiLlm } from "./fixtures";

const LLM_KEY = "sk-live-0123456789";
const SIG_SECRET = "0123456789abcdef";

function inputs(over: Raw = {}, llm: Raw = {}): NormalizedInputs {
  return normalized({
    sdkAppId: 1400000000,
    roomId: "support-room",
    agentConfig: { userId: "support_bot", userSigSecret: SIG_SECRET, targetUserId: "c_1" },
    llmConfig: { ...openAiLlm(), ...llm },
    ttsConfig: flowTts(),
    ...over,
  });
}

const FACTS = { taskId: "task-1.", status: "InProgress" as const, sessionId: "pt-x" };

describe("the state record's configuration (snapshot.ts)", () => {
  it("digests a value the same whatever its key order", () => {
    assert.equal(digestOf({ a: 1, b: { c: 2, d: 3 } }), digestOf({ b: { d: 3, c: 2 }, a: 1 }));
    assert.notEqual(digestOf({ a: 1 }), digestOf({ a: "1" }));
  });

  it("never digests a secret: the secrets are kept as they are, at their own paths", () => {
    const a = inputs();
    const b = inputs({}, { apiKey: "sk-other-9876543210" });
    assert.deepEqual(configDigestOf(a), configDigestOf(b));
    assert.ok(!JSON.stringify(configDigestOf(a)).includes(LLM_KEY));
    assert.deepEqual(secretRecordOf(a), {
      agentConfig: { userSigSecret: SIG_SECRET },
      llmConfig: { apiKey: LLM_KEY },
    });
    const record = stateRecord(a, FACTS, true);
    assert.equal(record.configDigest?.llmConfig, digestOf({ ...openAiLlm(), apiKey: undefined }));
    assert.equal(record.configDigest?.["agentConfig.userSigSecret"], undefined);
  });

  it("sees a change of a secret alone as a change of its unit", () => {
    const olds = stateRecord(inputs(), FACTS, true);
    const news = inputs({ updateInPlace: true }, { apiKey: "sk-other-9876543210" });
    assert.deepEqual(diffInputs(olds, news), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: true,
    });
    const newSecret = inputs({
      agentConfig: {
        userId: "support_bot",
        userSigSecret: "fedcba9876543210",
        targetUserId: "c_1",
      },
    });
    assert.deepEqual(diffInputs(olds, newSecret).replaces, ["agentConfig"]);
  });

  it("does not grow with the length of a value, as the echo of every input did", () => {
    const prompt = "You are the support bot of a shop. ".repeat(100);
    const short = stateRecord(inputs(), FACTS, true);
    const long = stateRecord(inputs({}, { systemPrompt: prompt }), FACTS, true);
    assert.equal(JSON.stringify(long).length, JSON.stringify(short).length);
    assert.ok(!JSON.stringify(long).includes("support bot of a shop"));
  });

  it("takes an imported bot's configuration on trust, but not its app or region", () => {
    // What an import records: the task's facts, app and region, no configuration.
    const imported = refreshedRecord(
      { sdkAppId: 1400000000, region: "ap-guangzhou", configurationUnverified: true },
      { ...FACTS, configurationUnverified: true },
    );
    assert.equal(imported.configDigest, undefined);
    const same = inputs({ region: "ap-guangzhou" });
    assert.deepEqual(diffInputs(imported, same), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: true,
    });
    assert.deepEqual(diffInputs(imported, inputs({ region: "ap-singapore" })).replaces, ["region"]);
    assert.deepEqual(
      diffInputs(imported, inputs({ sdkAppId: 1400000001, region: "ap-guangzhou" })).replaces,
      ["sdkAppId"],
    );
  });

  it("keeps a refreshed record's configuration as it was", () => {
    const record = stateRecord(inputs(), FACTS, true);
    const refreshed = refreshedRecord(record, { ...FACTS, status: "InProgress" });
    assert.deepEqual(refreshed, record);
  });
});
