import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const stepsScript = path.join(__dirname, "..", "..", "scripts", "steps.js");

/** A package whose scripts print a word (after `ms` milliseconds) or exit with a code. */
function packageWith(
  dir: string,
  scripts: Record<string, { say?: string; ms?: number; exit?: number }>,
) {
  const npmScripts: Record<string, string> = {};
  for (const [name, s] of Object.entries(scripts)) {
    const body =
      s.exit !== undefined
        ? `process.exit(${s.exit})`
        : `setTimeout(() => console.log(${JSON.stringify(s.say)}), ${s.ms ?? 0})`;
    npmScripts[name] = `node -e ${JSON.stringify(body)}`;
  }
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "steps-test", version: "1.0.0", scripts: npmScripts }),
  );
}

describe("the steps runner (scripts/steps.js)", function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "steps-"));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function steps(args: string[]) {
    const times = path.join(dir, "times.tsv");
    const res = spawnSync(process.execPath, [stepsScript, ...args], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PULUMI_TRTC_STEP_TIMES: times },
    });
    const recorded = fs.existsSync(times)
      ? fs
          .readFileSync(times, "utf8")
          .trim()
          .split("\n")
          .map((line) => line.split("\t"))
      : [];
    return { status: res.status, out: res.stdout, recorded };
  }

  it("runs the scripts of a + step side by side, printing each one's output whole when it ends", () => {
    packageWith(dir, {
      slow: { say: "slow-done", ms: 1500 },
      quick: { say: "quick-done" },
      after: { say: "after-done" },
    });
    const r = steps(["slow+quick", "after"]);
    assert.equal(r.status, 0, r.out);
    // The quick script ended (and was printed) before the slow one, although it was named second.
    assert.ok(r.out.indexOf("quick-done") < r.out.indexOf("slow-done"), r.out);
    assert.match(r.out, /\[steps\] quick passed in [\d.]+ s \(beside slow\)/);
    // The next step starts only when the whole + step has ended.
    assert.ok(r.out.indexOf("slow-done") < r.out.indexOf("after-done"), r.out);
    assert.deepEqual(
      r.recorded.map(([name, , code]) => [name, code]),
      [
        ["quick", "0"],
        ["slow", "0"],
        ["after", "0"],
      ],
    );
  });

  it("stops after a + step in which a script failed, with that script's exit code", () => {
    packageWith(dir, {
      bad: { exit: 3 },
      fine: { say: "fine-done", ms: 500 },
      after: { say: "after-done" },
    });
    const r = steps(["bad+fine", "after"]);
    assert.equal(r.status, 3, r.out);
    // The script beside the failed one runs to its end; the next step does not run.
    assert.match(r.out, /fine-done/);
    assert.doesNotMatch(r.out, /after-done/);
    assert.match(r.out, /\[steps\] {3}after +not run/);
  });

  it("refuses an empty script name in a + step", () => {
    packageWith(dir, { a: { say: "a" } });
    const r = steps(["a+"]);
    assert.equal(r.status, 2);
  });
});
