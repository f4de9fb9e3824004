import assert from "node:assert/strict";
import {
  type EmulatorControls,
  handleInspection,
  refusedContentType,
} from "../../../emulator/inspection";

/** Controls that record every call, answering as an empty emulator would. */
function recordingControls(calls: string[]): EmulatorControls {
  const record =
    <T>(name: string, value: T) =>
    (): T => {
      calls.push(name);
      return value;
    };
  return {
    tasks: record("tasks", []),
    requests: record("requests", []),
    clearRequests: record("clearRequests", undefined),
    advanceClock: record("advanceClock", "2026-01-01T00:00:00.000Z"),
    clock: record("clock", { now: "2026-01-01T00:00:00.000Z", offsetSeconds: 0 }),
    holdStatus: record("holdStatus", undefined),
    setStreaming: record("setStreaming", undefined),
    addFault: record("addFault", undefined),
    faults: record("faults", []),
    clearFaults: record("clearFaults", undefined),
    reset: record("reset", undefined),
  };
}

const CHANGING: Array<[string, string, string]> = [
  ["POST", "/_emulator/reset", ""],
  ["POST", "/_emulator/faults", '{"action":"*","mode":"error"}'],
  ["DELETE", "/_emulator/faults", ""],
  ["DELETE", "/_emulator/requests", ""],
  ["POST", "/_emulator/clock", '{"advanceSeconds":60}'],
  ["POST", "/_emulator/tasks/T1", '{"status":"Idle"}'],
  ["POST", "/_emulator/rooms/1234/users/u1", '{"streaming":true}'],
];

describe("emulator control endpoints: Content-Type", () => {
  it("refuse a POST or DELETE that is not application/json with 415, calling no control", () => {
    for (const type of [undefined, "", "text/plain", "application/x-www-form-urlencoded", "json"]) {
      for (const [method, path, body] of CHANGING) {
        const calls: string[] = [];
        const reply = handleInspection(
          method,
          path,
          Buffer.from(body),
          recordingControls(calls),
          type,
        );
        assert.equal(reply.status, 415, `${method} ${path} ${type}`);
        assert.deepEqual(calls, [], `${method} ${path} ${type}`);
      }
    }
  });

  it("let application/json through, with parameters and in any case", () => {
    for (const type of [
      "application/json",
      "application/json; charset=utf-8",
      " APPLICATION/JSON ",
    ]) {
      for (const [method, path, body] of CHANGING) {
        const calls: string[] = [];
        const reply = handleInspection(
          method,
          path,
          Buffer.from(body),
          recordingControls(calls),
          type,
        );
        assert.notEqual(reply.status, 415, `${method} ${path} ${type}`);
        assert.notDeepEqual(calls, [], `${method} ${path} ${type}`);
      }
    }
  });

  it("answer an unknown path 404 and a method the path does not take 405 first", () => {
    const controls = recordingControls([]);
    const reply = (method: string, path: string) =>
      handleInspection(method, path, Buffer.alloc(0), controls, "text/plain").status;
    assert.equal(reply("POST", "/_emulator/nope"), 404);
    assert.equal(reply("DELETE", "/_emulator/tasks"), 405);
    assert.equal(reply("POST", "/_emulator/health"), 405);
  });

  it("leave GET alone and say what to send", () => {
    assert.equal(refusedContentType("GET", "/_emulator/tasks", "text/plain"), undefined);
    assert.equal(refusedContentType("GET", "/_emulator/tasks", undefined), undefined);
    assert.deepEqual(refusedContentType("DELETE", "/_emulator/faults", undefined), {
      status: 415,
      body: {
        error:
          "DELETE /_emulator/faults needs Content-Type: application/json (got none); nothing " +
          "was changed. The control endpoints refuse other types so that a web page cannot call " +
          "them. With curl: -H 'Content-Type: application/json'.",
      },
    });
  });
});
