#!/usr/bin/env node
// The engine tool: builds the real Pulumi engine (the `pulumi` CLI from github.com/pulumi/pulumi/pkg/v3)
// and a Node.js language host from the Go module proxy into `.engine/bin`, and runs it; it also
// builds the SDK generator (scripts/engine/gensdk, used by scripts/sdk.js) into `.engine/gensdk/bin`.
//
//   node scripts/engine.js ensure        build if needed (idempotent), print what it does: the engine,
//                                        its Node.js language host and the SDK generator (gensdk)
//   node scripts/engine.js run -- ARGS   run `pulumi ARGS` with the engine's plugins and the dev
//                                        line's Node.js (scripts/node.js) first on PATH
//   node scripts/engine.js env           print the environment lines the engine needs (sh syntax)
//
// Environment:
//   PULUMI_TRTC_ENGINE_DIR   use the `pulumi` and `pulumi-language-nodejs` in this folder instead of building
//                            (then `ensure` builds nothing: gensdk is built when scripts/sdk.js needs it)
//   PULUMI_TRTC_ENGINE_QUIET suppress progress lines of `ensure` (errors are still printed)
//
// The pinned version lives in one place: the `github.com/pulumi/pulumi/pkg/v3` line of
// scripts/engine/go.mod. The build itself is scripts/go-build.js: Go's module and build caches are
// reused, so a second run takes seconds.
"use strict";

const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { buildGoTool, goSources, pinnedVersion, isExecutable } = require("./go-build");
const { nodeEnv } = require("./node");

const projectRoot = path.resolve(__dirname, "..");
const moduleDir = path.join(projectRoot, "scripts", "engine");
const buildDir = path.join(projectRoot, ".engine");
const builtBinDir = path.join(buildDir, "bin");
const gensdkBinDir = path.join(buildDir, "gensdk", "bin");
const PKG = "github.com/pulumi/pulumi/pkg/v3";
const BUILD_TAGS = "osusergo,grpcnotrace";

/** The engine version pinned in scripts/engine/go.mod, e.g. "v3.276.0". */
function engineVersion() {
  return pinnedVersion(moduleDir, PKG);
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

/**
 * Environment for running the engine: the Node.js of the given line (scripts/node.js), the
 * engine's folder and the dynamic-provider plugin's folder first on PATH, no update checks.
 * The language host and the plugin script both run the first `node` on PATH.
 * @param {NodeJS.ProcessEnv} [base]
 * @param {{ nodeLine?: string, pluginDir?: string }} [opts] the Node.js line (default "dev") and
 *   the folder of the @pulumi/pulumi whose plugin script to use (default: this repository's)
 */
function engineEnv(base = process.env, opts = {}) {
  const withNode = nodeEnv(opts.nodeLine || "dev", base);
  const extra = [engineBinDir(), opts.pluginDir || dynamicProviderPluginDir()];
  return {
    ...withNode,
    PATH: [...extra, withNode.PATH || ""].join(path.delimiter),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
  };
}

function log(msg) {
  if (!process.env.PULUMI_TRTC_ENGINE_QUIET) {
    process.stderr.write(`[engine] ${msg}\n`);
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
  return buildGoTool({
    tool: `pulumi ${version} and pulumi-language-nodejs`,
    moduleDir,
    inputs: ["go.mod", "go.sum", "tools.go", ...goSources(moduleDir, "langhost")],
    outDir: builtBinDir,
    tags: BUILD_TAGS,
    binaries: [
      {
        name: "pulumi",
        pkg: `${PKG}/cmd/pulumi`,
        ldflags: `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${version}`,
      },
      {
        name: "pulumi-language-nodejs",
        pkg: "./langhost",
        ldflags: `-X main.version=${version.replace(/^v/, "")}`,
      },
    ],
    verify(bin) {
      const res = spawnSync(path.join(bin, "pulumi"), ["version"], {
        encoding: "utf8",
        env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
      });
      const printed = `${res.stdout || ""}`.trim();
      if (printed !== version)
        throw new Error(`expected ${version}, the binary printed "${printed}"`);
      const missing = checkInstalled();
      if (missing.length) throw new Error(`missing ${missing.join(", ")}`);
    },
    log,
  });
}

/** Path of the SDK generator binary (scripts/engine/gensdk), built by {@link ensureGensdk}. */
function gensdkPath() {
  return path.join(gensdkBinDir, "gensdk");
}

/**
 * Builds the SDK generator (scripts/engine/gensdk: Pulumi's Node.js, Python and Go code generators
 * at the engine's pin) unless an up-to-date build exists, into .engine/gensdk/bin with a stamp of
 * its own, so a change to the language host does not rebuild it and the other way round. It is
 * built here even when PULUMI_TRTC_ENGINE_DIR names a prebuilt engine. Returns the binary's path.
 */
function ensureGensdk() {
  buildGoTool({
    tool: `gensdk (codegen of pulumi ${engineVersion()})`,
    moduleDir,
    inputs: ["go.mod", "go.sum", ...goSources(moduleDir, "gensdk")],
    outDir: gensdkBinDir,
    tags: BUILD_TAGS,
    binaries: [{ name: "gensdk", pkg: "./gensdk" }],
    verify(bin) {
      const res = spawnSync(path.join(bin, "gensdk"), [], { encoding: "utf8" });
      if (!`${res.stderr || ""}`.includes("usage: gensdk"))
        throw new Error(`gensdk without arguments printed no usage line: ${res.stderr}`);
    },
    log,
  });
  return gensdkPath();
}

module.exports = {
  ensureEngine,
  ensureGensdk,
  gensdkPath,
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
      if (!process.env.PULUMI_TRTC_ENGINE_DIR) ensureGensdk();
    } else if (cmd === "run") {
      const args = rest[0] === "--" ? rest.slice(1) : rest;
      ensureEngine();
      // `npm run pulumi` runs this from the package root; the engine runs where npm was typed
      // (INIT_CWD), so that `cd examples/yaml && npm run pulumi -- up` deploys that project.
      const res = spawnSync(path.join(engineBinDir(), "pulumi"), args, {
        stdio: "inherit",
        env: engineEnv(),
        cwd: process.env.INIT_CWD || process.cwd(),
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
