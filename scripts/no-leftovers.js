#!/usr/bin/env node
// Runs a command and fails if any process it started outlives it:
//
//   node scripts/no-leftovers.js -- CMD ARGS
//
// Every process of the run carries PULUMI_TRTC_RUN=<a fresh id> in its environment (the engine,
// its language and provider hosts, the programs: they all inherit it). When CMD ends, processes
// still carrying the id get a few seconds to exit; any left then are listed, killed, and the run
// fails, so an orphaned engine plugin (about 130 MB each) is found where it was made instead of
// piling up on the machine. Exit code: CMD's own when it failed, else 1 for leftovers, else 0.
//
// Environment:
//   PULUMI_TRTC_LEFTOVER_GRACE_MS  how long the run's processes get to exit (default 10000)
"use strict";

const { spawn } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const { RUN_MARKER, killAll, waitForMarkedToEnd } = require("./processes");

/** Milliseconds the run's processes get to exit after the command ends. */
const GRACE_MS = (() => {
  const raw = process.env.PULUMI_TRTC_LEFTOVER_GRACE_MS ?? "10000";
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0) {
    console.error(`no-leftovers: PULUMI_TRTC_LEFTOVER_GRACE_MS is "${raw}": use a number >= 0`);
    process.exit(2);
  }
  return ms;
})();

async function main() {
  const sep = process.argv.indexOf("--");
  const argv = sep >= 0 ? process.argv.slice(sep + 1) : [];
  if (argv.length === 0) {
    console.error("usage: node scripts/no-leftovers.js -- CMD ARGS");
    process.exit(2);
  }
  const id = crypto.randomUUID();
  const child = spawn(argv[0], argv.slice(1), {
    stdio: "inherit",
    env: { ...process.env, [RUN_MARKER]: id },
  });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
  const code = await new Promise((resolve) => {
    child.on("error", (err) => {
      console.error(`no-leftovers: could not run ${argv[0]}: ${err.message}`);
      resolve(127);
    });
    child.on("close", (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  if (!fs.existsSync("/proc/self/environ")) {
    console.error("no-leftovers: no /proc on this machine, so leftover processes cannot be found");
    process.exit(code !== 0 ? code : 1);
  }
  const left = await waitForMarkedToEnd(RUN_MARKER, id, GRACE_MS);
  if (left.length > 0) {
    console.error(
      `no-leftovers: ${left.length} process(es) of this run still alive ${GRACE_MS / 1000}s after it ended (killed now):`,
    );
    for (const p of left) console.error(`  pid ${p.pid}: ${p.cmd.slice(0, 300)}`);
    killAll(left.map((p) => p.pid));
  } else {
    console.error("no-leftovers: no process of this run is still alive");
  }
  process.exit(code !== 0 ? code : left.length > 0 ? 1 : 0);
}

main();
