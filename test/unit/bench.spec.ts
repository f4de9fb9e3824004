import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { goal, goalLine, shownAgainst } from "../../bench/goals";
import { writeReadmeBlock } from "../../bench/readme";
import { floorSeconds, parallelFloorSeconds, summarize } from "../../bench/stats";

describe("the benchmark's arithmetic", () => {
  it("summarizes runs as median, min and max", () => {
    assert.deepEqual(summarize([3, 1, 2]), { median: 2, min: 1, max: 3, runs: [3, 1, 2] });
    assert.equal(summarize([4, 1, 2, 3]).median, 2.5);
    assert.throws(() => summarize([]), /no runs/);
  });

  it("takes the floor L as the larger of the engine's time and the cap's, plus readiness", () => {
    // The engine is the limit: T_noop(200) = 9 s > 2 s + 200 / 50.
    assert.equal(
      floorSeconds({ noopSecondsAtN: 9, noopSecondsAt1: 2, n: 200, capPerSecond: 50 }),
      9,
    );
    // The cap is the limit: 2 s + 1000 / 50 = 22 s > 15 s, plus 0.5 s preparing.
    assert.equal(
      floorSeconds({
        noopSecondsAtN: 15,
        noopSecondsAt1: 2,
        n: 1000,
        capPerSecond: 50,
        readySeconds: 0.5,
      }),
      22.5,
    );
    assert.equal(
      parallelFloorSeconds({ noopSecondsAt1: 2, n: 200, readySeconds: 0.5, parallel: 8 }),
      14.5,
    );
  });

  it("never prints a missed goal as met: a ratio is shown with the digits that tell", () => {
    // 1.504 against ≤ 1.5 once printed "1.5 (≤ 1.5)".
    assert.equal(shownAgainst(1.504, 1.5), "1.504");
    assert.equal(shownAgainst(1.1004, 1.1), "1.1004");
    assert.equal(shownAgainst(1.0996, 1.1), "1.0996");
    assert.equal(shownAgainst(1.05, 1.1), "1.05");
    assert.equal(shownAgainst(0.98765, 1.1), "0.99");
    const missed = goal("preview / no-op", 1.1000001, "<=", 1.1);
    assert.equal(missed.met, false);
    assert.match(goalLine(missed), /1\.1000001 \(goal ≤ 1\.1\): \*\*missed\*\*/);
    assert.equal(goal("failed", 0, "==", 0).met, true);
    assert.equal(goal("failed", 1, "==", 0).met, false);
    assert.equal(goal("ratio", Number.NaN, "<=", 1.1).met, false);
  });
});

describe("the benchmark's README writer", () => {
  it("replaces only what stands between the bench markers, and fails without them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-readme-"));
    try {
      const file = path.join(dir, "README.md");
      fs.writeFileSync(file, "a\n<!-- bench:start -->\nold\n<!-- bench:end -->\nb\n");
      writeReadmeBlock(file, "new table\n");
      assert.equal(
        fs.readFileSync(file, "utf8"),
        "a\n<!-- bench:start -->\nnew table\n<!-- bench:end -->\nb\n",
      );
      fs.writeFileSync(file, "no markers\n");
      assert.throws(() => writeReadmeBlock(file, "x"), /no <!-- bench:start -->/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes a named block (the native cell's) on its own, placed after the bench block the first time", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-readme-"));
    try {
      const file = path.join(dir, "README.md");
      const bench = "a\n<!-- bench:start -->\nwhole bench\n<!-- bench:end -->\n\n## Next\n";
      fs.writeFileSync(file, bench);
      writeReadmeBlock(file, "native 1\n", "bench-native", "bench");
      const once =
        "a\n<!-- bench:start -->\nwhole bench\n<!-- bench:end -->\n\n<!-- bench-native:start -->\nnative 1\n<!-- bench-native:end -->\n\n## Next\n";
      assert.equal(fs.readFileSync(file, "utf8"), once);
      writeReadmeBlock(file, "native 2\n", "bench-native", "bench");
      assert.equal(fs.readFileSync(file, "utf8"), once.replace("native 1", "native 2"));
      fs.writeFileSync(file, "no markers\n");
      assert.throws(
        () => writeReadmeBlock(file, "x", "bench-native", "bench"),
        /no <!-- bench:end --> marker to place the bench-native block after/,
      );
      assert.throws(
        () => writeReadmeBlock(file, "x", "bench-native"),
        /no <!-- bench-native:start -->/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
