#!/usr/bin/env node
// Runs npm scripts one after another, as `npm run a && npm run b && …` does, and says how long
// each took:
//
//   node scripts/steps.js STEP [STEP …]     STEP: an npm script, or SCRIPT+SCRIPT+… to run at once
//
// A step of several scripts joined by `+` runs them side by side (for short steps that each keep
// one core busy: a type-check beside a lint); their output is held and printed whole, one script
// after another, as each ends, so it never interleaves. It stops after the first step in which a
// script fails and exits with that script's code (0 when all pass). After each script it prints
// `[steps] NAME passed in 12.3 s` (or `failed (exit N)`), and at the end a table of every script
// it ran, so a slow or failing leg of `npm test` shows at a glance.
//
// Environment:
//   PULUMI_TRTC_STEP_TIMES  a file to append one line per script to, `NAME<TAB>SECONDS<TAB>EXIT`
//                           (.ci/run reads it for its summary of the CI legs)
"use strict";

const { Buffer } = require("node:buffer");
const { spawn } = require("node:child_process");
const fs = require("node:fs");

/** The scripts running now, to pass a SIGINT or SIGTERM on to. */
const running = new Set();
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => running.forEach((c) => c.kill(sig)));

/**
 * Runs `npm run <name>`, its output inherited (or, with `held`, collected and printed whole when
 * it ends); resolves to its exit code.
 */
function runScript(name, held = false) {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", name], {
      stdio: held ? ["inherit", "pipe", "pipe"] : "inherit",
    });
    running.add(child);
    const output = [];
    if (held) {
      child.stdout.on("data", (chunk) => output.push(chunk));
      child.stderr.on("data", (chunk) => output.push(chunk));
    }
    const end = (code) => {
      running.delete(child);
      if (held) process.stdout.write(Buffer.concat(output));
      resolve(code);
    };
    child.on("error", (err) => {
      console.error(`[steps] could not run npm: ${err.message}`);
      end(127);
    });
    child.on("close", (code, signal) => end(code ?? (signal ? 1 : 0)));
  });
}

/** Seconds with one decimal, e.g. `12.3 s`. */
function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main() {
  const steps = process.argv.slice(2).map((step) => step.split("+"));
  const names = steps.flat();
  if (names.length === 0 || names.some((n) => n === "" || n.startsWith("-"))) {
    console.error(
      "usage: node scripts/steps.js STEP [STEP …] (STEP: an npm script name, or names joined by + to run at once)",
    );
    process.exit(2);
  }
  const done = [];
  const started = Date.now();
  let code = 0;
  for (const step of steps) {
    const held = step.length > 1;
    const codes = await Promise.all(
      step.map(async (name) => {
        const t0 = Date.now();
        const exit = await runScript(name, held);
        const ms = Date.now() - t0;
        done.push({ name, ms, code: exit });
        if (process.env.PULUMI_TRTC_STEP_TIMES) {
          fs.appendFileSync(
            process.env.PULUMI_TRTC_STEP_TIMES,
            `${name}\t${(ms / 1000).toFixed(1)}\t${exit}\n`,
          );
        }
        const outcome = exit === 0 ? "passed" : `failed (exit ${exit})`;
        console.log(
          `[steps] ${name} ${outcome} in ${seconds(ms)}${held ? ` (beside ${step.filter((n) => n !== name).join(", ")})` : ""}`,
        );
        return exit;
      }),
    );
    code = codes.find((c) => c !== 0) ?? 0;
    if (code !== 0) break;
  }
  const width = Math.max(...[...names, "total"].map((n) => n.length));
  console.log("[steps] time per step:");
  for (const d of done) {
    const mark = d.code === 0 ? "" : `  failed (exit ${d.code})`;
    console.log(`[steps]   ${d.name.padEnd(width)}  ${seconds(d.ms).padStart(8)}${mark}`);
  }
  for (const name of names.filter((n) => !done.some((d) => d.name === n))) {
    console.log(`[steps]   ${name.padEnd(width)}  ${"not run".padStart(8)}`);
  }
  console.log(`[steps]   ${"total".padEnd(width)}  ${seconds(Date.now() - started).padStart(8)}`);
  process.exit(code);
}

main();
