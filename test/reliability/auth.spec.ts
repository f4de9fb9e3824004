import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { agreement, createFleetStack } from "../helpers/fleet";
import type { TestStack } from "../helpers/pulumi";

/** One bad-credentials case: how to break them, and what every resource's error must say. */
interface AuthCase {
  name: string;
  emulator?: { realClockOffsetSeconds?: number };
  config?: Record<string, string>;
  code: string;
  advice: RegExp;
}

const cases: AuthCase[] = [
  {
    name: "a wrong SecretKey",
    config: { "trtc:secretKey": "not-the-right-key-0000" },
    code: "AuthFailure.SignatureFailure",
    advice: /check trtc:secretKey/,
  },
  {
    name: "an unknown SecretId",
    config: { "trtc:secretId": "AKIDUNKNOWN00000000000000000000000" },
    code: "AuthFailure.SecretIdNotFound",
    advice: /check trtc:secretId/,
  },
  {
    name: "a machine clock ten minutes off",
    emulator: { realClockOffsetSeconds: 600 },
    code: "AuthFailure.SignatureExpire",
    advice: /clock is more than 5 minutes off/,
  },
];

describe("reliability: bad credentials", function () {
  this.timeout(300_000);
  const count = 3;

  for (const c of cases) {
    describe(c.name, () => {
      let emulator: RunningEmulator;
      let t: TestStack;

      before(async () => {
        emulator = await startEmulator({ preparingMs: 200, ...c.emulator });
        t = await createFleetStack(emulator, { count });
        for (const [k, v] of Object.entries(c.config ?? {})) {
          await t.stack.setConfig(k, { value: v, secret: k.endsWith("secretKey") });
        }
      });

      after(async () => {
        try {
          // Put the working credentials back so the harness can clean up.
          await t?.stack.setConfig("trtc:secretKey", { value: emulator.secretKey, secret: true });
          await t?.stack.setConfig("trtc:secretId", { value: emulator.secretId });
          await t?.dispose();
        } finally {
          await emulator?.stop();
        }
      });

      it(`fails each resource once with ${c.code} and advice, without a retry storm`, async () => {
        let message = "";
        await assert.rejects(
          t.stack.up({ color: "never", continueOnError: true }),
          (err: Error) => {
            message = err.message;
            return true;
          },
        );
        const starts = emulator.requests().filter((r) => r.action === "StartAIConversation");
        assert.equal(starts.length, count, `calls: ${JSON.stringify(emulator.requests())}`);
        assert.ok(starts.every((r) => r.code === c.code));
        assert.equal(emulator.requests().length, count, "only one call per resource");
        for (let i = 0; i < count; i++) {
          assert.match(
            message,
            new RegExp(
              `AIConversation \\(bot-${i}\\):\\s+error: StartAIConversation failed: ${c.code.replace(".", "\\.")}`,
            ),
          );
        }
        assert.match(message, c.advice);
        const a = await agreement(t, emulator);
        assert.equal(a.running + a.recorded, 0);
      });
    });
  }
});
