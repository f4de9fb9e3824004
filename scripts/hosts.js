#!/usr/bin/env node
// The language-host tool: builds the Python, Go and YAML language hosts the engine runs programs of
// those languages with, from the Go module proxy, like the engine (scripts/engine.js):
//
//   node scripts/hosts.js ensure   build what is missing or stale (idempotent), print what it does
//   node scripts/hosts.js path     print the folders holding the hosts, PATH-style
//
// The hosts:
//   pulumi-language-yaml, pulumi-converter-yaml   Pulumi's own, github.com/pulumi/pulumi-yaml at the
//       version pinned in scripts/hosts/yaml/go.mod (a wrapper module of its own: that release builds
//       on its own pkg/sdk pins, not the engine's)
//   pulumi-language-python, pulumi-language-go    the project's own (scripts/hosts/python, golang):
//       upstream's are refused by the module proxy here. They run programs with upstream's flags and
//       environment, so PyPI's `pulumi` and the Go SDK run unchanged. Users' Pulumi CLIs bring
//       upstream's hosts; these exist for this repository's tests and examples.
//
// Each group is built into a folder of its own under .engine/hosts/ with its own stamp (so a second
// run with the same sources takes milliseconds, and rebuilding one never rebuilds another), then
// linked into .engine/bin beside the engine, where the engine looks for a language host first:
// `npm run pulumi -- -C examples/python …` then finds them with no PATH change. Tests also put
// hostBinDirs() on PATH, so they find the hosts when PULUMI_TRTC_ENGINE_DIR names an engine
// elsewhere (the engine then warns that it uses a host from PATH).
//
// Environment:
//   PULUMI_TRTC_ENGINE_QUIET  suppress progress lines (errors are still printed)
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { buildGoTool, pinnedVersion, isExecutable } = require("./go-build");

const projectRoot = path.resolve(__dirname, "..");
const hostsModuleDir = path.join(projectRoot, "scripts", "hosts");
const yamlModuleDir = path.join(hostsModuleDir, "yaml");
const hostsBuildDir = path.join(projectRoot, ".engine", "hosts");
/** The engine's own bin folder in this checkout (not PULUMI_TRTC_ENGINE_DIR's): the hosts are linked there. */
const engineBinDir = path.join(projectRoot, ".engine", "bin");
/** The build tags of the engine (scripts/engine.js), so the shared gRPC packages come from Go's build cache. */
const BUILD_TAGS = "osusergo,grpcnotrace";
const YAML_MODULE = "github.com/pulumi/pulumi-yaml";
const SDK_MODULE = "github.com/pulumi/pulumi/sdk/v3";

function log(msg) {
  if (!process.env.PULUMI_TRTC_ENGINE_QUIET) process.stderr.write(`[hosts] ${msg}\n`);
}

/**
 * Files of `dir` (relative to `moduleDir`) with one of `exts`, recursively, sorted, Go tests left
 * out: the build inputs of the programs built from it, so editing, adding or renaming one rebuilds.
 */
function sourceFiles(moduleDir, dir, exts) {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(moduleDir, rel), { withFileTypes: true })) {
      const child = path.join(rel, e.name);
      if (e.isDirectory()) walk(child);
      else if (exts.some((x) => e.name.endsWith(x)) && !e.name.endsWith("_test.go"))
        out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The host groups: each a wrapper module built by scripts/go-build.js into
 * .engine/hosts/<name>/bin. `inputs` decide whether to rebuild; the stamp also records the names.
 */
function hostGroups() {
  const yamlVersion = pinnedVersion(yamlModuleDir, YAML_MODULE);
  const sdkVersion = pinnedVersion(hostsModuleDir, SDK_MODULE);
  const ownInputs = [
    "go.mod",
    "go.sum",
    ...sourceFiles(hostsModuleDir, "internal", [".go"]),
    ...sourceFiles(hostsModuleDir, "python", [".go", ".py"]),
    ...sourceFiles(hostsModuleDir, "golang", [".go"]),
  ];
  const ownVersion = `-X main.version=${sdkVersion.replace(/^v/, "")}`;
  return [
    {
      name: "yaml",
      tool: `pulumi-language-yaml ${yamlVersion}`,
      moduleDir: yamlModuleDir,
      inputs: ["go.mod", "go.sum", "tools.go"],
      binaries: [
        {
          name: "pulumi-language-yaml",
          pkg: `${YAML_MODULE}/cmd/pulumi-language-yaml`,
          ldflags: `-X ${YAML_MODULE}/pkg/version.Version=${yamlVersion}`,
        },
        {
          name: "pulumi-converter-yaml",
          pkg: `${YAML_MODULE}/cmd/pulumi-converter-yaml`,
          ldflags: `-X ${YAML_MODULE}/pkg/version.Version=${yamlVersion}`,
        },
      ],
      verify: () => undefined,
    },
    {
      name: "own",
      tool: `the project's pulumi-language-python and pulumi-language-go (${sdkVersion})`,
      moduleDir: hostsModuleDir,
      inputs: ownInputs,
      binaries: [
        { name: "pulumi-language-python", pkg: "./python", ldflags: ownVersion },
        { name: "pulumi-language-go", pkg: "./golang", ldflags: ownVersion },
      ],
      verify(bin) {
        for (const name of ["pulumi-language-python", "pulumi-language-go"]) {
          const res = spawnSync(path.join(bin, name), ["--version"], { encoding: "utf8" });
          const printed = `${res.stdout || ""}`.trim();
          if (printed !== sdkVersion.replace(/^v/, ""))
            throw new Error(`${name} --version printed "${printed}", expected ${sdkVersion}`);
        }
      },
    },
  ];
}

/** The folder each group's binaries are built into. */
function groupBinDir(name) {
  return path.join(hostsBuildDir, name, "bin");
}

/** The folders holding the built hosts, for PATH. */
function hostBinDirs() {
  return hostGroups().map((g) => groupBinDir(g.name));
}

/** The names of every host binary this tool builds. */
function hostBinaries() {
  return hostGroups().flatMap((g) => g.binaries.map((b) => b.name));
}

/**
 * Places `file` at `dest` as a hard link (no copy of a large binary; not a symlink, which the
 * engine would resolve to another folder and warn about), or a copy where a link cannot be made.
 */
function linkInto(file, dest) {
  fs.rmSync(dest, { force: true });
  try {
    fs.linkSync(file, dest);
  } catch {
    fs.copyFileSync(file, dest);
    fs.chmodSync(dest, 0o755);
  }
}

/** What is missing of the hosts, as human-readable phrases (empty when all are built). */
function checkHosts() {
  const missing = [];
  for (const g of hostGroups()) {
    for (const b of g.binaries) {
      const file = path.join(groupBinDir(g.name), b.name);
      if (!isExecutable(file)) missing.push(`${b.name} (${file})`);
    }
  }
  return missing;
}

/**
 * Builds every host group unless an up-to-date build exists, then links the binaries into the
 * checkout's .engine/bin. Returns the folders holding them (see hostBinDirs).
 */
function ensureHosts() {
  const started = Date.now();
  const dirs = [];
  for (const g of hostGroups()) {
    const bin = buildGoTool({
      tool: g.tool,
      moduleDir: g.moduleDir,
      inputs: g.inputs,
      outDir: groupBinDir(g.name),
      tags: BUILD_TAGS,
      binaries: g.binaries,
      verify: g.verify,
      log,
    });
    fs.mkdirSync(engineBinDir, { recursive: true });
    for (const b of g.binaries) linkInto(path.join(bin, b.name), path.join(engineBinDir, b.name));
    dirs.push(bin);
  }
  log(
    `language hosts ready in ${((Date.now() - started) / 1000).toFixed(1)}s (linked into ${engineBinDir})`,
  );
  return dirs;
}

module.exports = { ensureHosts, hostBinDirs, hostBinaries, checkHosts };

if (require.main === module) {
  const [cmd] = process.argv.slice(2);
  try {
    if (cmd === "ensure") {
      ensureHosts();
    } else if (cmd === "path") {
      process.stdout.write(`${hostBinDirs().join(path.delimiter)}\n`);
    } else {
      process.stderr.write("usage: node scripts/hosts.js ensure | path\n");
      process.exit(2);
    }
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
