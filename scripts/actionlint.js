#!/usr/bin/env node
// The actionlint tool: builds actionlint (the GitHub Actions workflow linter) from the Go module
// proxy into `.tools/bin`, like the engine, and lints every workflow file in the repository.
//
//   node scripts/actionlint.js ensure   build if needed (idempotent)
//   node scripts/actionlint.js check [--root DIR]  build if needed, then lint every workflow file
//                                                  of the repository (or DIR); exit 1 on findings
//   node scripts/actionlint.js files [--root DIR]  list the workflow files `check` lints
//
// The pinned version is the github.com/rhysd/actionlint line of scripts/actionlint/go.mod.
// actionlint runs shellcheck on `run:` blocks only when shellcheck is on PATH; this machine has
// none, so shell inside `run:` goes unchecked (the README says so). `-shellcheck=` makes that
// explicit rather than dependent on the machine.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { buildGoTool, pinnedVersion } = require("./go-build");

const projectRoot = path.resolve(__dirname, "..");
const moduleDir = path.join(projectRoot, "scripts", "actionlint");
const outDir = path.join(projectRoot, ".tools", "bin");
const PKG = "github.com/rhysd/actionlint";

/**
 * Actions whose current major is newer than the action metadata built into actionlint v1.7.12,
 * which then checks no `with:` inputs of theirs. Each maps to the major whose inputs the current
 * one keeps (compared action.yml against action.yml: checkout v7 only adds
 * `allow-unsafe-pr-checkout`; setup-node v7 and pulumi/actions v7 change no input), so a second
 * pass lints a copy of each workflow with these steps pinned to that major, to catch a mistyped
 * input.
 */
const INPUTS_AS_OF = {
  "actions/checkout@v7": "actions/checkout@v6",
  "actions/setup-node@v7": "actions/setup-node@v6",
  "pulumi/actions@v7": "pulumi/actions@v6",
};

/** Folders that never hold the project's own workflows. */
const SKIP = new Set(["node_modules", ".git", ".engine", ".tools", ".toolchain", "dist"]);

function log(msg) {
  if (!process.env.PULUMI_TRTC_ENGINE_QUIET) process.stderr.write(`[actionlint] ${msg}\n`);
}

/** Builds actionlint unless an up-to-date build exists; returns the path of the binary. */
function ensureActionlint() {
  const version = pinnedVersion(moduleDir, PKG);
  const bin = buildGoTool({
    tool: `actionlint ${version}`,
    moduleDir,
    inputs: ["go.mod", "go.sum", "tools.go"],
    outDir,
    tags: "",
    binaries: [
      {
        name: "actionlint",
        pkg: `${PKG}/cmd/actionlint`,
        ldflags: `-X ${PKG}.version=${version}`,
      },
    ],
    verify(dir) {
      const res = spawnSync(path.join(dir, "actionlint"), ["-version"], { encoding: "utf8" });
      const first = `${res.stdout || ""}`.split("\n")[0].trim();
      if (res.status !== 0 || first !== version) {
        throw new Error(`expected ${version}, \`actionlint -version\` printed "${first}"`);
      }
    },
    log,
  });
  return path.join(bin, "actionlint");
}

/**
 * Every GitHub Actions workflow file in the repository: `*.yml` / `*.yaml` directly inside a
 * `.github/workflows` folder at any depth (examples carry their own), outside ignored folders.
 */
function workflowFiles(root = projectRoot) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || SKIP.has(entry.name)) continue;
      const sub = path.join(dir, entry.name);
      if (entry.name === "workflows" && path.basename(dir) === ".github") {
        for (const f of fs.readdirSync(sub)) {
          if (/\.ya?ml$/.test(f)) found.push(path.join(sub, f));
        }
      } else {
        walk(sub);
      }
    }
  };
  walk(root);
  return found.sort();
}

/**
 * Lints the files with actionlint (shellcheck off), then their copies with the steps in
 * INPUTS_AS_OF pinned to the major actionlint knows. Returns the exit code (0: no findings).
 */
function lint(bin, files, root = projectRoot) {
  const args = ["-shellcheck=", "-no-color"];
  const first = spawnSync(bin, [...args, ...files], { cwd: root, stdio: "inherit" });
  if (first.status !== 0) return first.status === null ? 1 : first.status;
  const copies = fs.mkdtempSync(path.join(os.tmpdir(), "actionlint-inputs-"));
  try {
    const workflows = path.join(copies, ".github", "workflows");
    fs.mkdirSync(workflows, { recursive: true });
    const names = files.map((f, i) => {
      let text = fs.readFileSync(path.join(root, f), "utf8");
      for (const [current, known] of Object.entries(INPUTS_AS_OF))
        text = text.split(current).join(known);
      const name = `${i}-${path.basename(f)}`;
      fs.writeFileSync(path.join(workflows, name), text);
      return name;
    });
    const copied = names.map((n) => path.join(".github", "workflows", n));
    const second = spawnSync(bin, [...args, ...copied], { cwd: copies, encoding: "utf8" });
    if (second.status === 0) return 0;
    // Name the repository's file, not the copy, and say what the inputs were checked against.
    let out = `${second.stdout}${second.stderr}`;
    copied.forEach((c, i) => (out = out.split(c).join(files[i])));
    process.stderr.write(
      `${out}(inputs checked against ${Object.values(INPUTS_AS_OF).join(", ")}: see INPUTS_AS_OF in scripts/actionlint.js)\n`,
    );
    return second.status === null ? 1 : second.status;
  } finally {
    fs.rmSync(copies, { recursive: true, force: true });
  }
}

module.exports = { ensureActionlint, workflowFiles, lint, INPUTS_AS_OF };

if (require.main === module) {
  const [cmd, ...rest] = process.argv.slice(2);
  const root = rest[0] === "--root" && rest[1] ? path.resolve(rest[1]) : projectRoot;
  try {
    if (cmd === "ensure") {
      ensureActionlint();
    } else if (cmd === "files") {
      for (const f of workflowFiles(root)) process.stdout.write(`${path.relative(root, f)}\n`);
    } else if (cmd === "check") {
      const bin = ensureActionlint();
      const files = workflowFiles(root);
      if (files.length === 0) {
        process.stderr.write("no workflow files found\n");
        process.exit(1);
      }
      const rel = files.map((f) => path.relative(root, f));
      const status = lint(bin, rel, root);
      if (status === 0) log(`${rel.length} workflow file(s) pass: ${rel.join(", ")}`);
      process.exit(status);
    } else {
      process.stderr.write(
        "usage: node scripts/actionlint.js ensure | check [--root DIR] | files [--root DIR]\n",
      );
      process.exit(2);
    }
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
