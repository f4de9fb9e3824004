import assert from "node:assert/strict";
import { buildUpdateRequest } from "../../../provider/ai-conversation/request";
import { type Raw, flowTts, normalized, openAiLlm } from "./fixtures";

function inputs(agent: Raw = {}, top: Raw = {}) {
  return normalized({
    sdkAppId: 1400000000,
    roomId: "support-room",
    agentConfig: { userId: "bot", userSigSecret: "k-0123", targetUserId: "c_1", ...agent },
    llmConfig: openAiLlm(),
    ttsConfig: flowTts(),
    ...top,
  });
}

describe("buildUpdateRequest", () => {
  it("sends only what changed among the fields UpdateAIConversation takes", () => {
    const olds = inputs({ welcomeMessage: "Hi" });
    const news = inputs({ welcomeMessage: "Bye" });
    assert.deepEqual(buildUpdateRequest("t-1", olds, news), {
      TaskId: "t-1",
      WelcomeMessage: "Bye",
    });
    assert.equal(buildUpdateRequest("t-1", olds, olds), undefined);
  });

  it("sends every field it takes, agent defaults included, with `everything` (an unverified bot)", () => {
    const olds = inputs({ welcomeMessage: "Hi" });
    const request = buildUpdateRequest("t-1", olds, olds, { everything: true });
    assert.deepEqual(Object.keys(request ?? {}).sort(), [
      "InterruptMode",
      "InterruptSpeechDuration",
      "LLMConfig",
      "TTSConfig",
      "TaskId",
      "WelcomeMessage",
    ]);
    assert.equal(request?.InterruptMode, 0);
    assert.equal(request?.InterruptSpeechDuration, 500);
    assert.equal(request?.WelcomeMessage, "Hi");
    assert.equal(JSON.parse(request?.TTSConfig as string).VoiceId, "v-female-R2s4N9qJ");
  });

  it("never sends an agent field the inputs leave without value or default (it cannot be unset)", () => {
    const request = buildUpdateRequest("t-1", inputs(), inputs(), { everything: true });
    assert.ok(!("WelcomeMessage" in (request ?? {})));
  });
});
