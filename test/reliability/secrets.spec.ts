import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { generateUserSig } from "../../provider/trtc/usersig";
import { FLEET_SECRETS, createFleetStack, fleetProgramDir, runCli } from "../helpers/fleet";
import { exportStackAsUser, type TestStack } from "../helpers/pulumi";

describe("reliability: secrets never in plaintext", function () {
  this.timeout(600_000);
  let emulator: RunningEmulator;
  let t: TestStack;
  const transcript: string[] = [];
  let started = 0;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 200 });
    t = await createFleetStack(emulator, { count: 2 });
    started = Math.floor(Date.now() / 1000);
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  /** Every secret of the run: stack config secrets, and every UserSig the provider could have made. */
  function secretValues(): string[] {
    const values = [...Object.values(FLEET_SECRETS), emulator.secretKey];
    for (let at = started - 5; at <= Math.floor(Date.now() / 1000) + 1; at++) {
      values.push(
        generateUserSig({
          sdkAppId: 1400000000,
          userId: "fleet_bot",
          secretKey: FLEET_SECRETS["fleet:appKey"],
          issuedAt: at,
        }),
      );
    }
    return values;
  }

  it("runs up, refresh, a replacement and a failing update with the engine's verbose logs", async () => {
    const verbose = ["-v=9", "--logtostderr", "--logflow", "--yes", "--non-interactive"];
    for (const args of [
      ["up", "--skip-preview", ...verbose],
      ["refresh", ...verbose],
    ]) {
      const r = await runCli(t, args);
      transcript.push(r.output);
      assert.equal(r.status, 0, r.output.slice(-3000));
    }
    await t.stack.setConfig("fleet:roomPrefix", { value: "moved" });
    const replaced = await runCli(t, ["up", ...verbose]);
    transcript.push(replaced.output);
    assert.equal(replaced.status, 0, replaced.output.slice(-3000));
    assert.match(replaced.output, /replaced/);
    // An error path too: a rejected start must not echo the config it was sent.
    emulator.addFault({
      action: "StartAIConversation",
      mode: "error",
      code: "InvalidParameter.UserSig",
    });
    await t.stack.setConfig("fleet:roomPrefix", { value: "again" });
    const failed = await runCli(t, ["up", "--skip-preview", ...verbose]);
    transcript.push(failed.output);
    assert.notEqual(failed.status, 0);
    assert.match(failed.output, /InvalidParameter\.UserSig/);
    emulator.clearFaults();
    transcript.push(exportStackAsUser(t, fleetProgramDir));
  });

  it("has none of the secret values in state, verbose logs or error messages", () => {
    const all = transcript.join("\n");
    assert.ok(all.length > 100_000, `suspiciously little output: ${all.length} bytes`);
    const hits = secretValues().filter((s) => all.includes(s));
    assert.deepEqual(
      hits.map((h) => `${h.slice(0, 6)}… (${all.split(h).length - 1} hits)`),
      [],
    );
  });
});
