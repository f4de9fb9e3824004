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

  it("refuses at preview a bot in a region its site cannot stop it in, with no API call", async () => {
    emulator = await startEmulator({ preparingMs: 200 });
    t = await stack(emulator, { "bot:extra": JSON.stringify({ top: { region: "na-ashburn" } }) });
    const failed = await t.stack.preview({ color: "never" }).then(
      () => "",
      (e: Error) => e.message,
    );
    assert.match(failed, /Invalid value for region: "na-ashburn"\. On the international site/);
    assert.match(failed, /ap-guangzhou, ap-singapore, ap-tokyo, na-siliconvalley/);
    assert.deepEqual(emulator.requests(), []);
  });

  it("runs a bot in a China-only region with trtc:site china against the China site", async () => {
    emulator = await startEmulator({ preparingMs: 200, site: "china" });
    t = await stack(emulator, { "trtc:site": "china", "trtc:region": "ap-beijing" });
    await t.stack.up({ color: "never" });
    const running = runningTasks(emulator);
    assert.equal(running.length, 1);
    assert.equal(running[0].region, "ap-beijing");
    await t.stack.destroy({ color: "never" });
    assert.equal(runningTasks(emulator).length, 0);
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
