import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { createFleetStack, FLEET_SECRETS } from "../helpers/fleet";
import type { TestStack } from "../helpers/pulumi";

describe("secrets in API error messages", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 200 });
    t = await createFleetStack(emulator, { count: 1, config: { "trtc:maxRetries": "0" } });
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  it("reach the engine's output scrubbed, for every secret field and the SecretKey", async () => {
    const secrets = [...Object.values(FLEET_SECRETS), emulator.secretKey];
    emulator.addFault({
      action: "StartAIConversation",
      mode: "error",
      code: "InvalidParameterValue",
      message: `the upstream said: ${secrets.join(" | ")}`,
    });
    const output = await t.stack.up({ color: "never" }).then(
      () => assert.fail("up should fail"),
      (e: Error) => e.message,
    );
    assert.match(output, /InvalidParameterValue: the upstream said: \[secret\] \| \[secret\]/);
    for (const secret of secrets) {
      assert.ok(!output.includes(secret), `${secret.slice(0, 6)}… appears in the output`);
    }
  });
});
