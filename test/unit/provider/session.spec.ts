import assert from "node:assert/strict";
import { validateInputs, type NormalizedInputs } from "../../../provider/ai-conversation/check";
import { sessionIdFor } from "../../../provider/ai-conversation/session";
import { type Raw, flowTts, openAiLlm } from "./fixtures";

function rawInput(): Raw {
  return {
    sdkAppId: 1400000000,
    roomId: "support-room",
    sessionScope: "proj/dev/support-bot",
    agentConfig: { userId: "support_bot", userSigSecret: "0123456789abcdef", targetUserId: "c_1" },
    llmConfig: openAiLlm(),
    ttsConfig: flowTts(),
  };
}

function inputs(overrides: Raw = {}): NormalizedInputs {
  const result = validateInputs({ ...rawInput(), ...overrides });
  assert.deepEqual(result.failures, []);
  assert.ok(result.inputs);
  return result.inputs;
}

describe("sessionIdFor", () => {
  it("derives what the previous release (0.1.0) derives, so a re-run after a lost start finds its bot across an upgrade", () => {
    // Values computed by 0.1.0's provider/session.ts for these inputs.
    assert.equal(sessionIdFor(inputs()), "pt-7cf53bbd6a2804bb21273bf6c619824149f8674a");
    assert.equal(
      sessionIdFor(inputs({ updateInPlace: true, adoptTaskId: "t-1" })),
      "pt-f527f8091eeb0caea089148540ad1a3857a590b0",
    );
  });

  it("derives `pt-` and 40 lowercase hex digits", () => {
    assert.match(sessionIdFor(inputs()), /^pt-[0-9a-f]{40}$/);
  });

  it("is deterministic for the same inputs", () => {
    assert.equal(sessionIdFor(inputs()), sessionIdFor(inputs()));
    assert.equal(sessionIdFor(inputs(), 2), sessionIdFor(inputs(), 2));
  });

  it("does not depend on the order of keys", () => {
    const a = inputs();
    const b = Object.fromEntries(Object.entries(a).reverse()) as unknown as NormalizedInputs;
    b.llmConfig = Object.fromEntries(
      Object.entries(a.llmConfig).reverse(),
    ) as NormalizedInputs["llmConfig"];
    assert.equal(sessionIdFor(b), sessionIdFor(a));
  });

  const replaceForcing: Array<[string, Raw]> = [
    ["roomId", { roomId: "sales-room" }],
    ["sdkAppId", { sdkAppId: 1400000001 }],
    ["region", { region: "ap-tokyo" }],
    [
      "agentConfig.userId",
      { agentConfig: { ...(rawInput().agentConfig as Raw), userId: "sales_bot" } },
    ],
    [
      "agentConfig.maxIdleTime",
      { agentConfig: { ...(rawInput().agentConfig as Raw), maxIdleTime: 120 } },
    ],
    ["llmConfig.model", { llmConfig: { ...(rawInput().llmConfig as Raw), model: "gpt-4o" } }],
    ["ttsConfig.voiceId", { ttsConfig: { ...(rawInput().ttsConfig as Raw), voiceId: "v-2" } }],
    ["sttConfig", { sttConfig: { language: "en" } }],
    ["experimentalParams", { experimentalParams: { a: 1 } }],
  ];
  for (const [what, overrides] of replaceForcing) {
    it(`changes when ${what} changes`, () => {
      assert.notEqual(sessionIdFor(inputs(overrides)), sessionIdFor(inputs()));
    });
  }

  it("differs between resources (sessionScope) with the same configuration", () => {
    const a = sessionIdFor(inputs());
    const b = sessionIdFor(inputs({ sessionScope: "proj/prod/support-bot" }));
    const c = sessionIdFor(inputs({ sessionScope: "proj/dev/other-bot" }));
    assert.notEqual(a, b);
    assert.notEqual(a, c);
    assert.notEqual(b, c);
  });

  it("differs for each attempt", () => {
    const ids = [0, 1, 2, 3].map((attempt) => sessionIdFor(inputs(), attempt));
    assert.equal(new Set(ids).size, 4);
    assert.equal(ids[0], sessionIdFor(inputs()));
    for (const id of ids) assert.match(id, /^pt-[0-9a-f]{40}$/);
  });

  it("ignores bookkeeping: __provider and defaultsApplied", () => {
    const base = inputs();
    const other = {
      ...base,
      __provider: "code",
      defaultsApplied: [],
    } as unknown as NormalizedInputs;
    assert.equal(sessionIdFor(other), sessionIdFor(base));
  });

  it("returns a user-given sessionId as it is", () => {
    assert.equal(sessionIdFor(inputs({ sessionId: "order-42" })), "order-42");
  });
});
