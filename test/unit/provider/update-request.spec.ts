import assert from "node:assert/strict";
import { validateInputs } from "../../../provider/ai-conversation/check";
import { resolveDefaults } from "../../../provider/ai-conversation/model";
import { changedPaths } from "../../../provider/ai-conversation/diff";
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
    assert.deepEqual(buildUpdateRequest("t-1", changedPaths(olds, news), news), {
      TaskId: "t-1",
      WelcomeMessage: "Bye",
    });
    assert.equal(buildUpdateRequest("t-1", changedPaths(olds, olds), olds), undefined);
    // A leaf of the LLM config sends the whole config, as its JSON text.
    const llm = inputs(
      { welcomeMessage: "Hi" },
      { llmConfig: { ...openAiLlm(), model: "gpt-4o" } },
    );
    const request = buildUpdateRequest("t-1", changedPaths(olds, llm), llm);
    assert.deepEqual(Object.keys(request ?? {}), ["TaskId", "LLMConfig"]);
    assert.equal(JSON.parse(request?.LLMConfig as string).Model, "gpt-4o");
  });

  it("sends every field it takes, agent defaults included, when the bot is unverified", () => {
    const olds = inputs({ welcomeMessage: "Hi" });
    const request = buildUpdateRequest("t-1", "everything", olds);
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
    const request = buildUpdateRequest("t-1", "everything", inputs());
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
      const request = buildStartRequest(resolveDefaults(normalized(tencent(appId))), "s-1", "sig");
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
