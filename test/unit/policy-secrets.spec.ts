/**
 * A policy pack receives every input decrypted, and the provider's configuration too; @pulumi/policy
 * cannot say which values are secret. This spec runs every policy of the pack on inputs full of
 * secrets, each of them breaking a rule, and checks that no message, no thrown error and nothing
 * written to stdout or stderr holds a secret.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { SECRET_PATHS } from "../../policy/facts";
import { trtcPolicies } from "../../policy/policies";
import { botPolicy } from "../../policy/policies/bot-policy";
import { stackFacts } from "../../policy/stack";
import { validationArgs, violations } from "./policy-fixtures";

/** A secret that also looks like a test key, so the placeholder policy reports its field. */
function secret(): string {
  return `sk-test-${randomBytes(12).toString("hex")}`;
}

/**
 * Whether `text` shows any 6 characters in a row of a secret's random part: a whole secret, and
 * any slice of it, count as a leak.
 */
function leaks(text: string, secretValue: string): boolean {
  const random = secretValue.replace(/^sk-test-/, "");
  for (let i = 0; i + 6 <= random.length; i++) {
    if (text.includes(random.slice(i, i + 6))) return true;
  }
  return false;
}

/** What was written to stdout, stderr and the console while `run` ran. */
async function captureOutput(run: () => Promise<void>): Promise<string> {
  const written: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const consoleMethods = ["log", "info", "warn", "error", "debug"] as const;
  const saved = consoleMethods.map((m) => console[m]);
  const record = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  process.stdout.write = record;
  process.stderr.write = record;
  for (const m of consoleMethods) console[m] = (...args: unknown[]) => void record(args.join(" "));
  try {
    await run();
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    consoleMethods.forEach((m, i) => (console[m] = saved[i]));
  }
  return written.join("");
}

describe("policy pack: secrets never appear in what it reports", () => {
  const secrets = new Map<string, string>(SECRET_PATHS.map((path) => [path, secret()]));
  const providerSecretKey = secret();
  const urlToken = secret();
  const customParamKey = secret();
  const valueAt = (path: string) => secrets.get(path);
  const props = {
    sdkAppId: 1400000000,
    roomId: "room-1",
    roomIdType: 1,
    region: "ap-guangzhou",
    agentConfig: {
      userId: "ai_bot",
      userSig: valueAt("agentConfig.userSig"),
      userSigSecret: valueAt("agentConfig.userSigSecret"),
      targetUserId: "user_1",
      maxIdleTime: 7200,
    },
    sttConfig: {
      language: "en",
      // JSON text with a key inside: not judged as a key, and never shown.
      customParam: JSON.stringify({ key: customParamKey }),
    },
    llmConfig: {
      llmType: "openai",
      apiKey: valueAt("llmConfig.apiKey"),
      // A key in the query string: the host policy names the host only.
      apiUrl: `https://llm.example.net/v1/chat?api_key=${urlToken}`,
    },
    ttsConfig: {
      ttsType: "tencent",
      secretId: valueAt("ttsConfig.secretId"),
      secretKey: valueAt("ttsConfig.secretKey"),
      apiKey: valueAt("ttsConfig.apiKey"),
      subscriptionKey: valueAt("ttsConfig.subscriptionKey"),
    },
    defaultsApplied: ["roomIdType"],
    __provider: "exports.handler = require('pulumi-trtc/provider-instance');",
  };
  const everySecret = [...secrets.values(), providerSecretKey, urlToken, customParamKey];
  const config: Record<string, Record<string, unknown>> = {
    "trtc-max-idle-time": { maxSeconds: 600 },
    "trtc-allowed-regions": { regions: ["ap-tokyo"] },
    "trtc-allowed-llm-hosts": { hosts: ["api.openai.com"] },
    "trtc-placeholder-keys": {},
    "trtc-update-in-place": { productionStacks: ["prod"] },
  };

  it("reports a violation of every policy, and none of the secrets in a message or on the console", async () => {
    const messages: string[] = [];
    const output = await captureOutput(async () => {
      for (const policy of trtcPolicies(stackFacts({ stack: "prod" }))) {
        const args = validationArgs(props, {
          config: config[policy.name],
          providerProps: { "trtc:secretId": "AKIDEXAMPLE", "trtc:secretKey": providerSecretKey },
        });
        const reported = await violations(policy, args);
        assert.ok(reported.length > 0, `${policy.name} reported nothing`);
        messages.push(...reported.map((m) => `${policy.name}: ${m}`));
      }
    });
    // Every key-like secret field is named (by path) by the placeholder policy.
    for (const path of SECRET_PATHS.filter((p) => p !== "sttConfig.customParam")) {
      assert.ok(
        messages.some((m) => m.startsWith(`trtc-placeholder-keys: AIConversation "bot": ${path} `)),
        path,
      );
    }
    assert.equal(output, "", "the policies wrote to the console");
    for (const value of everySecret) {
      const leaked = messages.filter((m) => leaks(m, value));
      assert.deepEqual(leaked, [], "a message holds a secret");
    }
  });

  it("withholds the text of an error a check throws, which may quote an input", async () => {
    const value = valueAt("llmConfig.apiKey") ?? "";
    const policy = botPolicy({
      name: "throws",
      description: "A check that fails with an input in its error.",
      readConfig: () => ({}),
      check() {
        throw new TypeError(`cannot use ${value}`);
      },
    });
    await assert.rejects(
      () => violations(policy, validationArgs(props)),
      (e: Error) =>
        !leaks(e.message, value) &&
        e.message ===
          'throws could not check AIConversation "bot" (TypeError); the details are withheld because the inputs hold decrypted secrets. Please report it to pulumi-trtc.',
    );
  });
});
