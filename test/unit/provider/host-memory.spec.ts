import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import {
  MIN_NEW_SPACE_BYTES,
  V8_DEFAULTS_ENV,
  decideYoungGenerationCap,
  type HostFacts,
} from "../../../provider/host-memory";

const MiB = 2 ** 20;
const root = path.resolve(__dirname, "../../..");

/** Facts of a host on Node.js 24 whose young generation has 16 MiB semi-spaces. */
function facts(over: Partial<HostFacts> = {}): HostFacts {
  return { nodeMajor: 24, newSpaceBytes: MIN_NEW_SPACE_BYTES, env: {}, ...over };
}

/**
 * A child Node.js process (this one's binary) that churns until its new space has 16 MiB
 * semi-spaces, as the provider host's has at the first call, calls capYoungGenerationGrowth,
 * then keeps ~20 batches of objects alive across minor collections while it allocates (as calls
 * in flight do) and reports the largest new space it saw.
 */
const CHILD = `
const v8 = require("node:v8");
const { capYoungGenerationGrowth } = require(${JSON.stringify(path.join(root, "provider/host-memory"))});
const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;
const live = [];
function churn(rounds) {
  let max = 0;
  for (let i = 0; i < rounds; i++) {
    const batch = [];
    for (let j = 0; j < 500; j++) batch.push({ i, j, s: "x" + j });
    live.push(batch);
    if (live.length > 20) live.shift();
    max = Math.max(max, newSpace());
  }
  return max;
}
for (let w = 0; newSpace() < ${MIN_NEW_SPACE_BYTES} && w < 100000; w++) churn(100);
const before = newSpace();
const decision = capYoungGenerationGrowth();
const max = churn(20000);
process.stdout.write(JSON.stringify({ before, decision, max }));
`;

/** Runs {@link CHILD} with the given environment additions. */
function runChild(env: Record<string, string>): {
  before: number;
  decision: { cap: boolean; reason?: string };
  max: number;
} {
  const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", CHILD], {
    cwd: root,
    env: { ...process.env, [V8_DEFAULTS_ENV]: "", ...env },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  // V8 prints "Error: unrecognized flag" for a flag it does not know, and carries on.
  assert.equal(r.stderr, "", "the child printed to stderr");
  return JSON.parse(r.stdout);
}

describe("decideYoungGenerationCap", () => {
  it("caps on the measured Node.js lines once the young generation has 16 MiB semi-spaces", () => {
    for (const nodeMajor of [20, 22, 24]) {
      assert.deepEqual(decideYoungGenerationCap(facts({ nodeMajor })), { cap: true });
    }
    assert.deepEqual(decideYoungGenerationCap(facts({ newSpaceBytes: 64 * MiB })), { cap: true });
  });

  it("leaves a young generation smaller than that alone, so it is never frozen small", () => {
    assert.deepEqual(decideYoungGenerationCap(facts({ newSpaceBytes: 16 * MiB })), {
      cap: false,
      reason: "young generation still small",
    });
  });

  it("does not touch a Node.js line it was not measured on", () => {
    for (const nodeMajor of [18, 26]) {
      assert.deepEqual(decideYoungGenerationCap(facts({ nodeMajor })), {
        cap: false,
        reason: "unmeasured Node.js",
      });
    }
  });

  it(`is turned off by ${V8_DEFAULTS_ENV} set to anything but "" or "0"`, () => {
    for (const value of ["1", "true", "yes"]) {
      assert.deepEqual(decideYoungGenerationCap(facts({ env: { [V8_DEFAULTS_ENV]: value } })), {
        cap: false,
        reason: "opted out",
      });
    }
    for (const value of ["", "0"]) {
      assert.deepEqual(decideYoungGenerationCap(facts({ env: { [V8_DEFAULTS_ENV]: value } })), {
        cap: true,
      });
    }
  });
});

describe("capYoungGenerationGrowth (in a child Node.js process)", function () {
  this.timeout(60_000);

  it("keeps the new space from doubling while objects survive minor collections", () => {
    const capped = runChild({});
    assert.deepEqual(capped.decision, { cap: true });
    assert.ok(capped.before >= MIN_NEW_SPACE_BYTES, `warm-up reached ${capped.before / MiB} MiB`);
    // Doubling 16 MiB semi-spaces would make it 64 MiB; V8 may hold a few extra pages briefly.
    assert.ok(capped.max < 48 * MiB, `capped new space reached ${capped.max / MiB} MiB`);
  });

  // The unit tests run on the development line (Node.js 24, scripts/node.js), whose V8 lets
  // semi-spaces grow past 16 MiB; Node.js 20 and 22 stop there on their own.
  it(`lets V8 double it as before with ${V8_DEFAULTS_ENV}=1 (the same churn)`, () => {
    const free = runChild({ [V8_DEFAULTS_ENV]: "1" });
    assert.deepEqual(free.decision, { cap: false, reason: "opted out" });
    assert.ok(free.max >= 64 * MiB, `uncapped new space reached only ${free.max / MiB} MiB`);
  });
});
