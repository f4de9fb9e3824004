// Builds Go programs pinned by a small wrapper module of this repository (a go.mod, its go.sum and a
// tools.go that imports the programs) from the Go module proxy, once: a stamp records the hash of
// the module's files, so a second run with the same pins takes milliseconds. Go's module and
// build caches are reused across runs. The engine tool (scripts/engine.js) and the actionlint
// tool (scripts/actionlint.js) are built with it.
"use strict";

const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** A failed build step, with the tail of what the command printed. */
class GoBuildError extends Error {
  constructor(tool, step, detail) {
    super(`${tool} build failed at step "${step}": ${detail}`);
    this.name = "GoBuildError";
  }
}

/** The version a go.mod requires of `modulePath`, e.g. "v3.276.0"; throws if it requires none. */
function pinnedVersion(moduleDir, modulePath) {
  const goMod = fs.readFileSync(path.join(moduleDir, "go.mod"), "utf8");
  const escaped = modulePath.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const m = new RegExp(`${escaped} (v[0-9][^\\s]*)`).exec(goMod);
  if (!m) throw new Error(`${path.join(moduleDir, "go.mod")} has no requirement on ${modulePath}`);
  return m[1];
}

/**
 * The Go sources of one package folder of a wrapper module, as paths relative to the module
 * (e.g. "langhost/main.go"), sorted, tests left out: the build inputs of a program built from that
 * folder, so that editing any of its files, or adding one, rebuilds it.
 * @param {string} moduleDir
 * @param {string} dir  the package folder, relative to moduleDir
 */
function goSources(moduleDir, dir) {
  return fs
    .readdirSync(path.join(moduleDir, dir), { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".go") && !e.name.endsWith("_test.go"))
    .map((e) => path.join(dir, e.name))
    .sort();
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Linker flags of every binary: no symbol table or DWARF, as Pulumi's release builds link, a
 * third less to link and write (panics still print their stacks: the runtime's own tables stay).
 */
const LINK_FLAGS = "-s -w";

/**
 * Builds the tool unless an up-to-date build exists, and returns its bin folder.
 * @param {object} spec
 * @param {string} spec.tool       name in progress lines and errors, e.g. "pulumi v3.276.0"
 * @param {string} spec.moduleDir  the wrapper module (go.mod, go.sum, tools.go, sources)
 * @param {string[]} spec.inputs   files of moduleDir whose content decides whether to rebuild
 * @param {string} spec.outDir     folder the binaries go to; its parent holds stamp.json
 * @param {string} spec.tags       Go build tags
 * @param {{name: string, pkg: string, ldflags?: string}[]} spec.binaries
 * @param {(binDir: string) => void} [spec.verify]  throws if the built binaries are not right
 * @param {(msg: string) => void} spec.log
 */
function buildGoTool(spec) {
  const stampFile = path.join(path.dirname(spec.outDir), "stamp.json");
  const h = crypto.createHash("sha256");
  for (const f of spec.inputs) {
    // The name too, so that renaming or moving a source file also counts as a change.
    h.update(`${f}\0`);
    h.update(fs.readFileSync(path.join(spec.moduleDir, f)));
  }
  h.update(spec.tags);
  // How each binary is built too, so that a change of flags rebuilds.
  h.update(JSON.stringify([LINK_FLAGS, spec.binaries]));
  const inputsHash = h.digest("hex");
  let stamp = null;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, "utf8"));
  } catch {
    stamp = null;
  }
  const complete = () => spec.binaries.every((b) => isExecutable(path.join(spec.outDir, b.name)));
  if (stamp && stamp.inputsHash === inputsHash && complete()) {
    spec.log(`${spec.tool} is up to date in ${spec.outDir}`);
    return spec.outDir;
  }

  const run = (step, cmd, args, env = {}) => {
    const started = Date.now();
    const res = spawnSync(cmd, args, {
      cwd: spec.moduleDir,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GOFLAGS: "-mod=mod", ...env },
    });
    if (res.error)
      throw new GoBuildError(spec.tool, step, `${cmd} could not be run: ${res.error.message}`);
    if (res.status !== 0) {
      const out = `${res.stdout || ""}${res.stderr || ""}`.trim().split("\n").slice(-25).join("\n");
      throw new GoBuildError(
        spec.tool,
        step,
        `\`${cmd} ${args.join(" ")}\` exited ${res.status}:\n${out}`,
      );
    }
    spec.log(`${step}: done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return res.stdout;
  };

  const started = Date.now();
  spec.log(`building ${spec.tool} into ${spec.outDir}`);
  run("check go", "go", ["version"]);
  // `go mod download` checks each module it fetches against the committed go.sum (or, for a
  // line go.sum lacks, the checksum database, as GOFLAGS=-mod=mod lets it add one). No `go mod
  // verify` after it: that re-hashes every file of every module in the build list already in the
  // module cache (51 s of the four fresh builds of a clean clone, 34 s for gensdk alone), which
  // guards against edits to a local cache, not against what the proxy serves.
  run("go mod download", "go", ["mod", "download"]);
  fs.mkdirSync(spec.outDir, { recursive: true });
  for (const b of spec.binaries) {
    spec.log(`compiling ${b.pkg}`);
    const ldflags = [LINK_FLAGS, b.ldflags].filter(Boolean).join(" ");
    const args = ["build", "-trimpath", "-tags", spec.tags, "-ldflags", ldflags];
    run(`build ${b.name}`, "go", [...args, "-o", path.join(spec.outDir, b.name), b.pkg]);
  }
  if (spec.verify) {
    try {
      spec.verify(spec.outDir);
    } catch (e) {
      throw new GoBuildError(spec.tool, "verify", e.message);
    }
  }
  fs.writeFileSync(
    stampFile,
    JSON.stringify({ tool: spec.tool, inputsHash, builtAt: new Date().toISOString() }, null, 2),
  );
  spec.log(`${spec.tool} built in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  return spec.outDir;
}

module.exports = { buildGoTool, goSources, pinnedVersion, isExecutable, GoBuildError };
