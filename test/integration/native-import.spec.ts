import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import * as engine from "../../scripts/engine";
import { APP_KEY, startRequest, trtcClient } from "../contract/helpers";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import { createTestStack, stateResources, type TestStack } from "../helpers/pulumi";
import { typeCheckFolder } from "../helpers/type-check";

const ROOT = path.resolve(__dirname, "..", "..");
const programDir = path.join(__dirname, "fixtures", "native");

/**
 * `pulumi <args>` on the test stack, as a user runs it; resolves to its output, rejects on
 * failure. Asynchronous: the emulator answers from this process.
 */
async function pulumi(t: TestStack, args: string[]): Promise<string> {
  const bin = path.join(engine.engineBinDir(), "pulumi");
  const all = [...args, "--stack", t.stack.name, "--cwd", programDir, "--non-interactive"];
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      [...all, "--color", "never"],
      { env: { ...process.env, ...t.env } },
      (err, stdout, stderr) =>
        err
          ? reject(
              new Error(`pulumi ${args.join(" ")} failed: ${err.message}\n${stdout}\n${stderr}`),
            )
          : resolve(`${stdout}${stderr}`),
    );
  });
}

/**
 * Asserts that `code` (the TypeScript `pulumi import` printed) type-checks, strictly, against the
 * Node.js SDK in sdk/nodejs, as a user's program that pastes it does.
 */
function typeChecks(code: string): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "trtc-import-code-"));
  try {
    fs.writeFileSync(path.join(work, "imported.ts"), code);
    const tsc = typeCheckFolder(work, ["imported.ts"], {
      "@pulumi-trtc/native": [path.join(ROOT, "sdk", "nodejs", "index.ts")],
    });
    assert.equal(tsc.status, 0, `${tsc.output}\n${code}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

describe("pulumi import of a bot with the native trtc plugin", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 200 });
    const { config, secretConfig } = emulatorStackConfig(emulator);
    t = await createTestStack({
      programDir,
      config: { ...config, "trtc:maxRetries": "0", "bot:appKey": "emulator-app-key" },
      secretConfig: { ...secretConfig, "bot:llmApiKey": "sk-native-import" },
    });
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  /** Starts a bot in ap-singapore outside Pulumi; returns its TaskId. */
  async function startByHand(sessionId: string): Promise<string> {
    const client = trtcClient(emulator, { region: "ap-singapore" });
    const { TaskId } = await client.StartAIConversation(
      startRequest({ RoomId: "room-1", RoomIdType: 1, SessionId: sessionId, botUserId: "bot_ai" }),
    );
    return TaskId as string;
  }

  /** `pulumi import` of the task as `bot`, unprotected; it prints the TypeScript code of it. */
  async function importBot(taskId: string): Promise<string> {
    return pulumi(t, [
      "import",
      "trtc:index:AIConversation",
      "bot",
      `1400000000/ap-singapore/${taskId}`,
      "--yes",
      "--protect=false",
    ]);
  }

  it("imports a bot started outside Pulumi by SDKAPPID/REGION/TASKID, refreshes it, and destroy stops it", async () => {
    const taskId = await startByHand("started-by-hand");
    const output = await importBot(taskId);
    assert.doesNotMatch(output, /warning|error/i, output);
    // The project's language host writes the code (Pulumi's Node.js code generator).
    assert.match(output, /import \* as trtc from "@pulumi-trtc\/native";/, output);
    assert.match(output, /new trtc\.AIConversation\("bot", \{/, output);
    assert.match(output, /sdkAppId: 1400000000/, output);
    // Describe returns no configuration, so the required inputs it lacks are placeholders to fill
    // in: a vendor config's discriminator is a plain string in the schema, so "" binds (a
    // `const` there made Pulumi's program binder reject the placeholder and fail the command).
    assert.match(output, /llmConfig: \{[^}]*llmType: "",/, output);
    assert.match(output, /ttsConfig: \{[^}]*ttsType: "",/, output);
    // No secret of the task, the stack or the provider is in the code.
    const secrets = [
      "sk-test",
      "sk-native-import",
      "emulator-app-key",
      APP_KEY,
      emulator.secretKey,
    ];
    for (const secret of secrets) {
      assert.equal(output.includes(secret), false, `the code shows a secret: ${output}`);
    }
    typeChecks(output.slice(output.indexOf('import * as pulumi from "@pulumi/pulumi";')));
    const imported = (await stateResources(t.stack)).get("bot");
    assert.equal(imported?.type, "trtc:index:AIConversation");
    // The resource id is the TaskId, as for a bot Pulumi started: refresh and delete take it as it is.
    assert.equal(imported?.id, taskId);
    assert.deepEqual(imported?.inputs, {
      sdkAppId: 1400000000,
      region: "ap-singapore",
      sessionId: "started-by-hand",
    });
    const { startTime, ...outputs } = imported?.outputs ?? {};
    assert.deepEqual(outputs, {
      sdkAppId: 1400000000,
      region: "ap-singapore",
      taskId,
      sessionId: "started-by-hand",
      status: "InProgress",
      configurationUnverified: true,
    });
    assert.equal(typeof startTime, "string");

    const refreshed = await t.stack.refresh({ color: "never" });
    assert.equal(refreshed.summary.resourceChanges?.update ?? 0, 0);
    assert.deepEqual((await stateResources(t.stack)).get("bot")?.outputs, imported?.outputs);

    await t.stack.destroy({ color: "never" });
    assert.equal(emulator.tasks().find((x) => x.taskId === taskId)?.status, "Stopped");
    assert.equal(runningTasks(emulator).length, 0);
  });

  it("previews no replacement once the program declares the imported bot, and sends its configuration at the next in-place update", async () => {
    const taskId = await startByHand("started-by-hand-2");
    await importBot(taskId);
    // Describe does not return a bot's configuration: it is taken on trust, as for adoptTaskId.
    await t.stack.setConfig("bot:bots", {
      value: JSON.stringify([{ name: "bot", top: { region: "ap-singapore" } }]),
    });
    emulator.clearRequests();
    const preview = await t.stack.preview({ color: "never", diff: true });
    assert.deepEqual(emulator.requests(), [], "preview called the API");
    assert.equal(preview.changeSummary.replace ?? 0, 0, preview.stdout);

    // With updateInPlace, the next up sends every field UpdateAIConversation takes, so the bot
    // runs what the program declares, and state no longer marks its configuration unverified.
    await t.stack.setConfig("bot:bots", {
      value: JSON.stringify([
        { name: "bot", top: { region: "ap-singapore", updateInPlace: true } },
      ]),
    });
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.update, 1, JSON.stringify(up.summary));
    const task = emulator.tasks().find((x) => x.taskId === taskId);
    assert.equal(task?.status, "InProgress");
    assert.equal(task?.updates, 1);
    assert.equal(task?.welcomeMessage, "Hello!");
    const after = (await stateResources(t.stack)).get("bot");
    assert.equal(after?.id, taskId);
    assert.equal(after?.outputs.configurationUnverified, undefined);
    await t.stack.destroy({ color: "never" });
    assert.equal(emulator.tasks().find((x) => x.taskId === taskId)?.status, "Stopped");
  });

  it("takes a running bot over with the import resource option, starting none, and destroy stops it", async () => {
    const taskId = await startByHand("started-by-hand-3");
    await t.stack.setConfig("bot:bots", {
      value: JSON.stringify([
        {
          name: "bot",
          top: { region: "ap-singapore" },
          import: `1400000000/ap-singapore/${taskId}`,
        },
      ]),
    });
    emulator.clearRequests();
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.import, 1, JSON.stringify(up.summary));
    assert.deepEqual(
      emulator.requests().filter((r) => r.action === "StartAIConversation"),
      [],
      "a bot was started",
    );
    const bot = (await stateResources(t.stack)).get("bot");
    assert.equal(bot?.id, taskId);
    assert.equal(bot?.outputs.configurationUnverified, true);
    await t.stack.setConfig("bot:bots", {
      value: JSON.stringify([{ name: "bot", top: { region: "ap-singapore" } }]),
    });
    assert.deepEqual((await t.stack.preview({ color: "never" })).changeSummary, { same: 2 });
    await t.stack.destroy({ color: "never" });
    assert.equal(emulator.tasks().find((x) => x.taskId === taskId)?.status, "Stopped");
  });

  it("refuses a malformed import ID, naming the part that is wrong", async () => {
    await assert.rejects(
      pulumi(t, [
        "import",
        "trtc:index:AIConversation",
        "bad",
        "1400000000/ap-mars/x",
        "--yes",
        "--generate-code=false",
      ]),
      /Invalid REGION in import ID "1400000000\/ap-mars\/x": "ap-mars"\. Allowed values are: ap-beijing/,
    );
    assert.equal((await stateResources(t.stack)).has("bad"), false);
  });

  it("refuses to import a task that is not running", async () => {
    const taskId = await startByHand("stopped-before-import");
    await trtcClient(emulator, { region: "ap-singapore" }).StopAIConversation({ TaskId: taskId });
    await assert.rejects(importBot(taskId), /resource '.*' does not exist/);
    assert.equal((await stateResources(t.stack)).has("bot"), false);
  });
});
