import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { goal, goalLine, PYTHON_UP_RATIO_GOAL, shownAgainst } from "../../bench/goals";
import { pythonGoals, pythonTable, type PythonResults } from "../../bench/python-cell";
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

  it("writes the Python cell's block on its own, placed after the native block the first time", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-readme-"));
    try {
      const file = path.join(dir, "README.md");
      const blocks =
        "a\n<!-- bench:start -->\nwhole bench\n<!-- bench:end -->\n\n<!-- bench-native:start -->\nnative\n<!-- bench-native:end -->\n\n## Next\n";
      fs.writeFileSync(file, blocks);
      writeReadmeBlock(file, "python 1\n", "bench-python", "bench-native");
      const once = blocks.replace(
        "<!-- bench-native:end -->\n",
        "<!-- bench-native:end -->\n\n<!-- bench-python:start -->\npython 1\n<!-- bench-python:end -->\n",
      );
      assert.equal(fs.readFileSync(file, "utf8"), once);
      writeReadmeBlock(file, "python 2\n", "bench-python", "bench-native");
      assert.equal(fs.readFileSync(file, "utf8"), once.replace("python 1", "python 2"));
      // The native cell's run leaves the Python block as it stands.
      writeReadmeBlock(file, "native 2\n", "bench-native", "bench");
      assert.equal(
        fs.readFileSync(file, "utf8"),
        once.replace("python 1", "python 2").replace("\nnative\n", "\nnative 2\n"),
      );
      fs.writeFileSync(file, "a\n<!-- bench:start -->\nwhole bench\n<!-- bench:end -->\n");
      assert.throws(
        () => writeReadmeBlock(file, "x", "bench-python", "bench-native"),
        /no <!-- bench-native:end --> marker to place the bench-python block after/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the benchmark's Python cell", () => {
  /** A Python cell's results with every figure the table prints, `up` at `upRatio` of L. */
  function results(upRatio: number): PythonResults {
    const r: PythonResults = {
      only: "python",
      engineVersion: "v3.276.0",
      pythonVersion: "Python 3.12.3",
      pythonPulumiVersion: "3.272.0",
      cpus: 2,
      n: 200,
      repeats: 3,
      capPerSecond: 50,
      parallel: 64,
      preparingMs: 500,
      region: "ap-singapore",
      stateOnTmpfs: true,
      loadAverageStart: [1, 2, 3],
      loadAverageEnd: [1, 2, 3],
      pythonCellMinutes: 5,
      pythonUpFloorSeconds200: 20,
      pythonDestroyFloorSeconds200: 10,
      pythonUpRatio200: upRatio,
      pythonDestroyRatio200: 1.5,
      pythonFailed200: 0,
      pythonFailed1: 0,
      pythonThrottled200: 0,
      pythonThrottled1: 0,
      pythonPeakRssMiB: 160,
      pythonNoopPeakRssMiB: 120,
      pythonRssRatio: 160 / 120,
      pythonStateBytesPerBot: 4000,
      pythonNoopStateBytesPerBot: 3000,
      pythonRunsChecked: 14,
      pythonNonZeroExits: 0,
      pythonLeftRunningAfterDestroy: 0,
    };
    for (const k of [
      "pythonUpSeconds200",
      "pythonDestroySeconds200",
      "pythonNoopUpSeconds200",
      "pythonNoopDestroySeconds200",
      "pythonUpSeconds1",
      "pythonDestroySeconds1",
      "pythonNoopUpSeconds1",
      "pythonNoopDestroySeconds1",
    ]) {
      Object.assign(r, { [k]: 2, [`${k}Min`]: 1, [`${k}Max`]: 3 });
    }
    return r;
  }

  it("judges `up` of N = 200 from Python against 1.2 × L on the unrounded ratio", () => {
    assert.equal(PYTHON_UP_RATIO_GOAL, 1.2);
    const upGoal = (ratio: number) => pythonGoals(results(ratio))[0];
    assert.equal(upGoal(1.19).met, true);
    assert.equal(upGoal(1.2).met, true);
    const missed = upGoal(1.2004);
    assert.equal(missed.met, false);
    assert.equal(missed.shown, "1.2004");
    // The destroy ratio is reported, not a goal.
    assert.ok(pythonGoals(results(1)).every((g) => !/destroy`, N = 200: median/.test(g.name)));
  });

  it("prints its block: the settings, the table with L and the ratio, and the goals", () => {
    const block = pythonTable(results(1.2004));
    assert.match(block, /^Python cell \(`BENCH_ONLY=python npm run bench`, a run of its own\)/);
    assert.match(block, /Python 3\.12\.3, PyPI pulumi 3\.272\.0/);
    assert.match(block, /declared through a small `pulumi\.CustomResource` subclass/);
    assert.match(
      block,
      /\| `up`, N = 200, s \| 2\.00 \(1\.00–3\.00\) \| 2\.00 \(1\.00–3\.00\) \| 20\.00; ratio 1\.200 \|/,
    );
    assert.match(
      block,
      /Python `up`, N = 200: median \/ L: 1\.2004 \(goal ≤ 1\.2\): \*\*missed\*\*/,
    );
    assert.match(block, /Load average \(1, 5, 15 min\) at the start: 1\.00, 2\.00, 3\.00/);
    assert.match(
      pythonTable({ ...results(1), only: "all" }),
      /^Python cell \(from the whole bench's run\)/,
    );
  });
});
