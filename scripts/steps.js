#!/usr/bin/env node
// Runs npm scripts one after another, as `npm run a && npm run b && …` does, and says how long
// each took:
//
//   node scripts/steps.js SCRIPT [SCRIPT …]
//
// It stops at the first script that fails and exits with that script's code (0 when all pass).
// After each script it prints `[steps] NAME passed in 12.3 s` (or `failed (exit N)`), and at the
// end a table of every script it ran, so a slow or failing leg of `npm test` shows at a glance.
//
// Environment:
//   PULUMI_TRTC_STEP_TIMES  a file to append one line per script to, `NAME<TAB>SECONDS<TAB>EXIT`
//                           (.ci/run reads it for its summary of the CI legs)
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");

/** The script running now, to pass a SIGINT or SIGTERM on to. */
let current;
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => current?.kill(sig));

/** Runs `npm run <name>` with inherited output; resolves to its exit code. */
function runScript(name) {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", name], { stdio: "inherit" });
    current = child;
    child.on("error", (err) => {
      console.error(`[steps] could not run npm: ${err.message}`);
      resolve(127);
    });
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Seconds with one decimal, e.g. `12.3 s`. */
function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main() {
  const names = process.argv.slice(2);
  if (names.length === 0 || names.some((n) => n.startsWith("-"))) {
    console.error("usage: node scripts/steps.js SCRIPT [SCRIPT …] (npm script names)");
    process.exit(2);
  }
  const done = [];
  const started = Date.now();
  let code = 0;
  for (const name of names) {
    const t0 = Date.now();
    code = await runScript(name);
    const ms = Date.now() - t0;
    done.push({ name, ms, code });
    if (process.env.PULUMI_TRTC_STEP_TIMES) {
      fs.appendFileSync(
        process.env.PULUMI_TRTC_STEP_TIMES,
        `${name}\t${(ms / 1000).toFixed(1)}\t${code}\n`,
      );
    }
    const outcome = code === 0 ? "passed" : `failed (exit ${code})`;
    console.log(`[steps] ${name} ${outcome} in ${seconds(ms)}`);
    if (code !== 0) break;
  }
  const width = Math.max(...[...names, "total"].map((n) => n.length));
  console.log("[steps] time per step:");
  for (const d of done) {
    const mark = d.code === 0 ? "" : `  failed (exit ${d.code})`;
    console.log(`[steps]   ${d.name.padEnd(width)}  ${seconds(d.ms).padStart(8)}${mark}`);
  }
  for (const name of names.slice(done.length)) {
    console.log(`[steps]   ${name.padEnd(width)}  ${"not run".padStart(8)}`);
  }
  console.log(`[steps]   ${"total".padEnd(width)}  ${seconds(Date.now() - started).padStart(8)}`);
  process.exit(code);
}

main();
