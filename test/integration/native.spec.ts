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
const LLM_KEY = "sk-native-plain-3c9e1f";
const APP_KEY_CONFIG = "emulator-app-key";

describe("the native trtc plugin with the real engine", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 200 });
    const { config, secretConfig } = emulatorStackConfig(emulator);
    t = await createTestStack({
      programDir,
      // Plain config on purpose: the program passes both keys as plain strings.
      config: {
        ...config,
        "trtc:maxRetries": "0",
        "bot:appKey": APP_KEY_CONFIG,
        "bot:llmApiKey": LLM_KEY,
      },
      secretConfig,
    });
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  async function setBots(bots: unknown[]): Promise<void> {
    await t.stack.setConfig("bot:bots", { value: JSON.stringify(bots) });
  }

  it("previews with no API call, starts the bot, and stores plain-string secrets encrypted", async () => {
    await setBots([{ name: "bot", top: { updateInPlace: true } }]);
    emulator.clearRequests();
    const preview = await t.stack.preview({ color: "never" });
    assert.equal(preview.changeSummary.create, 2, JSON.stringify(preview.changeSummary));
    assert.deepEqual(emulator.requests(), [], "preview called the API");

    const up = await t.stack.up({ color: "never" });
    const taskId = (up.outputs.taskIds.value as Record<string, string>).bot;
    const [task] = runningTasks(emulator);
    assert.equal(task.taskId, taskId);
    assert.equal(task.region, "ap-guangzhou");
    const bot = (await stateResources(t.stack)).get("bot");
    assert.equal(bot?.type, "trtc:index:AIConversation");
    assert.equal(bot?.id, taskId);
    assert.equal(bot?.outputs.taskId, taskId);
    assert.equal(bot?.outputs.status, "InProgress");

    const exported = exportStackAsUser(t, programDir);
    assert.ok(!exported.includes(LLM_KEY), "the plain LLM key is in state");
    assert.ok(!exported.includes(APP_KEY_CONFIG), "the plain app key is in state");
    assert.ok(!exported.includes(emulator.secretKey), "trtc:secretKey is in state");
  });
});
