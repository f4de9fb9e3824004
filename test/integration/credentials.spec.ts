import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { runningTasks } from "../helpers/emulator";
import { createTestStack, type TestStack } from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "bot");
const BOT_SECRETS = { "bot:appKey": "emulator-app-key", "bot:llmApiKey": "sk-credentials-test" };

describe("credentials: a session token travels only with its own key pair", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack | undefined;

  before(async () => {
    emulator = await startEmulator({
      preparingMs: 200,
      keys: [{ secretId: "AKIDTEMPORARY", secretKey: "temporary-key", token: "sts-token-42" }],
    });
  });

  afterEach(async () => {
    await t?.dispose();
    t = undefined;
    emulator.reset();
  });

  after(() => emulator?.stop());

  it("keys from stack config go without the environment's token", async () => {
    t = await createTestStack({
      programDir,
      config: { "trtc:endpoint": emulator.url, "trtc:secretId": emulator.secretId },
      secretConfig: { "trtc:secretKey": emulator.secretKey, ...BOT_SECRETS },
      envVars: { TENCENTCLOUD_SECURITY_TOKEN: "stale-env-token" },
    });
    await t.stack.up({ color: "never" });
    assert.equal(runningTasks(emulator).length, 1);
    const calls = emulator.requests();
    assert.ok(calls.length > 0);
    assert.ok(
      calls.every((c) => !c.tokenSent && c.code === null),
      JSON.stringify(calls),
    );
  });

  it("temporary keys from the environment go with the environment's token", async () => {
    t = await createTestStack({
      programDir,
      config: { "trtc:endpoint": emulator.url },
      secretConfig: BOT_SECRETS,
      envVars: {
        TENCENTCLOUD_SECRET_ID: "AKIDTEMPORARY",
        TENCENTCLOUD_SECRET_KEY: "temporary-key",
        TENCENTCLOUD_SECURITY_TOKEN: "sts-token-42",
      },
    });
    await t.stack.up({ color: "never" });
    assert.equal(runningTasks(emulator).length, 1);
    const calls = emulator.requests();
    assert.ok(
      calls.every((c) => c.tokenSent && c.code === null),
      JSON.stringify(calls),
    );
  });
});
