import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateUserSig } from "../../emulator";
import {
  control,
  type Endpoint,
  type SdkError,
  startRequest,
  trtcClient,
  UNKNOWN_TASK_ID,
} from "./helpers";

const ROOT = resolve(__dirname, "../..");

interface Cli {
  child: ChildProcess;
  lines: string[];
  endpoint: Endpoint;
}

/** Spawn `emulator/cli.ts` and wait for its banner. */
async function spawnCli(args: string[], env: Record<string, string> = {}): Promise<Cli> {
  const child = spawn(process.execPath, ["-r", "ts-node/register", "emulator/cli.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = await new Promise<string[]>((resolveLines, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/\nInspect: .*\n/.test(stdout)) resolveLines(stdout.split("\n"));
    });
    child.on("exit", (code) => reject(new Error(`CLI exited with ${code}: ${stderr}`)));
  });
  const port = Number(/^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(lines[0])?.[1]);
  const value = (label: string) =>
    lines
      .find((l) => l.startsWith(label))
      ?.slice(label.length)
      .trim() ?? "";
  return {
    child,
    lines,
    endpoint: { port, secretId: value("SecretId:"), secretKey: value("SecretKey:") },
  };
}

function exitOf(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolveExit) =>
    child.once("exit", (code, signal) => resolveExit({ code, signal })),
  );
}

describe("contract: the trtc-emulator command", function () {
  this.timeout(90_000);
  let dir: string;
  let running: ChildProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "trtc-emulator-cli-"));
  });
  afterEach(() => {
    if (running && running.exitCode === null) running.kill("SIGKILL");
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints `listening on` first, then the credentials, and exits 0 on SIGTERM", async () => {
    const cli = await spawnCli(["--port", "0", "--quiet"]);
    running = cli.child;
    assert.match(cli.lines[0], /^listening on http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(cli.endpoint.port, 0);
    assert.equal(cli.endpoint.secretId, "AKIDEMULATOR0000000000000000000000");
    assert.equal(cli.endpoint.secretKey, "emulator-secret-key");
    assert.ok(cli.lines.includes("App:       1400000000 (UserSig key emulator-app-key)"));
    const error = await trtcClient(cli.endpoint)
      .DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID })
      .catch((e: { code?: string }) => e);
    assert.equal((error as { code?: string }).code, "FailedOperation.TaskNotExist");
    const exited = exitOf(cli.child);
    cli.child.kill("SIGTERM");
    assert.deepEqual(await exited, { code: 0, signal: null });
  });

  it("keeps tasks across a restart with --state, using env credentials and --app", async () => {
    const statePath = join(dir, "state.json");
    const env = { TRTC_EMULATOR_SECRET_ID: "AKIDFROMENV", TRTC_EMULATOR_SECRET_KEY: "env-key" };
    const args = [
      "--port",
      "0",
      "--state",
      statePath,
      "--app",
      "1400000001=app-key-1",
      "--preparing-ms",
      "0",
      "--quiet",
    ];

    const first = await spawnCli(args, env);
    running = first.child;
    assert.equal(first.endpoint.secretId, "AKIDFROMENV");
    const request = startRequest({ SdkAppId: 1400000001, SessionId: "persisted" });
    request.AgentConfig.UserSig = generateUserSig({
      sdkAppId: 1400000001,
      key: "app-key-1",
      userId: "ai_bot",
    });
    const { TaskId } = await trtcClient(first.endpoint).StartAIConversation(request);
    assert.ok(TaskId);
    const exited = exitOf(first.child);
    first.child.kill("SIGINT");
    assert.equal((await exited).code, 0);
    // Writes are batched (at most every 100 ms); SIGINT writes the last changes before exiting.
    const saved = readFileSync(statePath, "utf8");
    assert.match(saved, /"sessionId": "persisted"/);
    assert.doesNotMatch(saved, /sk-test|UserSig|app-key-1|env-key/, "no secrets in the state file");

    const second = await spawnCli(args, env);
    running = second.child;
    const found = await trtcClient(second.endpoint).DescribeAIConversation({
      SdkAppId: 1400000001,
      SessionId: "persisted",
    });
    assert.equal(found.TaskId, TaskId);
    assert.equal(found.Status, "InProgress");
    const stopped = exitOf(second.child);
    second.child.kill("SIGTERM");
    assert.equal((await stopped).code, 0);
  });

  it("answers NotAllowed for --not-allowed apps and hides new tasks from Describe for --visible-after-ms", async () => {
    const cli = await spawnCli([
      "--port",
      "0",
      "--quiet",
      "--not-allowed",
      "1400000009",
      "--visible-after-ms=5000",
    ]);
    running = cli.child;
    const client = trtcClient(cli.endpoint);
    const failure = (call: Promise<unknown>) =>
      call.then(
        () => assert.fail("expected an API error"),
        (e: SdkError) => [e.code, e.message],
      );
    assert.deepEqual(
      await failure(client.StartAIConversation(startRequest({ SdkAppId: 1400000009 }))),
      [
        "FailedOperation.NotAllowed",
        "This operation is not allowed, please submit a ticket to contact us",
      ],
    );
    const { TaskId = "" } = await client.StartAIConversation(startRequest());
    const [code] = await failure(client.DescribeAIConversation({ TaskId }));
    assert.equal(code, "FailedOperation.TaskNotExist");
    await control(cli.endpoint, "POST", "/clock", { advanceSeconds: 5 });
    assert.equal((await client.DescribeAIConversation({ TaskId })).TaskId, TaskId);
  });

  it("exits 2 with a message naming a bad flag", async () => {
    const child = spawn(
      process.execPath,
      ["-r", "ts-node/register", "emulator/cli.ts", "--port", "x"],
      {
        cwd: ROOT,
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
      },
    );
    running = child;
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    assert.equal((await exitOf(child)).code, 2);
    assert.match(stderr, /Invalid value for --port: "x"\. Use a number\./);
  });
});
