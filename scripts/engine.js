#!/usr/bin/env node
// The engine tool: builds the real Pulumi engine (the `pulumi` CLI from github.com/pulumi/pulumi/pkg/v3)
// and a Node.js language host from the Go module proxy into `.engine/bin`, and runs it.
//
//   node scripts/engine.js ensure        build if needed (idempotent), print what it does
//   node scripts/engine.js run -- ARGS   run `pulumi ARGS` with the engine's plugins on PATH
//   node scripts/engine.js env           print the environment lines the engine needs (sh syntax)
//
// Environment:
//   PULUMI_TRTC_ENGINE_DIR   use the `pulumi` and `pulumi-language-nodejs` in this folder instead of building
//   PULUMI_TRTC_ENGINE_QUIET suppress progress lines of `ensure` (errors are still printed)
//
// The pinned version lives in one place: the `github.com/pulumi/pulumi/pkg/v3` line of
// scripts/engine/go.mod. Go's module and build caches are reused, so a second run takes seconds.
"use strict";

const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const projectRoot = path.resolve(__dirname, "..");
const moduleDir = path.join(projectRoot, "scripts", "engine");
const buildDir = path.join(projectRoot, ".engine");
const builtBinDir = path.join(buildDir, "bin");
const stampFile = path.join(buildDir, "stamp.json");
const PKG = "github.com/pulumi/pulumi/pkg/v3";
const BUILD_TAGS = "osusergo,grpcnotrace";

/** The engine version pinned in scripts/engine/go.mod, e.g. "v3.248.0". */
function engineVersion() {
  const goMod = fs.readFileSync(path.join(moduleDir, "go.mod"), "utf8");
  const m = new RegExp(`${PKG.replace(/\//g, "\\/").replace(/\./g, "\\.")} (v[0-9][^\\s]*)`).exec(
    goMod,
  );
  if (!m) {
    throw new Error(`scripts/engine/go.mod has no requirement on ${PKG}`);
  }
  return m[1];
}

/** Folder holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`. */
function engineBinDir() {
  return process.env.PULUMI_TRTC_ENGINE_DIR
    ? path.resolve(process.env.PULUMI_TRTC_ENGINE_DIR)
    : builtBinDir;
}

/** Folder whose `bin/pulumi` the Automation API's `PulumiCommand.get({ root })` runs. */
function engineRoot() {
  return path.dirname(engineBinDir());
}

/** The dynamic-provider plugin script shipped inside the @pulumi/pulumi npm package. */
function dynamicProviderPluginDir() {
  const pkgJson = require.resolve("@pulumi/pulumi/package.json", { paths: [projectRoot] });
  return path.dirname(pkgJson);
}

/** Environment for running the engine: its folder and the plugin's folder first on PATH, no update checks. */
function engineEnv(base = process.env) {
  const extra = [engineBinDir(), dynamicProviderPluginDir()];
  return {
    ...base,
    PATH: [...extra, base.PATH || ""].join(path.delimiter),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
  };
}

function log(msg) {
  if (!process.env.PULUMI_TRTC_ENGINE_QUIET) {
    process.stderr.write(`[engine] ${msg}\n`);
  }
}

class EngineBuildError extends Error {
  constructor(step, detail) {
    super(`engine build failed at step "${step}": ${detail}`);
    this.name = "EngineBuildError";
  }
}

function run(step, cmd, args, opts = {}) {
  const started = Date.now();
  const res = spawnSync(cmd, args, {
    cwd: moduleDir,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GOFLAGS: "-mod=mod", ...opts.env },
  });
  if (res.error) {
    throw new EngineBuildError(step, `${cmd} could not be run: ${res.error.message}`);
  }
  if (res.status !== 0) {
    const out = `${res.stdout || ""}${res.stderr || ""}`.trim().split("\n").slice(-25).join("\n");
    throw new EngineBuildError(step, `\`${cmd} ${args.join(" ")}\` exited ${res.status}:\n${out}`);
  }
  log(`${step}: done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return res.stdout;
}

function hashInputs() {
  const h = crypto.createHash("sha256");
  for (const f of ["go.mod", "go.sum", "tools.go", path.join("langhost", "main.go")]) {
    h.update(fs.readFileSync(path.join(moduleDir, f)));
  }
  h.update(BUILD_TAGS);
  return h.digest("hex");
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Checks that the engine, the language host and the dynamic-provider plugin are all where the engine looks. */
function checkInstalled() {
  const bin = engineBinDir();
  const missing = [];
  if (!isExecutable(path.join(bin, "pulumi")))
    missing.push(`the engine (${path.join(bin, "pulumi")})`);
  if (!isExecutable(path.join(bin, "pulumi-language-nodejs")))
    missing.push(`the Node.js language host (${path.join(bin, "pulumi-language-nodejs")})`);
  const plugin = path.join(dynamicProviderPluginDir(), "pulumi-resource-pulumi-nodejs");
  if (!isExecutable(plugin))
    missing.push(`the dynamic-provider plugin (${plugin}, from @pulumi/pulumi)`);
  return missing;
}

/** Builds the engine unless an up-to-date build exists. Returns the bin folder. */
function ensureEngine() {
  const version = engineVersion();
  if (process.env.PULUMI_TRTC_ENGINE_DIR) {
    const missing = checkInstalled();
    if (missing.length) {
      throw new Error(`PULUMI_TRTC_ENGINE_DIR is set, but it lacks ${missing.join(", ")}`);
    }
    log(`using the engine in PULUMI_TRTC_ENGINE_DIR=${engineBinDir()}`);
    return engineBinDir();
  }
  const inputsHash = hashInputs();
  let stamp = null;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, "utf8"));
  } catch {
    stamp = null;
  }
  if (stamp && stamp.inputsHash === inputsHash && checkInstalled().length === 0) {
    log(`pulumi ${version} is up to date in ${path.relative(projectRoot, builtBinDir)}`);
    return builtBinDir;
  }

  const started = Date.now();
  log(
    `building pulumi ${version} and pulumi-language-nodejs into ${path.relative(projectRoot, builtBinDir)} (first run: several minutes)`,
  );
  run("check go", "go", ["version"]);
  log("downloading every module the build needs (go mod download)");
  run("go mod download", "go", ["mod", "download"]);
  run("go mod verify", "go", ["mod", "verify"]);
  fs.mkdirSync(builtBinDir, { recursive: true });
  const ldflags = `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${version}`;
  log(`compiling ${PKG}/cmd/pulumi`);
  run("build pulumi", "go", [
    "build",
    "-trimpath",
    "-tags",
    BUILD_TAGS,
    "-ldflags",
    ldflags,
    "-o",
    path.join(builtBinDir, "pulumi"),
    `${PKG}/cmd/pulumi`,
  ]);
  log("compiling the Node.js language host (scripts/engine/langhost)");
  run("build pulumi-language-nodejs", "go", [
    "build",
    "-trimpath",
    "-tags",
    BUILD_TAGS,
    "-ldflags",
    `-X main.version=${version.replace(/^v/, "")}`,
    "-o",
    path.join(builtBinDir, "pulumi-language-nodejs"),
    "./langhost",
  ]);
  const printed = run("check pulumi version", path.join(builtBinDir, "pulumi"), ["version"], {
    env: { PULUMI_SKIP_UPDATE_CHECK: "true" },
  }).trim();
  if (printed !== version) {
    throw new EngineBuildError(
      "check pulumi version",
      `expected ${version}, the binary printed "${printed}"`,
    );
  }
  const missing = checkInstalled();
  if (missing.length) {
    throw new EngineBuildError("check plugins", `missing ${missing.join(", ")}`);
  }
  fs.writeFileSync(
    stampFile,
    JSON.stringify({ version, inputsHash, builtAt: new Date().toISOString() }, null, 2),
  );
  log(`pulumi ${version} built in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  return builtBinDir;
}

module.exports = {
  ensureEngine,
  engineBinDir,
  engineRoot,
  engineEnv,
  engineVersion,
  checkInstalled,
  dynamicProviderPluginDir,
};

if (require.main === module) {
  const [cmd, ...rest] = process.argv.slice(2);
  try {
    if (cmd === "ensure") {
      ensureEngine();
    } else if (cmd === "run") {
      const args = rest[0] === "--" ? rest.slice(1) : rest;
      ensureEngine();
      const res = spawnSync(path.join(engineBinDir(), "pulumi"), args, {
        stdio: "inherit",
        env: engineEnv(),
      });
      process.exit(res.status === null ? 1 : res.status);
    } else if (cmd === "env") {
      const env = engineEnv({ PATH: process.env.PATH });
      for (const [k, v] of Object.entries(env))
        process.stdout.write(`export ${k}=${JSON.stringify(v)}\n`);
    } else {
      process.stderr.write("usage: node scripts/engine.js ensure | run -- <pulumi args> | env\n");
      process.exit(2);
    }
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
