#!/usr/bin/env node
// The SDK tool: generates the package's Node.js, Python and Go SDKs from schema.json with gensdk
// (scripts/engine/gensdk: Pulumi's own code generators at the engine's pin, built from the Go
// module proxy by scripts/engine.js on first use).
//
//   node scripts/sdk.js                 write sdk/nodejs, sdk/python and sdk/go from schema.json
//   node scripts/sdk.js --check         regenerate into a temporary folder and compare with sdk/:
//                                       exit 1, listing the differing files, when sdk/ is stale
//   --schema FILE   the schema (default: schema.json of the repository)
//   --out DIR       the SDK folder (default: sdk/ of the repository)
//
// Only the three language folders are generated and replaced; anything else in the SDK folder
// (a README, a go.mod) is hand-made and left alone. The output depends on the schema alone, so a
// second run writes the same bytes.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { ensureGensdk } = require("./engine");

const projectRoot = path.resolve(__dirname, "..");

/** The gensdk binary, once ensureGensdk has checked or built it in this process. */
let gensdkBin;

/** The language folders gensdk writes, in its order. */
const LANGUAGES = ["nodejs", "python", "go"];

/**
 * Runs gensdk on the schema, writing `<outDir>/<language>` for each language (each replaced
 * whole). Returns gensdk's summary lines (`nodejs: 15 files` …).
 * @param {string} schemaFile
 * @param {string} outDir
 */
function runGensdk(schemaFile, outDir) {
  if (!fs.existsSync(schemaFile)) {
    throw new Error(
      `no package schema at ${schemaFile}: the SDKs are generated from it, so generate or name it first (--schema FILE)`,
    );
  }
  gensdkBin ??= ensureGensdk();
  const gensdk = gensdkBin;
  const res = spawnSync(gensdk, ["-schema", schemaFile, "-out", outDir], { encoding: "utf8" });
  if (res.error) throw new Error(`could not run ${gensdk}: ${res.error.message}`);
  if (res.status !== 0) {
    throw new Error(`gensdk failed (exit ${res.status}): ${`${res.stderr}`.trim()}`);
  }
  return `${res.stdout}`.trim().split("\n");
}

/** Every file under `dir`, as paths relative to it with "/" separators, sorted; [] if no folder. */
function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk("");
  return out.sort();
}

/**
 * A test for paths (relative, "/" separators) that a generated `.gitignore` ignores, for the
 * shapes the generators write: a name (`__pycache__`, `node_modules/`, `dist`) ignores every path
 * with a segment of that name; a glob (`*.pyc`, `*.egg-info`) every path with a segment matching
 * it. Build and install output (node_modules, bin, __pycache__ …) is then no staleness.
 * @param {string} gitignoreFile
 * @returns {(rel: string) => boolean}
 */
function ignoredBy(gitignoreFile) {
  if (!fs.existsSync(gitignoreFile)) return () => false;
  const patterns = fs
    .readFileSync(gitignoreFile, "utf8")
    .split("\n")
    .map((l) => l.trim().replace(/\/$/, ""))
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => new RegExp(`^${l.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`));
  return (rel) => rel.split("/").some((segment) => patterns.some((p) => p.test(segment)));
}

/**
 * Differences between two SDK folders' language folders, as `path: what` lines (paths relative
 * to the SDK folder), sorted; empty when they hold the same files with the same bytes. Files the
 * generated `.gitignore` of a language folder ignores are left out (see ignoredBy).
 * @param {string} expectedDir  freshly generated
 * @param {string} actualDir    committed
 */
function compareSdk(expectedDir, actualDir) {
  const diffs = [];
  for (const lang of LANGUAGES) {
    const ignored = ignoredBy(path.join(expectedDir, lang, ".gitignore"));
    const want = listFiles(path.join(expectedDir, lang)).filter((f) => !ignored(f));
    const have = listFiles(path.join(actualDir, lang)).filter((f) => !ignored(f));
    const haveSet = new Set(have);
    const wantSet = new Set(want);
    for (const f of want) {
      if (!haveSet.has(f)) diffs.push(`${lang}/${f}: missing (the schema generates it)`);
      else if (
        !fs
          .readFileSync(path.join(expectedDir, lang, f))
          .equals(fs.readFileSync(path.join(actualDir, lang, f)))
      )
        diffs.push(`${lang}/${f}: differs from what the schema generates`);
    }
    for (const f of have) {
      if (!wantSet.has(f)) diffs.push(`${lang}/${f}: extra (the schema does not generate it)`);
    }
  }
  return diffs.sort();
}

/**
 * Generates the SDKs into `out`, replacing its language folders. Generation happens in a
 * temporary folder first, so a failure leaves `out` as it was.
 * @param {{ schema?: string, out?: string }} [opts]
 * @returns {string[]} gensdk's summary lines
 */
function generateSdk(opts = {}) {
  const schema = path.resolve(opts.schema || path.join(projectRoot, "schema.json"));
  const out = path.resolve(opts.out || path.join(projectRoot, "sdk"));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-trtc-sdk-"));
  try {
    const summary = runGensdk(schema, tmp);
    fs.mkdirSync(out, { recursive: true });
    for (const lang of LANGUAGES) {
      fs.rmSync(path.join(out, lang), { recursive: true, force: true });
      fs.cpSync(path.join(tmp, lang), path.join(out, lang), { recursive: true });
    }
    return summary;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Regenerates the SDKs into a temporary folder and compares them with `out`.
 * @param {{ schema?: string, out?: string }} [opts]
 * @returns {string[]} the differences (see compareSdk); empty when `out` is up to date
 */
function checkSdk(opts = {}) {
  const schema = path.resolve(opts.schema || path.join(projectRoot, "schema.json"));
  const out = path.resolve(opts.out || path.join(projectRoot, "sdk"));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-trtc-sdk-"));
  try {
    runGensdk(schema, tmp);
    return compareSdk(tmp, out);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { generateSdk, checkSdk, compareSdk, LANGUAGES };

/** `p` relative to the working folder when it lies inside it, else absolute. */
function displayPath(p) {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

/** Parses `--check`, `--schema FILE`, `--out DIR`; throws naming an unknown argument. */
function parseArgs(argv) {
  const opts = { check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--check") opts.check = true;
    else if ((a === "--schema" || a === "--out") && i + 1 < argv.length) {
      opts[a.slice(2)] = argv[++i];
    } else {
      throw new Error(
        `unknown argument "${a}": usage: node scripts/sdk.js [--check] [--schema FILE] [--out DIR]`,
      );
    }
  }
  return opts;
}

if (require.main === module) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const out = path.resolve(opts.out || path.join(projectRoot, "sdk"));
    if (opts.check) {
      const diffs = checkSdk(opts);
      if (diffs.length > 0) {
        process.stderr.write(
          `${displayPath(out)} is stale: regenerate it with \`npm run sdk\` and commit the result.\n` +
            diffs.map((d) => `  ${d}\n`).join(""),
        );
        process.exit(1);
      }
      process.stderr.write(`${out} matches the schema\n`);
    } else {
      for (const line of generateSdk(opts)) process.stderr.write(`${line}\n`);
      process.stderr.write(`wrote ${LANGUAGES.map((l) => path.join(out, l)).join(", ")}\n`);
    }
  } catch (e) {
    process.stderr.write(`sdk: ${e.message}\n`);
    process.exit(1);
  }
}
