/**
 * A seeded property test of check(): thousands of inputs, each a valid configuration with one to
 * four random mutations. Whatever arrives, check() answers with inputs or with failures that each
 * name their field, and no failure text holds a secret.
 */
import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { AIConversationProvider } from "../../../provider/ai-conversation/provider";
import { validBase } from "./bad-input-corpus";
import { mulberry32 } from "../../../emulator/faults";

const SEED = Number(process.env.CHECK_SEED ?? 20261130);
const RUNS = Number(process.env.CHECK_RUNS ?? 3000);

const SECRETS = {
  userSigSecret: "app-secret-5b1f9c2e7d",
  apiKey: "sk-llm-secret-8c3e1a9f44",
  ttsKey: "el-tts-secret-0f7a6d2c91",
  customParam: '{"ApiKey":"stt-secret-3e9d1b7a"}',
};

/** A valid configuration holding a value at every secret path the test watches. */
function base(): Record<string, unknown> {
  const b = validBase();
  b.agentConfig.userSigSecret = SECRETS.userSigSecret;
  b.llmConfig.apiKey = SECRETS.apiKey;
  b.ttsConfig = {
    ttsType: "elevenlabs",
    model: "eleven_flash_v2_5",
    apiKey: SECRETS.ttsKey,
    voiceId: "v1",
  };
  b.sttConfig.customParam = SECRETS.customParam;
  return b;
}

function paths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  const out = prefix ? [prefix] : [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out.push(...paths(v, prefix ? `${prefix}.${k}` : k));
  }
  return out;
}

function mutate(input: Record<string, unknown>, random: () => number): void {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const all = paths(input);
  const path = pick(all);
  const keys = path.split(".");
  let parent = input as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) {
    const next = parent[k];
    if (next === null || typeof next !== "object") return; // a path an earlier mutation replaced
    parent = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  const current = parent[last];
  const values: unknown[] = [
    undefined,
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -1,
    0,
    1.5,
    2 ** 40,
    "",
    "x".repeat(70_000),
    "\u0000\u202e\ud83d\ude00",
    "room/1",
    "12345",
    true,
    [],
    [current],
    {},
    { __proto__: { polluted: true } },
    JSON.stringify(current ?? null),
    { constructor: 1, prototype: 2, "": 3 },
  ];
  const choice = random();
  if (choice < 0.8) parent[last] = pick(values);
  else if (choice < 0.9)
    parent[pick(["Extra", "", "__proto__", "systemPromt", "APIKey"])] = pick(values);
  else delete parent[last];
}

describe("check(): a seeded property test", function () {
  this.timeout(120_000);

  it(`answers ${RUNS} mutated inputs (seed ${SEED}) without throwing, naming every field, never quoting a secret`, async () => {
    const provider = new AIConversationProvider();
    await provider.configure({
      config: { get: () => undefined },
    } as unknown as pulumi.dynamic.ConfigureRequest);
    const random = mulberry32(SEED);
    let accepted = 0;
    let rejected = 0;
    for (let run = 0; run < RUNS; run++) {
      const input = base();
      const mutations = 1 + Math.floor(random() * 4);
      for (let m = 0; m < mutations; m++) mutate(input, random);
      let result: pulumi.dynamic.CheckResult;
      try {
        result = await provider.check({}, input);
      } catch (e) {
        assert.fail(
          `run ${run} threw ${(e as Error).stack}\ninput: ${JSON.stringify(input).slice(0, 500)}`,
        );
      }
      if (result.failures && result.failures.length > 0) {
        rejected++;
        for (const f of result.failures) {
          assert.ok(f.property, `run ${run}: a failure without a property: ${f.reason}`);
          assert.ok(
            f.reason.includes(f.property),
            `run ${run}: "${f.reason}" does not name ${f.property}`,
          );
          for (const secret of Object.values(SECRETS)) {
            assert.ok(
              !f.reason.includes(secret.slice(0, 12)),
              `run ${run}: a secret in "${f.reason}"`,
            );
          }
        }
      } else {
        assert.ok(result.inputs, `run ${run}: neither inputs nor failures`);
        accepted++;
      }
    }
    assert.ok(rejected > 0 && accepted > 0, `accepted ${accepted}, rejected ${rejected}`);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, "Object.prototype polluted");
  });
});
