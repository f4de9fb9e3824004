// Python virtualenvs for the tests and examples of Python programs, made once and kept under
// .engine/venvs/, keyed by what goes into them: the Python's version, the requirements (each
// line without comments, a local folder by its resolved path, in sorted order, so that two
// programs' files naming the same things share one virtualenv) and the content of every local
// folder installed (e.g. the generated SDK in sdk/python). A second call with the same key
// returns the same folder at once; a change of any of them makes a new one. Packages come from
// PyPI through pip (pip's own cache makes a re-install local).
//
// A virtualenv is built in a temporary folder beside its final one and renamed into place when
// complete, so parallel test processes never see a half-made one. While one process builds it,
// others asking for the same key wait for it (a lock file holding the builder's pid; a lock
// whose process is gone is taken over) instead of building it again. Only `<venv>/bin/python` is
// run (a renamed virtualenv's pip scripts keep the old path in their first line, its Python does
// not).
"use strict";

const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const projectRoot = path.resolve(__dirname, "..", "..");
const venvsDir = path.join(projectRoot, ".engine", "venvs");
/** Written last into a complete virtualenv. */
const MARKER = "pulumi-trtc-venv.json";
/** Build and install output in a local package folder that says nothing about its content. */
const SKIP = new Set(["__pycache__", "build", "dist", ".eggs", "node_modules"]);

/** The Python that makes virtualenvs: PULUMI_PYTHON_CMD, else python3 (what the Python host runs too). */
function basePython() {
  return process.env.PULUMI_PYTHON_CMD || "python3";
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...opts });
  if (res.error) throw new Error(`could not run ${cmd}: ${res.error.message}`);
  if (res.status !== 0) {
    const out = `${res.stdout || ""}${res.stderr || ""}`.trim().split("\n").slice(-20).join("\n");
    throw new Error(`\`${cmd} ${args.join(" ")}\` exited ${res.status}:\n${out}`);
  }
  return `${res.stdout || ""}`;
}

/** Hashes every file under `dir` (names and contents), build output left out. */
function hashTree(h, dir) {
  const walk = (rel) => {
    const entries = fs
      .readdirSync(path.join(dir, rel), { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (SKIP.has(e.name) || e.name.endsWith(".egg-info")) continue;
      const child = path.join(rel, e.name);
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) {
        h.update(`${child}\0`);
        h.update(fs.readFileSync(path.join(dir, child)));
      }
    }
  };
  walk("");
}

/** A requirements line without its comment (pip's: a `#` at the start or after whitespace). */
function withoutComment(line) {
  return line.replace(/(^|\s)#.*$/, "").trim();
}

/** A requirements line's editable flag (`-e `/`--editable `, kept as written) and the rest. */
function splitEditable(line) {
  const m = /^(-e|--editable)\s+(.*)$/.exec(line);
  return m ? { flag: `${m[1]} `, target: m[2] } : { flag: "", target: line };
}

/** Whether a requirement (without its editable flag) is a local path: `./x`, `../x`, `/x`. */
function isLocalPath(target) {
  return /^(\.{1,2}\/|\/)/.test(target);
}

/**
 * The requirements as the key sees them: each line without its comment, a local folder by its
 * path resolved against `cwd`, sorted, blank lines left out.
 */
function normalizedRequirements(text, cwd) {
  const lines = text
    .split("\n")
    .map(withoutComment)
    .filter((l) => l !== "")
    .map((l) => {
      const { flag, target } = splitEditable(l);
      return isLocalPath(target) ? `${flag}${path.resolve(cwd, target)}` : l;
    });
  return [...new Set(lines)].sort();
}

/** The local folders among normalized requirements ({@link normalizedRequirements}). */
function localFolders(requirements) {
  return requirements.map((l) => splitEditable(l).target).filter(isLocalPath);
}

/** Waits `ms` milliseconds without returning to the event loop (ensureVenv is synchronous). */
function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Whether a process with this pid runs (on this machine). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/** The pid a lock file names, or undefined if it is gone or names none. */
function lockOwner(lock) {
  try {
    const text = fs.readFileSync(lock, "utf8");
    return /^[1-9]\d*$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

/** How long a process waits for another to finish a virtualenv before it gives up. */
const MAX_WAIT_MS = 30 * 60 * 1000;

/**
 * Takes the lock file `lock` for this process, waiting while another live process holds it.
 * The file appears whole (a hard link to a file already holding this pid), so a reader never
 * sees it half written. A lock whose process is gone, or that names this process (ensureVenv is
 * synchronous: it cannot be ours still) or no pid, is moved aside (a rename, which only one
 * process wins) and taken. Returns false, without the lock, once `done()` says the other process
 * finished the work; throws after {@link MAX_WAIT_MS}.
 */
function lockOrWait(lock, done, log, maxWaitMs = MAX_WAIT_MS) {
  const mine = `${lock}.${process.pid}.tmp`;
  fs.writeFileSync(mine, String(process.pid));
  const started = Date.now();
  let told = false;
  try {
    for (;;) {
      try {
        fs.linkSync(mine, lock);
        return true;
      } catch (e) {
        if (e.code !== "EEXIST") throw e;
      }
      if (done()) return false;
      const owner = lockOwner(lock);
      if (owner === undefined || owner === process.pid || !alive(owner)) {
        if (fs.existsSync(lock)) {
          log(`taking over ${lock}: the process that held it is gone`);
          try {
            const aside = `${lock}.stale-${process.pid}-${Date.now()}`;
            fs.renameSync(lock, aside);
            fs.rmSync(aside, { force: true });
          } catch (e) {
            if (e.code !== "ENOENT") throw e; // another process moved it first
          }
        }
        continue;
      }
      if (Date.now() - started > maxWaitMs) {
        throw new Error(
          `waited ${Math.round(maxWaitMs / 1000)} s for process ${owner} to finish a virtualenv (lock ${lock}); if it is stuck, stop it or delete the lock file`,
        );
      }
      if (!told) log(`waiting for process ${owner} to finish the same virtualenv`);
      told = true;
      sleepSync(500);
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

/** Releases a lock this process holds; leaves one another process has taken over alone. */
function unlock(lock) {
  if (lockOwner(lock) === process.pid) fs.rmSync(lock, { force: true });
}

/**
 * Returns a virtualenv (its folder) holding what `requirementsFile` names, installed with
 * `pip install -r` from the file's folder, making it if no complete one with the same key exists.
 * @param {string} requirementsFile  a pip requirements file, e.g. a program's requirements.txt
 * @param {(msg: string) => void} [log]
 */
function ensureVenv(requirementsFile, log = () => undefined) {
  const python = basePython();
  const pyVersion = run(python, ["--version"]).trim();
  const text = fs.readFileSync(requirementsFile, "utf8");
  const cwd = path.dirname(requirementsFile);
  const h = crypto.createHash("sha256");
  const requirements = normalizedRequirements(text, cwd);
  h.update(`${pyVersion}\0${requirements.join("\n")}\0`);
  for (const dir of localFolders(requirements)) {
    if (!fs.existsSync(dir)) {
      throw new Error(`${requirementsFile} installs ${dir}, which does not exist`);
    }
    h.update(`${dir}\0`);
    hashTree(h, dir);
  }
  const key = h.digest("hex").slice(0, 16);
  const venv = path.join(venvsDir, key);
  const complete = () => fs.existsSync(path.join(venv, MARKER));
  if (complete()) return venv;

  fs.mkdirSync(venvsDir, { recursive: true });
  const lock = `${venv}.lock`;
  if (!lockOrWait(lock, complete, log)) return venv;
  try {
    if (complete()) return venv;
    makeVenv(python, pyVersion, requirementsFile, cwd, key, venv, log);
    return venv;
  } finally {
    unlock(lock);
  }
}

/** Builds the virtualenv `venv` in a temporary folder beside it and renames it into place. */
function makeVenv(python, pyVersion, requirementsFile, cwd, key, venv, log) {
  const tmp = fs.mkdtempSync(path.join(venvsDir, `${key}.tmp-`));
  const started = Date.now();
  log(
    `making a virtualenv for ${path.relative(projectRoot, requirementsFile)} (${pyVersion}) in ${venv}`,
  );
  try {
    run(python, ["-m", "venv", tmp]);
    run(
      path.join(tmp, "bin", "python"),
      ["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", requirementsFile],
      { cwd },
    );
    fs.writeFileSync(
      path.join(tmp, MARKER),
      JSON.stringify({
        requirements: requirementsFile,
        python: pyVersion,
        madeAt: new Date().toISOString(),
      }),
    );
    try {
      fs.renameSync(tmp, venv);
    } catch (e) {
      // Another process finished the same virtualenv first: use that one.
      if (!fs.existsSync(path.join(venv, MARKER))) throw e;
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`could not make a virtualenv for ${requirementsFile}: ${e.message}`);
  }
  log(`virtualenv ready in ${((Date.now() - started) / 1000).toFixed(0)}s`);
}

module.exports = { ensureVenv, normalizedRequirements, lockOrWait };
