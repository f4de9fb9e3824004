import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateUserSig } from "../../emulator";
import {
  control,
  type Endpoint,
  rawRequest,
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
  /** Everything written on stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
}

/**
 * Spawn `emulator/cli.ts` and wait for its banner. The banner never prints the SecretKey, so the
 * caller says which one it expects the emulator to accept.
 */
async function spawnCli(
  args: string[],
  env: Record<string, string> = {},
  secretKey = "emulator-secret-key",
): Promise<Cli> {
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
  const port = Number(/^listening on http:\/\/[^ ]+:(\d+)$/.exec(lines[0])?.[1]);
  const secretId = /^SecretId: +(\S+)/.exec(lines.find((l) => l.startsWith("SecretId:")) ?? "");
  return {
    child,
    lines,
    endpoint: { port, secretId: secretId?.[1] ?? "", secretKey },
    output: () => ({ stdout, stderr }),
  };
}

/** Send SIGTERM and wait until the process has exited and its output is all read. */
function stopCli(cli: Cli): Promise<number | null> {
  return new Promise((resolveClose) => {
    cli.child.once("close", (code) => resolveClose(code));
    cli.child.kill("SIGTERM");
  });
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

  it("prints `listening on` first, then the SecretId and apps but no key, and exits 0 on SIGTERM", async () => {
    const cli = await spawnCli(["--port", "0", "--quiet"]);
    running = cli.child;
    assert.match(cli.lines[0], /^listening on http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(cli.endpoint.port, 0);
    assert.equal(
      cli.lines[1],
      "SecretId:  AKIDEMULATOR0000000000000000000000 (SecretKey: the documented default, not printed)",
    );
    assert.equal(cli.endpoint.secretId, "AKIDEMULATOR0000000000000000000000");
    assert.ok(
      cli.lines.includes(
        "App:       1400000000 (UserSig key: the documented default, not printed)",
      ),
    );
    assert.doesNotMatch(cli.output().stdout, /emulator-secret-key|emulator-app-key/);
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

    const first = await spawnCli(args, env, "env-key");
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

    const second = await spawnCli(args, env, "env-key");
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

  it("never prints a SecretKey, token or UserSig key from flags or the environment, even for failing calls", async () => {
    const marker = {
      flagKey: "MARKER-FLAG-SECRETKEY-1a",
      envKey: "MARKER-ENV-SECRETKEY-2b",
      flagToken: "MARKER-FLAG-TOKEN-3c",
      envToken: "MARKER-ENV-TOKEN-4d",
      permKey: "MARKER-KEY-SECRET-5e",
      tempKey: "MARKER-TEMPKEY-SECRET-6f",
      tempToken: "MARKER-TEMPKEY-TOKEN-7g",
      app1: "MARKER-APP-KEY-8h",
      app2: "MARKER-APP-KEY-9i",
    };
    const cli = await spawnCli(
      [
        "--port",
        "0",
        "--secret-id",
        "AKIDMAIN",
        "--secret-key",
        marker.flagKey,
        `--token=${marker.flagToken}`,
        "--key",
        `AKIDPERM=${marker.permKey}@100001`,
        "--temp-key",
        `AKIDTEMP=${marker.tempKey}:${marker.tempToken}`,
        "--app",
        `1400000001=${marker.app1}`,
        `--app=1400000002=${marker.app2}`,
      ],
      { TRTC_EMULATOR_SECRET_KEY: marker.envKey, TRTC_EMULATOR_TOKEN: marker.envToken },
      marker.flagKey,
    );
    running = cli.child;
    assert.deepEqual(cli.lines.slice(1, 6), [
      "SecretId:  AKIDMAIN (temporary; SecretKey: from --secret-key; X-TC-Token: from --token; neither printed)",
      "Key:       AKIDPERM (account 100001; SecretKey: from --key, not printed)",
      "Key:       AKIDTEMP (its own account; temporary; SecretKey and X-TC-Token: from --temp-key, not printed)",
      "App:       1400000001 (UserSig key: from --app, not printed)",
      "App:       1400000002 (UserSig key: from --app, not printed)",
    ]);

    const outcome = (call: Promise<unknown>): Promise<string> =>
      call.then(
        () => "OK",
        (e: SdkError) => `${e.code}: ${e.message}`,
      );
    const main = trtcClient(cli.endpoint, { token: marker.flagToken });
    const request = (sdkAppId: number, key: string) => {
      const start = startRequest({ SdkAppId: sdkAppId, SessionId: `s-${sdkAppId}` });
      start.AgentConfig.UserSig = generateUserSig({ sdkAppId, key, userId: "ai_bot" });
      return start;
    };
    const answers = [
      await outcome(main.StartAIConversation(request(1400000001, marker.app1))),
      await outcome(main.StartAIConversation(request(1400000002, marker.app1))),
      await outcome(
        trtcClient(cli.endpoint, {
          secretId: "AKIDPERM",
          secretKey: marker.permKey,
        }).DescribeAIConversation({ SdkAppId: 1400000001, SessionId: "s-1400000001" }),
      ),
      await outcome(
        trtcClient(cli.endpoint, {
          secretId: "AKIDTEMP",
          secretKey: marker.tempKey,
          token: marker.tempToken,
        }).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
      ),
      await outcome(
        trtcClient(cli.endpoint, {
          secretId: "AKIDTEMP",
          secretKey: marker.tempKey,
        }).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
      ),
      await outcome(
        trtcClient(cli.endpoint, {
          secretKey: marker.envKey,
          token: marker.flagToken,
        }).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
      ),
      await outcome(
        trtcClient(cli.endpoint, { token: marker.envToken }).DescribeAIConversation({
          TaskId: UNKNOWN_TASK_ID,
        }),
      ),
    ];
    assert.deepEqual(
      answers.map((a) => a.split(":")[0]),
      [
        "OK",
        "InvalidParameter.UserSig",
        // AKIDPERM is a key of another account (100001): the task is not its to see.
        "FailedOperation.TaskNotExist",
        "FailedOperation.TaskNotExist",
        "AuthFailure.TokenFailure",
        "AuthFailure.SignatureFailure",
        "AuthFailure.TokenFailure",
      ],
      answers.join("\n"),
    );
    const refused = await rawRequest(cli.endpoint, "POST", "/_emulator/reset", "x", {
      "Content-Type": "text/plain",
    });
    const badFault = await rawRequest(cli.endpoint, "POST", "/_emulator/faults", "{", {
      "Content-Type": "application/json",
    });
    assert.deepEqual([refused.status, badFault.status], [415, 400]);
    answers.push(refused.text, badFault.text);

    assert.equal(await stopCli(cli), 0);
    const { stdout, stderr } = cli.output();
    assert.equal(
      stderr.split("\n").filter((l) => / [A-Za-z]+AIConversation /.test(l)).length,
      7,
      `one log line per API call:\n${stderr}`,
    );
    for (const [name, secret] of Object.entries(marker)) {
      assert.ok(!stdout.includes(secret), `${name} on stdout:\n${stdout}`);
      assert.ok(!stderr.includes(secret), `${name} on stderr:\n${stderr}`);
      assert.ok(!answers.some((a) => a.includes(secret)), `${name} in an answer`);
    }
  });

  it("warns on stderr that a non-loopback --host exposes the API and the control endpoints", async () => {
    const exposed = await spawnCli(["--port", "0", "--quiet", "--host", "0.0.0.0"]);
    running = exposed.child;
    assert.match(exposed.lines[0], /^listening on http:\/\/0\.0\.0\.0:\d+$/);
    assert.equal(await stopCli(exposed), 0);
    const warnings = exposed
      .output()
      .stderr.split("\n")
      .filter((l) => l.startsWith("trtc-emulator: warning:"));
    assert.deepEqual(warnings, [
      `trtc-emulator: warning: --host 0.0.0.0 is not a loopback address, so anyone who can reach ` +
        `this machine on port ${exposed.endpoint.port} can call the API and the control endpoints ` +
        `under /_emulator, which have no authentication (reset, faults, clock, task status). ` +
        `Use --host 127.0.0.1 unless other machines must reach the emulator.`,
    ]);

    const local = await spawnCli(["--port", "0", "--quiet", "--host", "127.0.0.1"]);
    running = local.child;
    assert.equal(await stopCli(local), 0);
    assert.equal(local.output().stderr, "trtc-emulator: SIGTERM, shutting down\n");
  });
});
