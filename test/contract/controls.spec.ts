import assert from "node:assert/strict";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { control, rawRequest, startTask, trtcClient, UNKNOWN_TASK_ID } from "./helpers";

/** Headers of a page on another site, sending what a browser sends without a preflight. */
const CROSS_SITE = { Origin: "http://evil.example", Host: "evil.example" };

describe("contract: /_emulator controls refuse requests a web page could send unasked", () => {
  let emulator: RunningEmulator;

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, preparingMs: 0 });
  });
  afterEach(() => emulator.stop());

  it("answers a cross-site text/plain POST to /reset with 415 and keeps the tasks", async () => {
    const taskId = await startTask(trtcClient(emulator));
    const refused = await rawRequest(emulator, "POST", "/_emulator/reset", "x", {
      ...CROSS_SITE,
      "Content-Type": "text/plain",
    });
    assert.equal(refused.status, 415);
    assert.equal(refused.headers["content-type"], "application/json");
    assert.deepEqual(refused.json(), {
      error:
        'POST /_emulator/reset needs Content-Type: application/json (got "text/plain"); nothing ' +
        "was changed. The control endpoints refuse other types so that a web page cannot call " +
        "them. With curl: -H 'Content-Type: application/json'.",
    });
    const tasks = (await control(emulator, "GET", "/tasks")) as Array<{ taskId: string }>;
    assert.deepEqual(
      tasks.map((t) => t.taskId),
      [taskId],
    );
  });

  it("installs no fault from a text/plain POST to /faults", async () => {
    const refused = await rawRequest(
      emulator,
      "POST",
      "/_emulator/faults",
      JSON.stringify({ action: "*", mode: "error", code: "InternalError" }),
      { ...CROSS_SITE, "Content-Type": "text/plain;charset=UTF-8" },
    );
    assert.equal(refused.status, 415);
    assert.deepEqual(await control(emulator, "GET", "/faults"), []);
    const error = await trtcClient(emulator)
      .DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID })
      .catch((e: { code?: string }) => e);
    assert.equal((error as { code?: string }).code, "FailedOperation.TaskNotExist");
  });

  it("refuses every other type, or none, on POST and changes nothing", async () => {
    const types = [
      undefined,
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonx",
      "application/json-patch+json",
      "",
    ];
    for (const type of types) {
      const refused = await rawRequest(
        emulator,
        "POST",
        "/_emulator/clock",
        '{"advanceSeconds":60}',
        type === undefined ? {} : { "Content-Type": type },
      );
      assert.equal(refused.status, 415, String(type));
      assert.match(
        (refused.json() as { error: string }).error,
        /^POST \/_emulator\/clock needs Content-Type: application\/json \(got /,
      );
    }
    const clock = (await control(emulator, "GET", "/clock")) as { offsetSeconds: number };
    assert.equal(clock.offsetSeconds, 0);
  });

  it("answers DELETE without the JSON Content-Type with 415 and keeps faults and the log", async () => {
    await control(emulator, "POST", "/faults", {
      action: "StopAIConversation",
      mode: "latency",
      latencyMs: 1,
    });
    await rawRequest(emulator, "GET", "/");
    for (const path of ["/_emulator/faults", "/_emulator/requests"]) {
      const refused = await rawRequest(emulator, "DELETE", path);
      assert.equal(refused.status, 415, path);
      assert.match(
        (refused.json() as { error: string }).error,
        /\(got none\); nothing was changed/,
      );
    }
    assert.equal(((await control(emulator, "GET", "/faults")) as unknown[]).length, 1);
    assert.equal(((await control(emulator, "GET", "/requests")) as unknown[]).length, 1);
  });

  it("works with application/json, with parameters and in any case", async () => {
    await startTask(trtcClient(emulator));
    const post = (path: string, body: unknown, type: string) =>
      rawRequest(emulator, "POST", `/_emulator${path}`, JSON.stringify(body), {
        "Content-Type": type,
      });
    const added = await post(
      "/faults",
      { action: "StopAIConversation", mode: "latency", latencyMs: 1 },
      "application/json; charset=utf-8",
    );
    assert.equal(added.status, 200, added.text);
    assert.equal((added.json() as unknown[]).length, 1);
    const moved = await post("/clock", { advanceSeconds: 60 }, "Application/JSON");
    assert.equal(moved.status, 200, moved.text);
    assert.equal((moved.json() as { offsetSeconds: number }).offsetSeconds, 60);

    const cleared = await rawRequest(emulator, "DELETE", "/_emulator/faults", undefined, {
      "Content-Type": "application/json",
    });
    assert.equal(cleared.status, 200, cleared.text);
    assert.deepEqual(await control(emulator, "GET", "/faults"), []);

    const reset = await rawRequest(emulator, "POST", "/_emulator/reset", undefined, {
      ...CROSS_SITE,
      "Content-Type": "application/json",
    });
    assert.equal(reset.status, 200, reset.text);
    assert.deepEqual(await control(emulator, "GET", "/tasks"), []);
  });

  it("keeps GETs open whatever the Content-Type", async () => {
    for (const headers of [{}, { "Content-Type": "text/plain" }, CROSS_SITE]) {
      const tasks = await rawRequest(emulator, "GET", "/_emulator/tasks", undefined, headers);
      assert.equal(tasks.status, 200, JSON.stringify(headers));
      assert.deepEqual(tasks.json(), []);
    }
  });
});
