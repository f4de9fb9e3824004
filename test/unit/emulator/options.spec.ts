import assert from "node:assert/strict";
import { startEmulator, type EmulatorOptions } from "../../../emulator";

/**
 * `startEmulator` checks its options before it binds a port, so a bad option is refused without
 * a socket being opened.
 */
async function refusal(options: Record<string, unknown>): Promise<string> {
  return startEmulator(options as EmulatorOptions).then(
    async (emulator) => {
      await emulator.stop();
      return assert.fail(`accepted ${JSON.stringify(options)}`);
    },
    (error: Error) => error.message,
  );
}

describe("emulator options", () => {
  it("refuses a visibleAfterMs that is not a number >= 0, naming it", async () => {
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY, "500"]) {
      assert.equal(
        await refusal({ visibleAfterMs: value }),
        `Invalid value for visibleAfterMs: ${value}. Use a number >= 0.`,
      );
    }
  });

  it("refuses a notAllowed that is not an array of SdkAppIds, naming it", async () => {
    assert.equal(
      await refusal({ notAllowed: 1400000000 }),
      "Invalid value for notAllowed: 1400000000. Use an array of SdkAppIds.",
    );
    for (const [value, shown] of [
      [0, "0"],
      [1.5, "1.5"],
      [4294967296, "4294967296"],
      [Number.NaN, "NaN"],
      ["1400000000", '"1400000000"'],
    ] as const) {
      assert.equal(
        await refusal({ notAllowed: [1400000000, value] }),
        `Invalid value in notAllowed: ${shown}. Use SdkAppIds, integers from 1 to 4294967295.`,
      );
    }
  });
});
