import assert from "node:assert/strict";
import { validateInputs } from "../../../provider/ai-conversation/check";
import { buildStartRequest, buildUpdateRequest } from "../../../provider/ai-conversation/request";
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

describe("ttsConfig.appId of Tencent TTS", () => {
  const tencent = (appId: unknown) => ({
    sdkAppId: 1400000000,
    roomId: "support-room",
    agentConfig: { userId: "bot", userSigSecret: "k-0123", targetUserId: "c_1" },
    llmConfig: openAiLlm(),
    ttsConfig: { ttsType: "tencent", appId, secretId: "AKIDtts", secretKey: "tts-k", voiceType: 1 },
  });

  it("takes a number or a string (the pages show both) and sends it as written", () => {
    for (const appId of [1300000000, "1300000000"]) {
      const request = buildStartRequest(normalized(tencent(appId)), "s-1", "sig");
      assert.equal(JSON.parse(request.TTSConfig as string).AppId, appId);
    }
  });

  it("refuses anything else, naming the field and both forms", () => {
    for (const appId of [true, "", 1.5]) {
      const { failures } = validateInputs(tencent(appId));
      assert.equal(failures.length, 1, JSON.stringify(failures));
      assert.equal(failures[0].property, "ttsConfig.appId");
      assert.match(failures[0].reason, /^Invalid value for ttsConfig\.appId/);
    }
    const { failures } = validateInputs(tencent(true));
    assert.match(failures[0].reason, /a whole number, or a string of 1 to 64 characters/);
  });
});
