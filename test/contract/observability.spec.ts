import assert from "node:assert/strict";
import * as net from "node:net";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  control,
  expectApiError,
  rawRequest,
  startTask,
  trtcClient,
  UNKNOWN_TASK_ID,
} from "./helpers";

describe("contract: what tests can see and steer", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;

  afterEach(() => emulator?.stop());

  it("logs each call's region and whether it sent a token, never the token", async () => {
    emulator = await startEmulator({
      keys: [{ secretId: "AKIDTEMP", secretKey: "temp-key", token: "sts-secret-token" }],
    });
    await startTask(trtcClient(emulator, { region: "ap-singapore" }));
    await trtcClient(emulator, {
      secretId: "AKIDTEMP",
      secretKey: "temp-key",
      token: "sts-secret-token",
      profile: { signMethod: "HmacSHA256" },
    })
      .DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID })
      .catch(() => undefined);
    const log = (await control(emulator, "GET", "/requests")) as Array<Record<string, unknown>>;
    assert.deepEqual(
      log.map(({ action, region, tokenSent, code }) => ({ action, region, tokenSent, code })),
      [
        {
          action: "StartAIConversation",
          region: "ap-singapore",
          tokenSent: false,
          code: null,
        },
        {
          action: "DescribeAIConversation",
          region: "ap-guangzhou",
          tokenSent: true,
          code: "FailedOperation.TaskNotExist",
        },
      ],
    );
    assert.doesNotMatch(JSON.stringify(log), /sts-secret-token/);
  });

  it("places a fault's message into the error it answers", async () => {
    emulator = await startEmulator();
    await control(emulator, "POST", "/faults", {
      action: "DescribeAIConversation",
      mode: "error",
      code: "InternalError",
      message: "upstream echoed sk-leaked-123",
      count: 1,
    });
    await expectApiError(
      emulator,
      trtcClient(emulator).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
      "InternalError",
      /^upstream echoed sk-leaked-123 \(Injected by an emulator fault\.\)$/,
    );
    const refused = await control(emulator, "POST", "/faults", {
      action: "*",
      mode: "error",
      message: "x".repeat(1025),
    }).catch((e: Error) => e.message);
    assert.match(String(refused), /message/);
  });

  it("holds a task in a status Describe reports (Idle), and releases it", async () => {
    emulator = await startEmulator({ preparingMs: 0 });
    const client = trtcClient(emulator);
    const TaskId = await startTask(client);
    const held = (await control(emulator, "POST", `/tasks/${encodeURIComponent(TaskId)}`, {
      status: "Idle",
    })) as { status: string };
    assert.equal(held.status, "Idle");
    assert.equal((await client.DescribeAIConversation({ TaskId })).Status, "Idle");
    await control(emulator, "POST", `/tasks/${encodeURIComponent(TaskId)}`, { status: null });
    assert.equal((await client.DescribeAIConversation({ TaskId })).Status, "InProgress");
    const bad = await rawRequest(
      emulator,
      "POST",
      `/_emulator/tasks/${encodeURIComponent(TaskId)}`,
      JSON.stringify({ status: "Sleeping" }),
      { "Content-Type": "application/json" },
    );
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Idle, Preparing, InProgress, Stopped, or null/);
    const missing = await rawRequest(
      emulator,
      "POST",
      "/_emulator/tasks/nope",
      JSON.stringify({ status: "Idle" }),
      { "Content-Type": "application/json" },
    );
    assert.equal(missing.status, 404);
  });

  it("refuses a latency fault longer than Node's timers can hold", async () => {
    emulator = await startEmulator();
    const refused = await rawRequest(
      emulator,
      "POST",
      "/_emulator/faults",
      JSON.stringify({ action: "*", mode: "latency", latencyMs: 3e9 }),
      { "Content-Type": "application/json" },
    );
    assert.equal(refused.status, 400);
    assert.match(refused.text, /latencyMs.*from 0 to 2147483647/);
  });

  it("answers 408 and closes a connection whose body never finishes", async () => {
    emulator = await startEmulator({ requestTimeoutMs: 500 });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(emulator.port, "127.0.0.1", () => {
        socket.write(
          "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
            'Content-Length: 1000\r\n\r\n{"TaskId":',
        );
      });
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
      setTimeout(() => reject(new Error("still open after 10 s")), 10_000).unref();
    });
    assert.match(answer, /^HTTP\/1\.1 408/);
  });
});
