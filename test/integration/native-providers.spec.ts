import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import {
  createTestStack,
  exportStackAsUser,
  stateResources,
  type TestStack,
} from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "native");
const SECOND_KEY = "second-account-secret-key";

describe("explicit trtc provider instances with the native plugin", function () {
  this.timeout(300_000);
  let first: RunningEmulator;
  let second: RunningEmulator;
  let t: TestStack;

  /** Provider arguments that point at `emulator` in `region`, as a program passes them (plain). */
  function instance(emulator: RunningEmulator, region: string): Record<string, unknown> {
    return {
      region,
      endpoint: emulator.url,
      secretId: emulator.secretId,
      secretKey: emulator.secretKey,
      maxRetries: 0,
    };
  }

  before(async () => {
    first = await startEmulator({ preparingMs: 200 });
    second = await startEmulator({
      preparingMs: 200,
      secretId: "AKIDSECONDACCOUNT00000000000000000",
      secretKey: SECOND_KEY,
    });
    // The stack's own trtc config points at the first emulator in ap-singapore: an instance
    // that lost its configuration would start its bot there.
    const { config, secretConfig } = emulatorStackConfig(first);
    t = await createTestStack({
      programDir,
      config: {
        ...config,
        "trtc:region": "ap-singapore",
        "bot:appKey": "emulator-app-key",
        "bot:llmApiKey": "sk-native-providers",
      },
      secretConfig,
    });
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await first?.stop();
      await second?.stop();
    }
  });

  it("runs each bot in its instance's region, with its endpoint and credentials, and stores the instance's key encrypted", async () => {
    await t.stack.setAllConfig({
      "bot:providers": {
        value: JSON.stringify({
          tokyo: instance(first, "ap-tokyo"),
          valley: instance(second, "na-siliconvalley"),
        }),
      },
      "bot:bots": {
        value: JSON.stringify([
          { name: "tokyo-bot", provider: "tokyo" },
          { name: "valley-bot", provider: "valley" },
        ]),
      },
    });
    first.clearRequests();
    second.clearRequests();
    const preview = await t.stack.preview({ color: "never" });
    assert.equal(preview.changeSummary.create, 5, JSON.stringify(preview.changeSummary));
    assert.deepEqual([...first.requests(), ...second.requests()], [], "preview called the API");

    const up = await t.stack.up({ color: "never" });
    const ids = up.outputs.taskIds.value as Record<string, string>;
    assert.deepEqual(
      runningTasks(first).map((x) => [x.taskId, x.region, x.botUserId]),
      [[ids["tokyo-bot"], "ap-tokyo", "tokyo-bot_ai"]],
    );
    assert.deepEqual(
      runningTasks(second).map((x) => [x.taskId, x.region, x.botUserId]),
      [[ids["valley-bot"], "na-siliconvalley", "valley-bot_ai"]],
    );
    const state = await stateResources(t.stack);
    assert.equal(state.get("valley-bot")?.outputs.region, "na-siliconvalley");
    assert.ok(
      !exportStackAsUser(t, programDir).includes(SECOND_KEY),
      "an instance's key is in state",
    );

    await t.stack.destroy({ color: "never" });
    assert.equal(runningTasks(first).length + runningTasks(second).length, 0);
  });

  it("fails the preview on an instance's bad configuration, naming the key", async () => {
    await t.stack.setConfig("bot:providers", {
      value: JSON.stringify({ tokyo: { ...instance(first, "ap-mars") } }),
    });
    await t.stack.setConfig("bot:bots", {
      value: JSON.stringify([{ name: "b", provider: "tokyo" }]),
    });
    const failed = await t.stack.preview({ color: "never" }).then(
      (p) => assert.fail(`preview passed: ${JSON.stringify(p.changeSummary)}`),
      (e: Error) => e.message,
    );
    assert.match(
      failed,
      /pulumi:providers:trtc resource 'tokyo': property region value .* has a problem: Invalid value for stack config trtc:region: ap-mars\. Allowed values are: ap-beijing/,
    );
    assert.ok(!failed.includes(first.secretKey), "the key is in the error");
  });
});
