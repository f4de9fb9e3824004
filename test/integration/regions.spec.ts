import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import { createTestStack, stateResources, type TestStack } from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "bot");
const BOT_SECRETS = { "bot:appKey": "emulator-app-key", "bot:llmApiKey": "sk-regions-test" };

describe("sites and regions with the real engine", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack | undefined;

  async function stack(
    target: RunningEmulator,
    config: Record<string, string>,
  ): Promise<TestStack> {
    const base = emulatorStackConfig(target);
    return createTestStack({
      programDir,
      config: { ...base.config, ...config },
      secretConfig: { ...base.secretConfig, ...BOT_SECRETS },
    });
  }

  afterEach(async () => {
    await t?.dispose();
    t = undefined;
    await emulator?.stop();
  });

  /** The engine's error text of a preview that must fail. */
  async function failedPreview(target: TestStack): Promise<string> {
    return target.stack.preview({ color: "never" }).then(
      (p) => assert.fail(`preview passed: ${JSON.stringify(p.changeSummary)}`),
      (e: Error) => e.message,
    );
  }

  it("with no site set, refuses at preview a new bot outside the regions both sites serve; trtc:site china lets it in", async () => {
    emulator = await startEmulator({ preparingMs: 200 });
    t = await stack(emulator, {});
    for (const region of ["na-ashburn", "ap-beijing"]) {
      await t.stack.setConfig("bot:extra", { value: JSON.stringify({ top: { region } }) });
      const failed = await failedPreview(t);
      assert.match(
        failed,
        new RegExp(
          `Invalid value for region: "${region}"\\. No site is set \\(trtc:site or TENCENTCLOUD_TRTC_SITE\\), so a bot must live in a region both sites serve: ap-guangzhou, ap-singapore, ap-tokyo, na-siliconvalley\\.`,
        ),
      );
      assert.match(
        failed,
        /`pulumi config set trtc:site china` \(adds ap-beijing, ap-shanghai, na-ashburn\)/,
      );

      await t.stack.setConfig("trtc:site", { value: "china" });
      const preview = await t.stack.preview({ color: "never" });
      assert.equal(preview.changeSummary.create, 2, region); // the stack and the bot
      await t.stack.removeConfig("trtc:site");
    }
    // Preview validates only: not one call reached the API.
    assert.deepEqual(emulator.requests(), []);

    // A bot in a region both sites serve (the default, ap-guangzhou) deploys, and stays as it is.
    await t.stack.removeConfig("bot:extra");
    await t.stack.up({ color: "never" });
    assert.deepEqual(
      runningTasks(emulator).map((task) => task.region),
      ["ap-guangzhou"],
    );
    const again = await t.stack.preview({ color: "never" });
    assert.deepEqual(again.changeSummary, { same: 2 });
  });

  it("runs a bot in a China-only region with trtc:site china, which keeps working once the site is unset", async () => {
    emulator = await startEmulator({ preparingMs: 200, site: "china" });
    t = await stack(emulator, { "trtc:site": "china", "trtc:region": "ap-beijing" });
    await t.stack.up({ color: "never" });
    const running = runningTasks(emulator);
    assert.equal(running.length, 1);
    assert.equal(running[0].region, "ap-beijing");

    // As a stack deployed when trtc.tencentcloudapi.com implied the China site: the bot in
    // state keeps its region, so preview, refresh and destroy go on working with no site set.
    await t.stack.removeConfig("trtc:site");
    const calls = emulator.requests().length;
    const preview = await t.stack.preview({ color: "never" });
    assert.deepEqual(preview.changeSummary, { same: 2 });
    assert.equal(emulator.requests().length, calls, "preview made an API call");
    await t.stack.refresh({ color: "never" });
    assert.equal((await stateResources(t.stack)).get("bot")?.id, running[0].taskId);
    await t.stack.destroy({ color: "never" });
    assert.equal(runningTasks(emulator).length, 0);
    const stops = emulator.requests().filter((r) => r.action === "StopAIConversation");
    assert.deepEqual(
      stops.map((r) => [r.region, r.code]),
      [["ap-beijing", null]],
    );
  });

  it("keeps using the region a bot was started in after trtc:region changes (update and destroy)", async () => {
    // A slow start leaves the bot recorded but unfinished, so the next `up` calls update().
    emulator = await startEmulator({ preparingMs: 60_000, site: "china" });
    t = await stack(emulator, {
      "trtc:site": "china",
      "trtc:region": "ap-singapore",
      "trtc:startTimeoutSeconds": "1",
    });
    await t.stack.up({ color: "never" }).catch(() => undefined);
    const [task] = runningTasks(emulator);
    assert.equal(task.region, "ap-singapore");
    assert.equal((await stateResources(t.stack)).get("bot")?.id, task.taskId);

    await t.stack.setConfig("trtc:region", { value: "ap-tokyo" });
    emulator.advanceClock(61); // past Preparing
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.update, 1);
    assert.equal(up.outputs.status.value, "InProgress");
    const describes = emulator.requests().filter((r) => r.action === "DescribeAIConversation");
    assert.ok(describes.length > 0);
    assert.ok(
      describes.every((r) => r.region === "ap-singapore"),
      JSON.stringify(describes),
    );

    await t.stack.destroy({ color: "never" });
    assert.equal(runningTasks(emulator).length, 0);
    const stops = emulator.requests().filter((r) => r.action === "StopAIConversation");
    assert.deepEqual(
      stops.map((r) => [r.region, r.code]),
      [["ap-singapore", null]],
    );
  });
});
