import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { UUID_V4, control, rawRequest, signedRequest, UNKNOWN_TASK_ID } from "./helpers";

interface Envelope {
  Response: { Error?: { Code: string; Message: string }; RequestId: string };
}

function envelope(text: string): Envelope {
  const parsed = JSON.parse(text) as Envelope;
  assert.match(parsed.Response.RequestId, UUID_V4);
  return parsed;
}

describe("contract: HTTP protocol details", () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  beforeEach(() => emulator.reset());
  after(() => emulator.stop());

  it("answers a bare GET / (a v1 request without its parameters) with HTTP 200 and MissingParameter", async () => {
    const response = await rawRequest(emulator, "GET", "/");
    assert.equal(response.status, 200);
    assert.equal(response.headers["content-type"], "application/json");
    assert.match(response.headers["x-tc-traceid"] as string, UUID_V4);
    const { Error } = envelope(response.text).Response;
    assert.equal(Error?.Code, "MissingParameter");
    assert.match(Error?.Message ?? "", /`SecretId`/);
  });

  it("answers another content type with InvalidParameter naming it", async () => {
    const response = await rawRequest(emulator, "POST", "/", "hello", {
      "Content-Type": "text/plain",
    });
    assert.equal(envelope(response.text).Response.Error?.Code, "InvalidParameter");
    assert.match(response.text, /got Content-Type `text\/plain`/);
  });

  it("answers an unsigned form-encoded (legacy v1) request with MissingParameter", async () => {
    const response = await rawRequest(emulator, "POST", "/", "Action=DescribeAIConversation", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    assert.equal(envelope(response.text).Response.Error?.Code, "MissingParameter");
  });

  it("answers a signed but malformed JSON body with InvalidParameter and keeps serving", async () => {
    const response = await signedRequest(emulator, { body: '{"TaskId": ' });
    const { Error } = envelope(response.text).Response;
    assert.equal(Error?.Code, "InvalidParameter");
    assert.match(Error?.Message ?? "", /^The request body is not valid JSON/);
    const array = await signedRequest(emulator, { body: "[]" });
    assert.equal(
      envelope(array.text).Response.Error?.Message,
      "The request body must be a JSON object.",
    );
    assert.deepEqual(await control(emulator, "GET", "/health"), { ok: true });
  });

  it("accepts a charset parameter on the JSON content type", async () => {
    const response = await signedRequest(emulator, {
      body: JSON.stringify({ TaskId: UNKNOWN_TASK_ID }),
      contentType: "application/json; charset=utf-8",
    });
    assert.equal(envelope(response.text).Response.Error?.Code, "FailedOperation.TaskNotExist");
  });

  it("echoes the caller's X-TC-TraceId", async () => {
    const response = await signedRequest(emulator, {
      body: JSON.stringify({ TaskId: UNKNOWN_TASK_ID }),
      headers: { "X-TC-TraceId": "trace-123" },
    });
    assert.equal(response.headers["x-tc-traceid"], "trace-123");
  });

  it("answers a missing X-TC-Action with MissingParameter and logs it with action null", async () => {
    const response = await signedRequest(emulator, { body: "{}", headers: { "X-TC-Action": "" } });
    const { Error, RequestId } = envelope(response.text).Response;
    assert.equal(Error?.Code, "MissingParameter");
    assert.match(Error?.Message ?? "", /`Action`/);
    const logged = emulator.requests().find((r) => r.requestId === RequestId);
    assert.equal(logged?.code, "MissingParameter");
    assert.equal(logged?.action, null);
  });

  it("logs protocol rejections in the request log", async () => {
    await rawRequest(emulator, "PUT", "/");
    const [entry] = emulator.requests();
    assert.equal(entry.action, null);
    assert.equal(entry.code, "UnsupportedProtocol");
    assert.match(entry.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  describe("/_emulator controls", () => {
    it("reports health", async () => {
      assert.deepEqual(await control(emulator, "GET", "/health"), { ok: true });
    });

    it("advances the clock and returns the new emulator time", async () => {
      const before = Date.now();
      const { now, offsetSeconds } = (await control(emulator, "POST", "/clock", {
        advanceSeconds: 3600,
      })) as {
        now: string;
        offsetSeconds: number;
      };
      assert.equal(offsetSeconds, 3600);
      assert.ok(Date.parse(now) >= before + 3600_000);
    });

    it("clears the request log", async () => {
      await rawRequest(emulator, "GET", "/");
      assert.equal(((await control(emulator, "GET", "/requests")) as unknown[]).length, 1);
      await control(emulator, "DELETE", "/requests");
      assert.deepEqual(await control(emulator, "GET", "/requests"), []);
    });

    it("lists, adds and clears faults", async () => {
      const faults = await control(emulator, "POST", "/faults", {
        action: "*",
        mode: "latency",
        latencyMs: 5,
      });
      assert.deepEqual(faults, [
        { action: "*", mode: "latency", seed: 1, latencyMs: 5, remaining: null },
      ]);
      await control(emulator, "DELETE", "/faults");
      assert.deepEqual(await control(emulator, "GET", "/faults"), []);
    });

    it("answers bad control input with 400 and a message naming the field", async () => {
      const cases: Array<[string, string, string, RegExp]> = [
        [
          "POST",
          "/_emulator/clock",
          '{"advanceSeconds":-1}',
          /Invalid value for advanceSeconds: -1/,
        ],
        ["POST", "/_emulator/clock", "{", /not valid JSON/],
        [
          "POST",
          "/_emulator/faults",
          '{"action":"*","mode":"boom"}',
          /Invalid value for mode: "boom"/,
        ],
        [
          "POST",
          "/_emulator/rooms/1234/users/u1",
          '{"streaming":"yes"}',
          /Invalid value for streaming: "yes"/,
        ],
      ];
      for (const [method, path, body, message] of cases) {
        const response = await rawRequest(emulator, method, path, body, {
          "Content-Type": "application/json",
        });
        assert.equal(response.status, 400, path);
        assert.match((response.json() as { error: string }).error, message);
      }
      assert.equal((await rawRequest(emulator, "GET", "/_emulator/nope")).status, 404);
      assert.equal((await rawRequest(emulator, "DELETE", "/_emulator/tasks")).status, 405);
    });
  });
});
