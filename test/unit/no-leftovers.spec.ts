import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const tool = path.join(__dirname, "..", "..", "scripts", "no-leftovers.js");

/** Runs `node scripts/no-leftovers.js -- sh -c SCRIPT` with a short grace period. */
function run(script: string) {
  return spawnSync(process.execPath, [tool, "--", "sh", "-c", script], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_TRTC_LEFTOVER_GRACE_MS: "1000" },
  });
}

describe("scripts/no-leftovers.js", function () {
  this.timeout(20_000);

  it("passes when every process of the run has ended", () => {
    const r = run("sleep 0.2 & wait");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /no process of this run is still alive/);
  });

  it("fails, names and kills a process that outlives the run in a group of its own", () => {
    // setsid: like the engine's plugins, the orphan is in another process group and session.
    const r = run("setsid sleep 37.5 & exit 0");
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /1 process\(es\) of this run still alive/);
    assert.match(r.stderr, /sleep 37\.5/);
    const still = spawnSync("pgrep", ["-f", "sleep 37.5"], { encoding: "utf8" });
    assert.equal(still.stdout.trim(), "", "the leftover was killed");
  });

  it("refuses a grace period that is not a number", () => {
    const r = spawnSync(process.execPath, [tool, "--", "true"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_TRTC_LEFTOVER_GRACE_MS: "soon" },
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /PULUMI_TRTC_LEFTOVER_GRACE_MS is "soon": use a number >= 0/);
  });

  it("keeps the command's own exit code when it failed", () => {
    const r = run("exit 3");
    assert.equal(r.status, 3);
  });
});
