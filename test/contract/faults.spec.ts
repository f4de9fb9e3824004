import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  SDK_APP_ID,
  UUID_V4,
  control,
  expectApiError,
  expectTransportError,
  startRequest,
  trtcClient,
  UNKNOWN_TASK_ID,
} from "./helpers";

describe("contract: injected faults", () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ port: 0, preparingMs: 0 });
  });
  beforeEach(() => emulator.reset());
  after(() => emulator.stop());

  it("fails the next N calls with the chosen code, then recovers", async () => {
    await control(emulator, "POST", "/faults", {
      action: "StartAIConversation",
      mode: "error",
      code: "ResourceInsufficient.RequestRejection",
      count: 2,
    });
    const client = trtcClient(emulator);
    for (let i = 0; i < 2; i++) {
      await expectApiError(
        emulator,
        client.StartAIConversation(startRequest({ SessionId: `f-${i}` })),
        "ResourceInsufficient.RequestRejection",
      );
    }
    await client.StartAIConversation(startRequest({ SessionId: "f-ok" }));
    assert.equal(emulator.tasks().length, 1);
  });

  it("commit-then-lose starts the task while the client sees a failure", async () => {
    await control(emulator, "POST", "/faults", {
      action: "StartAIConversation",
      mode: "commit-then-lose",
      count: 1,
    });
    const client = trtcClient(emulator);
    await expectTransportError(client.StartAIConversation(startRequest({ SessionId: "lost-1" })));

    const [task] = emulator.tasks();
    assert.equal(task.sessionId, "lost-1");
    assert.equal(task.status, "InProgress");
    assert.equal(emulator.requests()[0].code, "LOST");
    // What a careful client does next: the retry hits TaskExist, Describe by SessionId finds it.
    await expectApiError(
      emulator,
      client.StartAIConversation(startRequest({ SessionId: "lost-1" })),
      "FailedOperation.TaskExist",
    );
    const found = await client.DescribeAIConversation({
      SdkAppId: SDK_APP_ID,
      SessionId: "lost-1",
    });
    assert.equal(found.TaskId, task.taskId);
  });

  it("commit-then-lose with a code answers that error although the task started", async () => {
    await control(emulator, "POST", "/faults", {
      action: "StartAIConversation",
      mode: "commit-then-lose",
      code: "InternalError",
      count: 1,
    });
    const error = await trtcClient(emulator)
      .StartAIConversation(startRequest({ SessionId: "lost-2" }))
      .then(
        () => assert.fail("expected InternalError"),
        (e: { code?: string; requestId: string }) => e,
      );
    assert.equal(error.code, "InternalError");
    assert.match(error.requestId, UUID_V4);
    assert.equal(emulator.tasks()[0].sessionId, "lost-2");
    // The client saw InternalError; the log says LOST because the operation committed.
    assert.deepEqual(
      emulator.requests().map((r) => [r.requestId, r.code]),
      [[error.requestId, "LOST"]],
    );
  });

  it("drop closes the connection without an answer and without doing anything", async () => {
    await control(emulator, "POST", "/faults", { action: "*", mode: "drop", count: 1 });
    const error = await expectTransportError(
      trtcClient(emulator).StartAIConversation(startRequest()),
    );
    assert.match(error.message, /socket hang up|ECONNRESET/);
    assert.deepEqual(emulator.tasks(), []);
    assert.equal(emulator.requests()[0].code, "DROPPED");
  });

  it("latency delays the answer", async () => {
    await control(emulator, "POST", "/faults", {
      action: "DescribeAIConversation",
      mode: "latency",
      latencyMs: 300,
    });
    const started = Date.now();
    await expectApiError(
      emulator,
      trtcClient(emulator).DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }),
      "FailedOperation.TaskNotExist",
    );
    assert.ok(Date.now() - started >= 290);
  });

  it("a seeded probability fault fails the same calls on every run", async () => {
    const run = async () => {
      emulator.reset();
      await control(emulator, "POST", "/faults", {
        action: "*",
        mode: "error",
        probability: 0.5,
        seed: 99,
      });
      const client = trtcClient(emulator);
      const codes: string[] = [];
      for (let i = 0; i < 12; i++) {
        codes.push(
          await client.DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID }).then(
            () => "ok",
            (e: { code?: string }) => e.code ?? "none",
          ),
        );
      }
      return codes;
    };
    const first = await run();
    assert.deepEqual(await run(), first);
    assert.ok(first.includes("InternalError") && first.includes("FailedOperation.TaskNotExist"));
  });

  it("does not apply faults to unauthenticated calls", async () => {
    await control(emulator, "POST", "/faults", { action: "*", mode: "drop" });
    await expectApiError(
      emulator,
      trtcClient(emulator, { secretKey: "wrong" }).DescribeAIConversation({
        TaskId: UNKNOWN_TASK_ID,
      }),
      "AuthFailure.SignatureFailure",
    );
  });
});
