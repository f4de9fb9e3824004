// What runs on this machine, read from /proc (Linux): which processes carry a marker in their
// environment, their peak memory, and how to end them. Used by scripts/no-leftovers.js (nothing of
// a test or bench run may outlive it), the crash scenario (it ends what a killed engine leaves
// behind, as a CI job's teardown would) and the benchmark (the provider host's peak RSS).
//
// Why /proc and not a library: the engine starts each plugin in a process group of its own
// (sdk/go/common/util/cmdutil/child_unix.go, Setpgid), so neither a process group nor a parent
// chain (a killed engine's plugins are re-parented) finds them; an environment variable set at
// the top is inherited by every process below, whatever group it is in. Packages such as
// ps-list or pidtree read the same files but not environments.
"use strict";

const fs = require("node:fs");
const { setTimeout: sleep } = require("node:timers/promises");

/** The environment variable that marks every process of one `npm test` or `npm run bench`. */
const RUN_MARKER = "PULUMI_TRTC_RUN";

/** Pids of every process on the machine (empty where /proc is missing). */
function allPids() {
  try {
    return fs
      .readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .map(Number);
  } catch {
    return [];
  }
}

/** A process's command line (arguments joined by spaces), or null once it is gone. */
function commandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return null;
  }
}

/**
 * Processes (other than this one) whose environment holds `name=value`, with their command lines.
 * A process that ended (or a zombie, which has no environment left) is not listed.
 */
function markedProcesses(name, value) {
  const needle = `${name}=${value}`;
  const found = [];
  for (const pid of allPids()) {
    if (pid === process.pid) continue;
    let environ;
    try {
      environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
    } catch {
      continue;
    }
    if (!environ.split("\0").includes(needle)) continue;
    const cmd = commandLine(pid);
    if (cmd !== null && cmd !== "") found.push({ pid, cmd });
  }
  return found;
}

/** Peak resident memory (VmHWM) of a process in bytes, or 0 once it is gone. */
function peakRssBytes(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Sends SIGKILL to each pid; one already gone is skipped. */
function killAll(pids) {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/**
 * Waits up to `timeoutMs` for the marked processes to end by themselves; resolves to those
 * still alive then.
 */
async function waitForMarkedToEnd(name, value, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = markedProcesses(name, value);
    if (alive.length === 0 || Date.now() >= deadline) return alive;
    await sleep(200);
  }
}

module.exports = {
  RUN_MARKER,
  markedProcesses,
  peakRssBytes,
  killAll,
  waitForMarkedToEnd,
};
