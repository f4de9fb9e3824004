import assert from "node:assert/strict";
import { FaultInjector, mulberry32, parseFaultSpec } from "../../../emulator/faults";

function outcomes(injector: FaultInjector, calls: number): string[] {
  return Array.from(
    { length: calls },
    () => injector.decide("StartAIConversation").fault?.code ?? "ok",
  );
}

describe("emulator faults", () => {
  it("mulberry32 is reproducible per seed and differs between seeds", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 5 }, () => a());
    assert.deepEqual(
      first,
      Array.from({ length: 5 }, () => b()),
    );
    assert.notDeepEqual(
      first,
      Array.from({ length: 5 }, () => c()),
    );
    assert.ok(first.every((x) => x >= 0 && x < 1));
  });

  it("fires a probability fault on the same calls for the same seed", () => {
    const spec = parseFaultSpec({
      action: "StartAIConversation",
      mode: "error",
      probability: 0.3,
      seed: 7,
    });
    const one = new FaultInjector();
    const two = new FaultInjector();
    one.add(spec);
    two.add(spec);
    const a = outcomes(one, 200);
    assert.deepEqual(a, outcomes(two, 200));
    const fired = a.filter((x) => x === "InternalError").length;
    assert.ok(fired > 30 && fired < 90, `expected about 60 of 200, got ${fired}`);
    const other = new FaultInjector();
    other.add({ ...spec, seed: 8 });
    assert.notDeepEqual(a, outcomes(other, 200));
  });

  it("fires a count fault on exactly the next N matching calls, then disappears", () => {
    const injector = new FaultInjector();
    injector.add(
      parseFaultSpec({
        action: "StartAIConversation",
        mode: "error",
        code: "ResourceUnavailable",
        count: 2,
      }),
    );
    assert.deepEqual(injector.decide("StopAIConversation"), { latencyMs: 0 });
    assert.deepEqual(outcomes(injector, 3), ["ResourceUnavailable", "ResourceUnavailable", "ok"]);
    assert.deepEqual(injector.list(), []);
  });

  it("matches every action with *", () => {
    const injector = new FaultInjector();
    injector.add(parseFaultSpec({ action: "*", mode: "drop" }));
    assert.deepEqual(injector.decide("ControlAIConversation").fault, { mode: "drop" });
    assert.deepEqual(injector.list()[0].remaining, null);
  });

  it("adds latency and continues to the first terminal fault", () => {
    const injector = new FaultInjector();
    injector.add(parseFaultSpec({ action: "*", mode: "latency", latencyMs: 30, count: 1 }));
    injector.add(parseFaultSpec({ action: "*", mode: "latency" }));
    injector.add(parseFaultSpec({ action: "*", mode: "commit-then-lose", count: 1 }));
    injector.add(parseFaultSpec({ action: "*", mode: "error", count: 1 }));
    assert.deepEqual(injector.decide("StartAIConversation"), {
      latencyMs: 1030,
      fault: { mode: "commit-then-lose" },
    });
    assert.deepEqual(injector.decide("StartAIConversation"), {
      latencyMs: 1000,
      fault: { mode: "error", code: "InternalError" },
    });
  });

  it("rejects malformed specs with a message naming the field", () => {
    assert.throws(
      () => parseFaultSpec({ action: "Start", mode: "error" }),
      /^Error: Invalid value for action: "Start"/,
    );
    assert.throws(
      () => parseFaultSpec({ action: "*", mode: "explode" }),
      /Invalid value for mode: "explode"\. Allowed values are: error, latency, drop, commit-then-lose\./,
    );
    assert.throws(
      () => parseFaultSpec({ action: "*", mode: "error", count: 0 }),
      /Invalid value for count: 0/,
    );
    assert.throws(
      () => parseFaultSpec({ action: "*", mode: "error", probability: 1.5 }),
      /Invalid value for probability: 1.5/,
    );
    assert.throws(
      () => parseFaultSpec({ action: "*", mode: "error", code: "not a code" }),
      /Invalid value for code/,
    );
    assert.throws(
      () => parseFaultSpec({ action: "*", mode: "error", times: 1 }),
      /Unknown fault field: times/,
    );
  });
});
