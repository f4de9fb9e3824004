/** Inputs the provider's unit tests share. */
import assert from "node:assert/strict";
import { validateInputs } from "../../../provider/ai-conversation/check";
import type { NormalizedInputs } from "../../../provider/ai-conversation/model";

/** Raw resource inputs, as a program passes them. */
export type Raw = Record<string, unknown>;

/** A valid OpenAI-compatible llmConfig. */
export function openAiLlm(): Raw {
  return {
    llmType: "openai",
    model: "gpt-4o-mini",
    apiKey: "sk-live-0123456789",
    apiUrl: "https://api.openai.com/v1/chat/completions",
  };
}

/** A valid flow ttsConfig. */
export function flowTts(): Raw {
  return { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" };
}

/** Validates `raw`, asserting it is valid, and returns the normalized inputs. */
export function normalized(raw: Raw): NormalizedInputs {
  const { inputs, failures } = validateInputs(raw);
  assert.deepEqual(failures, []);
  assert.ok(inputs);
  return inputs;
}
