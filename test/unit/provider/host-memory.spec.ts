import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import {
  MIN_NEW_SPACE_BYTES,
  V8_DEFAULTS_ENV,
  decideGrowthFactor,
  type HostFacts,
} from "../../../provider/host-memory";

const MiB = 2 ** 20;
const root = path.resolve(__dirname, "../../..");

/** Facts of a host on Node.js 24 whose young generation has 16 MiB semi-spaces. */
function facts(over: Partial<HostFacts> = {}): HostFacts {
  return { nodeMajor: 24, newSpaceBytes: MIN_NEW_SPACE_BYTES, env: {}, ...over };
}

/**
 * A child Node.js process (this one's binary) that loads the provider as the host does
 * (`provider/instance`), churns until its new space has 16 MiB semi-spaces, makes one provider
 * call (MODE=host) or none (MODE=program: the program only requires the module), then keeps
 * ~20 batches of objects alive across minor collections while it allocates (as calls in flight
 * do) and reports the largest new space it saw. With EARLY=1 it also makes a call before the
 * warm-up, while the new space is still small, and one every 100 rounds of it.
 */
const CHILD = `
const v8 = require("node:v8");
const provider = require(${JSON.stringify(path.join(root, "provider/instance"))});
const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;
const call = () => provider.diff("id", {}, {}).catch(() => undefined);
const live = [];
function churn(rounds, onRound) {
  let max = 0;
  for (let i = 0; i < rounds; i++) {
    const batch = [];
    for (let j = 0; j < 500; j++) batch.push({ i, j, s: "x" + j });
    live.push(batch);
    if (live.length > 20) live.shift();
    max = Math.max(max, newSpace());
    if (onRound) onRound(i);
  }
  return max;
}
(async () => {
  let first;
  if (process.env.EARLY === "1") {
    first = newSpace();
    await call();
  }
  for (let w = 0; newSpace() < ${MIN_NEW_SPACE_BYTES} && w < 100000; w++) churn(100, (i) => { if (process.env.EARLY === "1" && i === 0) call(); });
  const before = newSpace();
  if (process.env.MODE === "host") await call();
  const max = churn(20000);
  process.stdout.write(JSON.stringify({ first, before, max }));
})();
`;

/** Runs {@link CHILD} with the given environment additions. */
function runChild(env: Record<string, string>): { first?: number; before: number; max: number } {
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

describe("decideGrowthFactor", () => {
  it("stops growth on the checked Node.js lines once the semi-spaces are 16 MiB or more", () => {
    for (const nodeMajor of [20, 22, 24]) {
      assert.deepEqual(decideGrowthFactor(facts({ nodeMajor })), { factor: 1 });
    }
    assert.deepEqual(decideGrowthFactor(facts({ newSpaceBytes: 64 * MiB })), { factor: 1 });
  });

  it("gives back V8's own growth to a smaller young generation, so it is never frozen small", () => {
    for (const newSpaceBytes of [1 * MiB, 16 * MiB, MIN_NEW_SPACE_BYTES - 1]) {
      assert.deepEqual(decideGrowthFactor(facts({ newSpaceBytes })), { factor: 2 });
    }
  });

  it("does not touch a Node.js line it was not checked on", () => {
    for (const nodeMajor of [18, 26]) {
      assert.deepEqual(decideGrowthFactor(facts({ nodeMajor })), {
        factor: undefined,
        reason: "unmeasured Node.js",
      });
    }
  });

  it(`is turned off by ${V8_DEFAULTS_ENV} set to anything but "" or "0"`, () => {
    for (const value of ["1", "true", "yes"]) {
      assert.deepEqual(decideGrowthFactor(facts({ env: { [V8_DEFAULTS_ENV]: value } })), {
        factor: undefined,
        reason: "opted out",
      });
    }
    for (const value of ["", "0"]) {
      assert.deepEqual(decideGrowthFactor(facts({ env: { [V8_DEFAULTS_ENV]: value } })), {
        factor: 1,
      });
    }
  });
});

// The unit tests run on the development line (Node.js 24, scripts/node.js), whose V8 lets
// semi-spaces grow past 16 MiB; on Node.js 20 and 22 they stop there on their own.
describe("the provider host's young generation (child Node.js processes)", function () {
  this.timeout(60_000);
  const doubled = 64 * MiB;
  // Doubling 16 MiB semi-spaces makes the new space 64 MiB; V8 may hold a few pages more briefly.
  const notDoubled = 48 * MiB;

  it("does not double once the provider has served a call", () => {
    const host = runChild({ MODE: "host" });
    assert.ok(host.before >= MIN_NEW_SPACE_BYTES, `warm-up reached ${host.before / MiB} MiB`);
    assert.ok(host.max < notDoubled, `the host's new space reached ${host.max / MiB} MiB`);
  });

  it("doubles as before in a process that only loads the module (the program)", () => {
    const program = runChild({ MODE: "program" });
    assert.ok(program.max >= doubled, `the program's new space reached ${program.max / MiB} MiB`);
  });

  it(`doubles as before in the host with ${V8_DEFAULTS_ENV}=1`, () => {
    const free = runChild({ MODE: "host", [V8_DEFAULTS_ENV]: "1" });
    assert.ok(free.max >= doubled, `uncapped new space reached only ${free.max / MiB} MiB`);
  });

  it("lets a new space that is small at the first call grow to 16 MiB semi-spaces, then stops it", () => {
    const r = runChild({ MODE: "host", EARLY: "1" });
    assert.ok(r.first !== undefined && r.first < MIN_NEW_SPACE_BYTES, `first call at ${r.first}`);
    assert.ok(r.before >= MIN_NEW_SPACE_BYTES, `grew only to ${r.before / MiB} MiB`);
    assert.ok(r.max < notDoubled, `then reached ${r.max / MiB} MiB`);
  });
});
