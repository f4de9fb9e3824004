import assert from "node:assert/strict";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { trtcClient } from "../contract/helpers";
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

  it("previews with no API call, starts the bot, and keeps plain-string secrets out of state and the -v=9 log", async () => {
    await setBots([{ name: "bot", top: { updateInPlace: true } }]);
    emulator.clearRequests();
    const preview = await t.stack.preview({ color: "never" });
    assert.equal(preview.changeSummary.create, 2, JSON.stringify(preview.changeSummary));
    assert.deepEqual(emulator.requests(), [], "preview called the API");

    // The most verbose engine log, with the plugin's own output flowed into it.
    const up = await t.stack.up({
      color: "never",
      logVerbosity: 9,
      logToStdErr: true,
      logFlow: true,
    });
    assert.match(
      up.stderr,
      /Provider\[\w+\]\.Create\(urn:\S+::trtc:index:AIConversation::bot/,
      "no verbose log",
    );
    const secrets = [LLM_KEY, APP_KEY_CONFIG, emulator.secretKey];
    const leaks = `${up.stdout}\n${up.stderr}`
      .split("\n")
      .filter((line) => secrets.some((secret) => line.includes(secret)))
      // The program's own SDK logs the engine's answer to its registration at debug level, a
      // secret's value inside its secret wrapper included (@pulumi/pulumi runtime/resource.js,
      // "RegisterResource RPC finished"), and the engine redacts only values it knows as secret
      // config: these keys came from plain config on purpose. No other line may hold one.
      .filter((line) => !line.includes("RegisterResource RPC finished"));
    assert.deepEqual(
      leaks.map((line) => line.slice(0, 200)),
      [],
      "a secret is in the output or the -v=9 log",
    );
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

  it("updates the welcome message in place, keeping the TaskId, and shows the path in the preview", async () => {
    const before = (await stateResources(t.stack)).get("bot")?.id as string;
    await t.stack.setConfig("bot:welcome", { value: "Welcome back!" });
    emulator.clearRequests();
    const preview = await t.stack.preview({ color: "never", diff: true });
    assert.deepEqual(emulator.requests(), [], "preview called the API");
    assert.equal(preview.changeSummary.update, 1, JSON.stringify(preview.changeSummary));
    assert.match(
      preview.stdout,
      /~ agentConfig\s*:[\s\S]*~ welcomeMessage\s*: "Hello!" => "Welcome back!"/,
    );
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.update, 1);
    assert.equal((up.outputs.taskIds.value as Record<string, string>).bot, before);
    const [task] = runningTasks(emulator);
    assert.equal(task.taskId, before);
    assert.equal(task.welcomeMessage, "Welcome back!");
    assert.equal(task.updates, 1);
  });

  it("replaces no bot when the stack's trtc config changes (the provider is updated, not replaced)", async () => {
    await t.stack.setConfig("trtc:requestTimeoutSeconds", { value: "15" });
    const preview = await t.stack.preview({ color: "never", diff: true });
    assert.equal(preview.changeSummary.replace ?? 0, 0, preview.stdout);
    assert.deepEqual(preview.changeSummary, { same: 2 });
  });

  it("replaces the bot when its room changes, stopping the old one first", async () => {
    const before = (await stateResources(t.stack)).get("bot")?.id as string;
    await t.stack.setConfig("bot:roomId", { value: "room-2" });
    const preview = await t.stack.preview({ color: "never", diff: true });
    assert.equal(preview.changeSummary.replace, 1, JSON.stringify(preview.changeSummary));
    assert.match(preview.stdout, /roomId\s*: "room-1" => "room-2"/);
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.replace, 1);
    const after = (up.outputs.taskIds.value as Record<string, string>).bot;
    assert.notEqual(after, before);
    assert.equal(emulator.tasks().find((x) => x.taskId === before)?.status, "Stopped");
    const running = runningTasks(emulator);
    assert.deepEqual(
      running.map((x) => [x.taskId, x.roomId]),
      [[after, "room-2"]],
    );
  });

  it("refreshes a running bot as unchanged and forgets one stopped outside Pulumi", async () => {
    const refreshed = await t.stack.refresh({ color: "never" });
    assert.equal(refreshed.summary.resourceChanges?.update ?? 0, 0);
    const taskId = (await stateResources(t.stack)).get("bot")?.id as string;
    assert.ok(taskId);
    await trtcClient(emulator).StopAIConversation({ TaskId: taskId });
    const forgot = await t.stack.refresh({ color: "never" });
    assert.equal(forgot.summary.resourceChanges?.delete, 1, JSON.stringify(forgot.summary));
    assert.equal((await stateResources(t.stack)).has("bot"), false);
  });

  it("starts a new bot at the next up and stops it at destroy, leaving nothing running", async () => {
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.create, 1);
    assert.equal(runningTasks(emulator).length, 1);
    await t.stack.destroy({ color: "never" });
    assert.equal(runningTasks(emulator).length, 0);
    assert.equal((await stateResources(t.stack)).size, 0);
  });

  it("records a bot that started but was not seen running, with no secret in the error, and destroy stops it", async () => {
    await setBots([{ name: "bot" }]);
    emulator.addFault({
      action: "DescribeAIConversation",
      mode: "error",
      code: "InternalError",
      message: `upstream rejected APIKey ${LLM_KEY}`,
    });
    const failed = await t.stack.up({ color: "never" }).then(
      () => "",
      (e: Error) => e.message,
    );
    emulator.clearFaults();
    assert.match(failed, /The bot started \(TaskId \S+\) but did not become ready/);
    assert.ok(!failed.includes(LLM_KEY), "the LLM key is in the error");
    const [task] = runningTasks(emulator);
    const bot = (await stateResources(t.stack)).get("bot");
    assert.equal(bot?.id, task.taskId, "state does not record the started bot");
    assert.equal(bot?.outputs.status, "Preparing");
    await t.stack.destroy({ color: "never" });
    assert.equal(runningTasks(emulator).length, 0);
  });

  it("fails the preview with the core's message naming a bad field", async () => {
    await setBots([{ name: "bot", agentConfig: { maxIdleTime: 0 } }]);
    const failed = await t.stack.preview({ color: "never" }).then(
      (p) => assert.fail(`preview passed: ${JSON.stringify(p.changeSummary)}`),
      (e: Error) => e.message,
    );
    assert.match(
      failed,
      /trtc:index:AIConversation resource 'bot': property agentConfig\.maxIdleTime value \{.*\} has a problem: Invalid value for agentConfig\.maxIdleTime: 0\./,
    );
  });
});
