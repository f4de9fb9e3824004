import assert from "node:assert/strict";
import * as path from "node:path";
import type { UpOptions } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorStackConfig } from "../helpers/emulator";
import { createTestStack, type TestStack } from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "bot");

// Every secret has upper- and lower-case letters, a space and a quote or backslash, so that no
// form below equals the secret itself.
const SECRET_KEY = "Emu-Secret-Key+Echo 0c9a\\31f7";
const APP_KEY = 'App-Key-Echo/5b"2e 8d41';
const LLM_KEY = 'sk-Echo-LLM "q" k/7f3a 9c1d';
/** `sttConfig.customParam`: a secret whose value is JSON text, with string values inside. */
const CUSTOM_PARAM = '{"hotword": "Inner-Echo-5e1d2a", "deep": {"k": ["Deep Leaf-77b9"]}}';
const INNER_VALUES = ["Inner-Echo-5e1d2a", "Deep Leaf-77b9"];
const CUSTOM_COMPACT = JSON.stringify(JSON.parse(CUSTOM_PARAM));

/** The ways an API may echo secret `s`, by name; none of them is `s` itself. */
function echoesOf(name: string, s: string): Array<[string, string]> {
  return [
    [`${name} upper-cased`, s.toUpperCase()],
    [`${name} lower-cased`, s.toLowerCase()],
    [`${name} URL-encoded`, encodeURIComponent(s)],
    [`${name} URL-encoded with +`, encodeURIComponent(s).replace(/%20/g, "+")],
    [`${name} JSON-escaped`, JSON.stringify(s).slice(1, -1)],
    [`${name} 14-character prefix`, s.slice(0, 14)],
    [`${name} 14-character middle`, s.slice(5, 19)],
  ];
}

/** Echoes of the customParam's content: each inner value and the re-serialized text. */
const CUSTOM_CONTENT: Array<[string, string]> = [
  ...INNER_VALUES.map((v, i): [string, string] => [`customParam inner value ${i + 1}`, v]),
  ["customParam re-serialized", CUSTOM_COMPACT],
];

/** Echoed by the failing StartAIConversation (an emulator fault message holds 1,024 characters). */
const START_ECHOES: Array<[string, string]> = [
  ...echoesOf("trtc:secretKey", SECRET_KEY),
  ...echoesOf("userSigSecret", APP_KEY),
  ...echoesOf("llmConfig.apiKey", LLM_KEY),
  ...CUSTOM_CONTENT,
];

/**
 * Echoed by the failing UpdateAIConversation. The engine itself scrubs each secret config value
 * as it is and JSON-escaped, but customParam is only part of one (bot:extra), so its forms here
 * reach the engine unless the provider scrubs them.
 */
const UPDATE_ECHOES: Array<[string, string]> = [
  ...echoesOf("customParam", CUSTOM_PARAM),
  ...CUSTOM_CONTENT,
  ["customParam re-serialized, JSON-escaped", JSON.stringify(CUSTOM_COMPACT).slice(1, -1)],
  ["llmConfig.apiKey upper-cased", LLM_KEY.toUpperCase()],
  ["trtc:secretKey 12-character suffix", SECRET_KEY.slice(-12)],
];

/** Every secret and every form of it that either fault echoes. */
const ALL_FORMS: Array<[string, string]> = [
  ["trtc:secretKey", SECRET_KEY],
  ["userSigSecret", APP_KEY],
  ["llmConfig.apiKey", LLM_KEY],
  ["customParam", CUSTOM_PARAM],
  ...START_ECHOES,
  ...UPDATE_ECHOES,
];

/** The fault message: the echoes, one after another, between markers. */
function echoMessage(echoes: Array<[string, string]>): string {
  return `echoed: ${echoes.map(([, form]) => form).join(" | ")} :end`;
}

/**
 * What the message must read once scrubbed: one `[secret]` per echo. A separator's space may go
 * too, where the secret goes on with a space after the part echoed.
 */
function scrubbedMessage(echoes: Array<[string, string]>): RegExp {
  return new RegExp(`echoed: \\[secret\\](?: ?\\| ?\\[secret\\]){${echoes.length - 1}} :end`);
}

describe("secrets echoed in other forms by a failing API", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;

  before(async () => {
    emulator = await startEmulator({
      preparingMs: 200,
      secretKey: SECRET_KEY,
      apps: { "1400000000": APP_KEY },
    });
    const { config, secretConfig } = emulatorStackConfig(emulator);
    t = await createTestStack({
      programDir,
      config: { ...config, "trtc:maxRetries": "0" },
      secretConfig: {
        ...secretConfig,
        "bot:appKey": APP_KEY,
        "bot:llmApiKey": LLM_KEY,
        // The whole of bot:extra is secret config; the program marks customParam secret.
        "bot:extra": JSON.stringify({
          top: { updateInPlace: true, sttConfig: { language: "en", customParam: CUSTOM_PARAM } },
        }),
      },
    });
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  /**
   * `pulumi up --debug -v=9 --logtostderr --logflow` that must fail: resolves to everything the
   * CLI printed (stdout, stderr with the verbose log) and the error's message.
   */
  async function failingVerboseUp(): Promise<string> {
    const seen: string[] = [];
    const opts: UpOptions = {
      color: "never",
      debug: true,
      logVerbosity: 9,
      logToStdErr: true,
      logFlow: true,
      onOutput: (out) => seen.push(out),
      onError: (err) => seen.push(err),
    };
    const message = await t.stack.up(opts).then(
      () => assert.fail("up should fail"),
      (e: Error) => e.message,
    );
    return [...seen, message].join("\n");
  }

  /**
   * Names of the forms of which 12 or more characters in a row appear in `output`, in any case,
   * as they are or escaped once or twice more (the verbose log quotes the messages it carries).
   */
  function leaked(output: string): string[] {
    const escaped = (x: string) => JSON.stringify(x).slice(1, -1);
    const runs = new Map<string, Set<string>>();
    for (const [name, form] of ALL_FORMS) {
      for (const variant of [form, escaped(form), escaped(escaped(form))]) {
        const v = variant.toLowerCase();
        for (let i = 0; i + 12 <= v.length; i++) {
          const run = v.slice(i, i + 12);
          runs.set(run, (runs.get(run) ?? new Set()).add(name));
        }
      }
    }
    const found = new Set<string>();
    const lower = output.toLowerCase();
    for (let i = 0; i + 12 <= lower.length; i++) {
      for (const name of runs.get(lower.slice(i, i + 12)) ?? []) found.add(name);
    }
    return [...found].sort();
  }

  it("keeps every form out of the output and the -v=9 log of a failed start and a failed update", async () => {
    for (const echoes of [START_ECHOES, UPDATE_ECHOES]) {
      const forms = echoes.map(([, f]) => f);
      assert.equal(new Set(forms).size, forms.length, "the forms are distinct");
      assert.ok(
        forms.every((f) => f.length >= 12),
        "every form is long enough for leaked() to find",
      );
      for (const secret of [SECRET_KEY, APP_KEY, LLM_KEY, CUSTOM_PARAM]) {
        assert.ok(!forms.includes(secret), "no form is a secret as it is");
      }
    }

    emulator.addFault({
      action: "StartAIConversation",
      mode: "error",
      code: "FailedOperation.NotAllowed",
      message: echoMessage(START_ECHOES),
    });
    const started = await failingVerboseUp();
    emulator.clearFaults();
    assert.ok(started.length > 50_000, `suspiciously little output: ${started.length} bytes`);
    assert.deepEqual(leaked(started), []);
    assert.ok(/quoting the RequestId/.test(started), "the advice for NotAllowed is shown");
    assert.ok(scrubbedMessage(START_ECHOES).test(started), "the scrubbed Start error is shown");

    // A bot to update: the same configuration, started without a fault.
    await t.stack.up({ color: "never" });
    emulator.addFault({
      action: "UpdateAIConversation",
      mode: "error",
      code: "FailedOperation.NotAllowed",
      message: echoMessage(UPDATE_ECHOES),
    });
    await t.stack.setConfig("bot:welcome", { value: "A change made in place" });
    const updated = await failingVerboseUp();
    emulator.clearFaults();
    assert.ok(updated.length > 50_000, `suspiciously little output: ${updated.length} bytes`);
    assert.ok(/UpdateAIConversation did not change the bot/.test(updated), "the update failed");
    assert.deepEqual(leaked(updated), []);
    assert.ok(scrubbedMessage(UPDATE_ECHOES).test(updated), "the scrubbed Update error is shown");
  });
});
