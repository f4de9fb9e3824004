/**
 * The repository's policy pack (policy/) run by the project's engine at preview, on the dynamic
 * AIConversation of fixtures/bot against the emulator: `pulumi preview --policy-pack policy` as a
 * user types it, with and without `--policy-pack-config`. The fixture's bot has maxIdleTime 3600,
 * above the pack's default limit of 600. Preview calls no API; the pack gets every input and the
 * provider's configuration decrypted, and must print none of the secrets.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { runPulumi, type CliResult } from "../helpers/engine-cli";
import { emulatorStackConfig } from "../helpers/emulator";
import { assertPolicyPackBuilt, policyPackDir as packDir } from "../helpers/policy-pack";
import { createTestStack, type TestStack } from "../helpers/pulumi";

const root = path.join(__dirname, "..", "..");
const programDir = path.join(__dirname, "fixtures", "bot");
const ciExample = path.join(root, "examples", "ci");

describe("the policy pack at preview, with the real engine", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;
  const appKey = `app-key-${randomBytes(8).toString("hex")}`;
  const llmApiKey = `sk-live-${randomBytes(8).toString("hex")}`;
  const testKey = `sk-test-${randomBytes(8).toString("hex")}`;

  before(async () => {
    assertPolicyPackBuilt();
    emulator = await startEmulator({});
    const base = emulatorStackConfig(emulator);
    t = await createTestStack({
      programDir,
      config: base.config,
      secretConfig: { ...base.secretConfig, "bot:appKey": appKey, "bot:llmApiKey": llmApiKey },
    });
  });

  after(async () => {
    await t?.dispose({ destroy: false });
    await emulator?.stop();
  });

  /** `pulumi preview --policy-pack policy`, with the pack config `packConfig` when given. */
  function preview(packConfig?: object): CliResult {
    const args = ["preview", "--policy-pack", packDir, "--stack", t.stack.name];
    if (packConfig) {
      const file = path.join(t.workDir, "policy-config.json");
      fs.writeFileSync(file, JSON.stringify(packConfig));
      args.push("--policy-pack-config", file);
    }
    const res = runPulumi(t, programDir, args);
    const printed = `${res.stdout}\n${res.stderr}`;
    for (const secret of [appKey, llmApiKey, testKey, emulator.secretKey]) {
      assert.ok(!printed.includes(secret), "the preview printed a secret");
    }
    return res;
  }

  it("fails with exit 1 on the bot's maxIdleTime of 3600, naming the mandatory policy", () => {
    const res = preview();
    assert.equal(res.status, 1, `${res.stdout}\n${res.stderr}`);
    assert.match(
      res.stdout,
      /\[mandatory\]\s+trtc-max-idle-time\s+\(pulumi-nodejs:dynamic\/trtc:AIConversation: bot\)/,
    );
    assert.match(
      res.stdout,
      /AIConversation "bot": agentConfig\.maxIdleTime is 3600 seconds, above the limit of 600 seconds \(policy config maxSeconds\)/,
    );
    // Preview validates only: not one call reached the API.
    assert.deepEqual(emulator.requests(), []);
  });

  it("passes once --policy-pack-config raises maxSeconds to 3600", () => {
    const res = preview({ "trtc-max-idle-time": { maxSeconds: 3600 } });
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
    assert.doesNotMatch(res.stdout, /\[mandatory\]|\[advisory\]/);
  });

  it("warns about a test key and a production bot without updateInPlace, and passes", async () => {
    await t.stack.setAllConfig({
      "bot:llmApiKey": { value: testKey, secret: true },
      "trtc-policy:production": { value: "true" },
    });
    try {
      const res = preview({ "trtc-max-idle-time": { maxSeconds: 3600 } });
      assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
      assert.match(
        res.stdout,
        /\[advisory\]\s+trtc-placeholder-keys\s+\(pulumi-nodejs:dynamic\/trtc:AIConversation: bot\)/,
      );
      assert.match(
        res.stdout,
        /AIConversation "bot": llmConfig\.apiKey looks like a placeholder or test key/,
      );
      // The stack's configuration reaches the pack: trtc-policy:production marks this stack.
      assert.match(res.stdout, /\[advisory\]\s+trtc-update-in-place/);
      assert.match(
        res.stdout,
        /updateInPlace is not true in production stack t-[^ ]+ \(trtc-policy:production is true\)/,
      );
      assert.doesNotMatch(res.stdout, /\[mandatory\]/);
    } finally {
      await t.stack.setAllConfig({ "bot:llmApiKey": { value: llmApiKey, secret: true } });
      await t.stack.removeConfig("trtc-policy:production");
    }
  });

  it("refuses a bot whose region, filled in from trtc:region, is not allowed", async () => {
    await t.stack.setConfig("trtc:region", { value: "ap-singapore" });
    try {
      const config = { "trtc-max-idle-time": { maxSeconds: 3600 } };
      const allowed = preview({ ...config, "trtc-allowed-regions": { regions: ["ap-singapore"] } });
      assert.equal(allowed.status, 0, `${allowed.stdout}\n${allowed.stderr}`);
      const res = preview({ ...config, "trtc-allowed-regions": { regions: ["ap-guangzhou"] } });
      assert.equal(res.status, 1, `${res.stdout}\n${res.stderr}`);
      assert.match(res.stdout, /\[mandatory\]\s+trtc-allowed-regions/);
      assert.match(
        res.stdout,
        /AIConversation "bot": region ap-singapore \(the resource names no region, so it runs in the stack's: trtc:region, else TENCENTCLOUD_REGION, else ap-guangzhou\) is not one of the allowed regions: ap-guangzhou/,
      );
    } finally {
      await t.stack.removeConfig("trtc:region");
    }
  });
});

describe("examples/ci with the policy pack and its policy-config.json, with the real engine", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack | undefined;
  let dir: string;

  before(async () => {
    assertPolicyPackBuilt();
    emulator = await startEmulator({});
    // A copy inside the repository, where `pulumi-trtc` resolves to this package (as for the
    // fixtures) without installing the example.
    fs.mkdirSync(path.join(root, ".test-work"), { recursive: true });
    dir = fs.mkdtempSync(path.join(root, ".test-work", "policy-ci-"));
    for (const file of ["Pulumi.yaml", "index.ts", "policy-config.json"]) {
      fs.copyFileSync(path.join(ciExample, file), path.join(dir, file));
    }
  });

  after(async () => {
    try {
      await t?.dispose({ destroy: false });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await emulator?.stop();
    }
  });

  it("passes in a production stack, warning only that the test config's key is a test key", async () => {
    const testConfig = JSON.parse(
      fs.readFileSync(path.join(ciExample, "test-config.json"), "utf8"),
    ) as { config: Record<string, string>; secretConfig: Record<string, string> };
    const base = emulatorStackConfig(emulator);
    t = await createTestStack({
      programDir: dir,
      config: { ...base.config, ...testConfig.config, "trtc-policy:production": "true" },
      secretConfig: { ...base.secretConfig, ...testConfig.secretConfig },
    });
    const res = runPulumi(t, dir, [
      "preview",
      "--policy-pack",
      packDir,
      "--policy-pack-config",
      path.join(dir, "policy-config.json"),
      "--stack",
      t.stack.name,
    ]);
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, /\[advisory\]\s+trtc-placeholder-keys/);
    assert.match(
      res.stdout,
      /AIConversation "support-bot": llmConfig\.apiKey looks like a placeholder/,
    );
    // The example sets updateInPlace, sits in an allowed region and calls an allowed LLM host.
    const reported = new Set(
      [...res.stdout.matchAll(/\[(?:advisory|mandatory)\]\s+(\S+)/g)].map((m) => m[1]),
    );
    assert.deepEqual([...reported], ["trtc-placeholder-keys"], res.stdout);
  });
});

describe("the policy pack at preview on the native resource, with the real engine", function () {
  this.timeout(300_000);
  const nativeDir = path.join(__dirname, "fixtures", "native");
  let emulator: RunningEmulator;
  let t: TestStack;
  const llmApiKey = `sk-live-${randomBytes(8).toString("hex")}`;

  before(async () => {
    assertPolicyPackBuilt();
    emulator = await startEmulator({});
    const base = emulatorStackConfig(emulator);
    // Plain config on purpose, as in native.spec.ts: the pack still prints no key.
    t = await createTestStack({
      programDir: nativeDir,
      config: { ...base.config, "bot:appKey": "emulator-app-key", "bot:llmApiKey": llmApiKey },
      secretConfig: base.secretConfig,
    });
  });

  after(async () => {
    await t?.dispose({ destroy: false });
    await emulator?.stop();
  });

  it("fails with exit 1 on trtc:index:AIConversation's maxIdleTime of 3600, calling no API", () => {
    const res = runPulumi(t, nativeDir, [
      "preview",
      "--policy-pack",
      packDir,
      "--stack",
      t.stack.name,
    ]);
    const printed = `${res.stdout}\n${res.stderr}`;
    assert.equal(res.status, 1, printed);
    assert.match(
      res.stdout,
      /\[mandatory\]\s+trtc-max-idle-time\s+\(trtc:index:AIConversation: bot\)/,
    );
    for (const secret of [llmApiKey, "emulator-app-key", emulator.secretKey]) {
      assert.ok(!printed.includes(secret), "the preview printed a secret");
    }
    assert.deepEqual(emulator.requests(), []);
  });
});
