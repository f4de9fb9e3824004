import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { createFleetStack } from "../helpers/fleet";
import type { TestStack } from "../helpers/pulumi";

// The whole corpus of malformed configurations runs against the check without the engine, in
// test/unit/provider/bad-input-corpus.spec.ts; here a sample goes through the engine.
describe("reliability: bad input", () => {
  describe("through a real pulumi preview", function () {
    this.timeout(300_000);
    let emulator: RunningEmulator;
    let t: TestStack;
    // A sample across the kinds of defect: type, range, set, JSON, unicode.
    const sample = [
      {
        badInput: { region: "eu-frankfurt" },
        message: /Invalid value for region: "eu-frankfurt"\. Allowed values are: ap-beijing/,
      },
      {
        badInput: { sttConfig: { vadSilenceTime: 100 } },
        message:
          /Invalid value for sttConfig\.vadSilenceTime: 100\. Allowed range is 240 to 2000 milliseconds\./,
      },
      {
        badInput: { experimentalParams: "{x" },
        message: /Invalid value for experimentalParams: "\{x"\. It must be valid JSON text\./,
      },
      {
        badInput: { roomId: "", sessionId: "会话" },
        message:
          /Invalid value for roomId: ""\. It must not be empty\.[\s\S]*Invalid value for sessionId/,
      },
    ];

    before(async () => {
      emulator = await startEmulator();
      // One bot only: an up must then make no call at all (other, valid bots would be created).
      t = await createFleetStack(emulator, { count: 1 });
    });

    after(async () => {
      try {
        await t?.dispose();
      } finally {
        await emulator?.stop();
      }
    });

    for (const [i, s] of sample.entries()) {
      it(`fails preview ${i + 1} naming the field, with zero API calls`, async () => {
        await t.stack.setConfig("fleet:badInput", { value: JSON.stringify(s.badInput) });
        await assert.rejects(t.stack.preview({ color: "never" }), (err: Error) => {
          assert.match(err.message, s.message);
          return true;
        });
        assert.deepEqual(emulator.requests(), []);
        if (i < 2) {
          // An up runs check again before any create: it must stop there too.
          await assert.rejects(t.stack.up({ color: "never" }), (err: Error) => {
            assert.match(err.message, s.message);
            return true;
          });
          assert.deepEqual(emulator.requests(), []);
        }
      });
    }
  });
});
