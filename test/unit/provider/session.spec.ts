import assert from "node:assert/strict";
import { validateInputs } from "../../../provider/ai-conversation/check";
import { resolveDefaults, type ResolvedInputs } from "../../../provider/ai-conversation/model";
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

function inputs(overrides: Raw = {}): ResolvedInputs {
  const result = validateInputs({ ...rawInput(), ...overrides });
  assert.deepEqual(result.failures, []);
  assert.ok(result.inputs);
  return resolveDefaults(result.inputs);
}

describe("sessionIdFor", () => {
  it("holds no secret: a secret's value does not change it, only whether the field is set", () => {
    const base = sessionIdFor(inputs());
    const agent = rawInput().agentConfig as Raw;
    const llm = rawInput().llmConfig as Raw;
    assert.equal(
      sessionIdFor(inputs({ agentConfig: { ...agent, userSigSecret: "another-app-key-9" } })),
      base,
    );
    assert.equal(sessionIdFor(inputs({ llmConfig: { ...llm, apiKey: "sk-rotated-key" } })), base);
    const stt = (customParam: string) => inputs({ sttConfig: { language: "en", customParam } });
    assert.equal(sessionIdFor(stt('{"k":"a"}')), sessionIdFor(stt('{"k":"b"}')));
    assert.notEqual(
      sessionIdFor(stt('{"k":"a"}')),
      sessionIdFor(inputs({ sttConfig: { language: "en" } })),
    );
  });

  it("does not depend on inputs that only say how the provider works", () => {
    assert.equal(
      sessionIdFor(
        inputs({ updateInPlace: true, adoptTaskId: "t-1", adoptFromAnotherStack: true }),
      ),
      sessionIdFor(inputs()),
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
    const b = Object.fromEntries(Object.entries(a).reverse()) as unknown as ResolvedInputs;
    b.llmConfig = Object.fromEntries(
      Object.entries(a.llmConfig).reverse(),
    ) as ResolvedInputs["llmConfig"];
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
    } as unknown as ResolvedInputs;
    assert.equal(sessionIdFor(other), sessionIdFor(base));
  });

  it("returns a user-given sessionId as it is", () => {
    assert.equal(sessionIdFor(inputs({ sessionId: "order-42" })), "order-42");
  });
});
