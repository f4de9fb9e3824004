import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { generateUserSig } from "../../provider/trtc/usersig";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import { createTestStack, exportStackAsUser, type TestStack } from "../helpers/pulumi";
import { SECRET_SIG_KEY } from "../helpers/stack-results";

const programDir = path.join(__dirname, "fixtures", "plain-secrets");
const APP_KEY = "plain-app-key-7c1e93a0";
const SDK_APP_ID = 1400000000;

/** The fixture's environment: every secret field's value, by variable name. */
function plainValues(userSig: string): Record<string, string> {
  return {
    PLAIN_appKey: APP_KEY,
    PLAIN_llmApiKey: "sk-plain-llm-key-3d9a41",
    PLAIN_ttsSecretId: "AKIDplainTtsSecretId6b2e",
    PLAIN_ttsSecretKey: "plain-tts-secret-key-90f1",
    PLAIN_azureKey: "plain-azure-subscription-key-4c77",
    PLAIN_elevenKey: "plain-elevenlabs-api-key-e51b",
    // A secret as a whole, though only its ApiKey is sensitive.
    PLAIN_customParam: JSON.stringify({ STTType: "deepgram", ApiKey: "plain-stt-key-a8c2" }),
    PLAIN_userSig: userSig,
  };
}

/** The secret paths each bot of the fixture fills (all of SECRET_PATHS between them). */
const FILLED: Record<string, string[]> = {
  tencent: [
    "agentConfig.userSigSecret",
    "sttConfig.customParam",
    "llmConfig.apiKey",
    "ttsConfig.secretId",
    "ttsConfig.secretKey",
  ],
  azure: ["agentConfig.userSig", "llmConfig.apiKey", "ttsConfig.subscriptionKey"],
  eleven: ["agentConfig.userSigSecret", "llmConfig.apiKey", "ttsConfig.apiKey"],
};

interface ExportedResource {
  urn: string;
  inputs?: Record<string, Record<string, unknown>>;
  outputs?: Record<string, Record<string, unknown>>;
}

describe("secrets given as plain strings", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;
  let started = 0;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 200, apps: { [SDK_APP_ID]: APP_KEY } });
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  it("are stored encrypted field by field, and the outputs holding them are secret", async () => {
    started = Math.floor(Date.now() / 1000);
    const userSig = generateUserSig({
      sdkAppId: SDK_APP_ID,
      userId: "plain_bot_2",
      secretKey: APP_KEY,
    });
    const values = plainValues(userSig);
    const { config, secretConfig } = emulatorStackConfig(emulator);
    t = await createTestStack({ programDir, config, secretConfig, envVars: values });
    const up = await t.stack.up({ color: "never" });
    assert.equal(runningTasks(emulator).length, 3);

    for (const name of [
      "llmApiKey",
      "ttsSecretId",
      "ttsSecretKey",
      "customParam",
      "userSig",
      "azureKey",
      "elevenKey",
    ]) {
      assert.equal(up.outputs[name]?.secret, true, `stack output ${name} is not secret`);
    }

    const exported = exportStackAsUser(t, programDir);
    const resources = (JSON.parse(exported) as { deployment: { resources: ExportedResource[] } })
      .deployment.resources;
    for (const [name, paths] of Object.entries(FILLED)) {
      const bot = resources.find((r) => r.urn.endsWith(`::${name}`));
      assert.ok(bot, `no resource ${name} in the export`);
      for (const [part, props] of [
        ["inputs", bot.inputs],
        ["outputs", bot.outputs],
      ] as const) {
        for (const p of paths) {
          const [group, key] = p.split(".");
          const value = props?.[group]?.[key] as Record<string, unknown> | undefined;
          assert.ok(
            value && typeof value === "object" && SECRET_SIG_KEY in value && "ciphertext" in value,
            `${name} ${part}.${p} is not an encrypted secret: ${JSON.stringify(value)}`,
          );
        }
      }
      // Field by field: the rest of each config stays readable in the inputs (the outputs keep
      // only digests of it, and the secrets).
      assert.equal(bot.inputs?.llmConfig?.model, "gpt-4o-mini", `${name} inputs.llmConfig.model`);
      assert.equal(bot.inputs?.agentConfig?.targetUserId, "user_1", `${name} inputs.agentConfig`);
    }

    // No value in plaintext anywhere: not in the export (raw or JSON-escaped, as a string inside
    // state appears), not in the engine's output. That includes every UserSig the provider could
    // have made from the app key for the two bots that use it.
    const secrets = [...Object.values(values), "plain-stt-key-a8c2", emulator.secretKey];
    for (let at = started - 5; at <= Math.floor(Date.now() / 1000) + 1; at++) {
      for (const userId of ["plain_bot_1", "plain_bot_3"]) {
        secrets.push(
          generateUserSig({ sdkAppId: SDK_APP_ID, userId, secretKey: APP_KEY, issuedAt: at }),
        );
      }
    }
    const seen = `${exported}\n${up.stdout}\n${up.stderr}`;
    const hits = secrets.filter(
      (s) => seen.includes(s) || seen.includes(JSON.stringify(s).slice(1, -1)),
    );
    assert.deepEqual(hits, [], "secret values in plaintext");
  });
});
