import assert from "node:assert/strict";
import { keepStoredDefaults } from "../../../provider/ai-conversation/stored-defaults";
import { type Raw, flowTts, normalized, openAiLlm } from "./fixtures";

function raw(agent: Raw = {}): Raw {
  return {
    sdkAppId: 1400000000,
    roomId: "support-room",
    agentConfig: { userId: "bot", userSigSecret: "k-0123", targetUserId: "c_1", ...agent },
    llmConfig: openAiLlm(),
    ttsConfig: flowTts(),
  };
}

/** Old inputs as 0.1.0 checked them: agentConfig's defaults filled in and listed. */
function oldInputsOf010(): Raw {
  return {
    ...raw({
      maxIdleTime: 60,
      interruptMode: 0,
      interruptSpeechDuration: 500,
      turnDetectionMode: 0,
      filterOneWord: true,
      welcomeMessagePriority: 0,
    }),
    roomIdType: 1,
    region: "ap-guangzhou",
    defaultsApplied: [
      "roomIdType",
      "region",
      "agentConfig.maxIdleTime",
      "agentConfig.interruptMode",
      "agentConfig.interruptSpeechDuration",
      "agentConfig.turnDetectionMode",
      "agentConfig.filterOneWord",
      "agentConfig.welcomeMessagePriority",
    ],
  };
}

describe("keepStoredDefaults", () => {
  it("keeps the defaults 0.1.0 stored, so the new inputs equal the old ones (no phantom removals)", () => {
    const old = oldInputsOf010();
    const kept = keepStoredDefaults(normalized(raw()), old);
    assert.deepEqual(JSON.parse(JSON.stringify(kept)), old);
  });

  it("keeps nothing the user now gives, and nothing without old inputs (a replacement's check)", () => {
    const old = oldInputsOf010();
    const kept = keepStoredDefaults(normalized(raw({ interruptMode: 1 })), old);
    assert.equal(kept.agentConfig.interruptMode, 1);
    assert.ok(!kept.defaultsApplied.includes("agentConfig.interruptMode"));
    const fresh = normalized(raw());
    assert.equal(keepStoredDefaults(fresh, {}), fresh);
    assert.equal(fresh.agentConfig.maxIdleTime, undefined);
  });

  it("keeps nothing for state this release wrote (no stored defaults)", () => {
    const current = normalized(raw());
    assert.equal(
      keepStoredDefaults(normalized(raw()), current as unknown as Raw).agentConfig.maxIdleTime,
      undefined,
    );
  });

  it("ignores entries that are not agentConfig defaults", () => {
    const old = {
      ...oldInputsOf010(),
      defaultsApplied: ["agentConfig.welcomeMessage", 7, "x.y.z"],
    };
    const kept = keepStoredDefaults(normalized(raw()), old);
    assert.equal(kept.agentConfig.welcomeMessage, undefined);
  });
});
