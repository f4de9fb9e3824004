/**
 * `npm start`: the whole life of an AI conversation managed as code, with the real Pulumi engine
 * against the local TRTC emulator. No Pulumi account, Tencent account or internet needed.
 *
 * preview → up (TaskId, the emulator's view) → a config change previewed as a replacement and
 * applied → destroy → nothing running. State, logs and a throwaway passphrase live in `.demo/`
 * (git-ignored), removed on success and kept on failure for the logs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack, type EngineEvent } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../emulator";
import * as engine from "./engine";

const root = path.resolve(__dirname, "..");
const workDir = path.join(root, ".demo");
const logDir = path.join(workDir, "logs");
const stackName = "demo";
const started = Date.now();

function elapsed(): string {
  return `${((Date.now() - started) / 1000).toFixed(1)}s`;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs one step, logging the engine's output to .demo/logs/<n>-<name>.log with a progress dot per line. */
async function step<T>(
  n: number,
  name: string,
  title: string,
  fn: (onOutput: (s: string) => void) => Promise<T>,
): Promise<T> {
  const log = path.join(logDir, `${n}-${name}.log`);
  process.stdout.write(`\n[${elapsed()}] ${n}. ${title} `);
  const out = fs.createWriteStream(log);
  let dots = 0;
  try {
    const result = await fn((s) => {
      out.write(s);
      if (dots++ % 4 === 0) process.stdout.write(".");
    });
    process.stdout.write(" done\n");
    return result;
  } catch (err) {
    process.stdout.write(" FAILED\n");
    out.write(`\n${(err as Error).message}\n`);
    throw Object.assign(
      new Error(`step ${n} (${title}) failed; engine output: ${path.relative(root, log)}`),
      { cause: err },
    );
  } finally {
    out.end();
  }
}

function describeTasks(emulator: RunningEmulator): void {
  const tasks = emulator.tasks();
  if (tasks.length === 0) say("   emulator: no tasks");
  for (const t of tasks) {
    say(
      `   emulator: ${t.status.padEnd(10)} task ${t.taskId.slice(0, 24)}…  room ${t.roomId}  bot ${t.botUserId}`,
    );
  }
}

function resourceOps(events: EngineEvent[]): string {
  const ops = events
    .map((e) => e.resourcePreEvent?.metadata)
    .filter((m) => m && m.type.endsWith("AIConversation"))
    .map((m) => m!.op);
  return ops.join(" → ") || "none";
}

async function main(): Promise<void> {
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  fs.mkdirSync(path.join(workDir, "backend"));
  fs.mkdirSync(path.join(workDir, "home"));
  say(
    `pulumi-trtc demo: a TRTC AI conversation's whole life with the real Pulumi engine (${engine.engineVersion()}) on Node.js ${process.version} and the local TRTC emulator`,
  );

  const emulator = await startEmulator({ preparingMs: 500 });
  say(`   emulator listening on ${emulator.url}`);
  const env = engine.engineEnv({ PATH: process.env.PATH ?? "" });
  const ws = await LocalWorkspace.create({
    workDir: root,
    pulumiCommand: await PulumiCommand.get({ root: engine.engineRoot(), skipVersionCheck: true }),
    pulumiHome: path.join(workDir, "home"),
    envVars: {
      PATH: env.PATH ?? "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      PULUMI_BACKEND_URL: `file://${path.join(workDir, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: "pulumi-trtc-demo-throwaway",
      PULUMI_HOME: path.join(workDir, "home"),
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    },
  });
  let stack: Stack | undefined;
  let ok = false;
  try {
    stack = await Stack.create(stackName, ws);
    await stack.setAllConfig({
      "trtc:endpoint": { value: emulator.url },
      "trtc:secretId": { value: emulator.secretId },
      "trtc:secretKey": { value: emulator.secretKey, secret: true },
      "pulumi-trtc-demo:sdkSecretKey": { value: "emulator-app-key", secret: true },
      "pulumi-trtc-demo:openaiApiKey": { value: "sk-demo-not-a-real-key", secret: true },
    });
    const s = stack;

    const events1: EngineEvent[] = [];
    const preview = await step(1, "preview", "pulumi preview", (onOutput) =>
      s.preview({ color: "never", onOutput, onEvent: (e) => events1.push(e) }),
    );
    say(`   plan: ${JSON.stringify(preview.changeSummary)}; support-bot: ${resourceOps(events1)}`);
    say(`   API calls made by the preview: ${emulator.requests().length}`);

    const up = await step(2, "up", "pulumi up", (onOutput) => s.up({ color: "never", onOutput }));
    say(`   TaskId ${up.outputs.taskId.value}`);
    say(`   status ${up.outputs.status.value}, SessionId ${up.outputs.sessionId.value}`);
    describeTasks(emulator);

    await s.setConfig("pulumi-trtc-demo:roomId", { value: "support-room-2" });
    const events3: EngineEvent[] = [];
    const change = await step(
      3,
      "preview-change",
      "pulumi preview (roomId changed to support-room-2)",
      (onOutput) => s.preview({ color: "never", onOutput, onEvent: (e) => events3.push(e) }),
    );
    say(`   plan: ${JSON.stringify(change.changeSummary)}; support-bot: ${resourceOps(events3)}`);

    const up2 = await step(4, "up-change", "pulumi up (replace the bot)", (onOutput) =>
      s.up({ color: "never", onOutput }),
    );
    say(`   new TaskId ${up2.outputs.taskId.value}`);
    describeTasks(emulator);

    await step(5, "destroy", "pulumi destroy", (onOutput) =>
      s.destroy({ color: "never", onOutput }),
    );
    const running = emulator
      .tasks()
      .filter((t) => t.status === "Preparing" || t.status === "InProgress");
    describeTasks(emulator);
    say(`   running bots left: ${running.length}`);
    if (running.length !== 0) throw new Error("bots are still running after destroy");
    ok = true;
  } finally {
    if (stack) await ws.removeStack(stackName, { force: true }).catch(() => undefined);
    fs.rmSync(path.join(root, `Pulumi.${stackName}.yaml`), { force: true });
    await emulator.stop();
    if (ok) fs.rmSync(workDir, { recursive: true, force: true });
  }
  say(
    `\nDone in ${elapsed()}: previewed, started, replaced and stopped a bot; nothing left running.`,
  );
}

main().catch((err: Error & { cause?: Error }) => {
  process.stderr.write(`\nDemo failed after ${elapsed()}: ${err.message}\n`);
  if (err.cause) process.stderr.write(`${err.cause.message.split("\n").slice(-15).join("\n")}\n`);
  process.stderr.write(`Logs are in ${path.relative(process.cwd(), logDir) || logDir}/\n`);
  process.exit(1);
});
