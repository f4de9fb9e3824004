/**
 * What the tests of Python, YAML and Go programs share: the environment that puts the language
 * hosts (scripts/hosts.js) on PATH, and a runnable copy of a Python program whose virtualenv is a
 * kept one (scripts/hosts/venv.js), so pip runs once per set of requirements, not once per test.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as engine from "../../scripts/engine";
import { checkHosts, hostBinDirs } from "../../scripts/hosts";
import { ensureVenv } from "../../scripts/hosts/venv";

/**
 * Throws an error naming what is missing if a language host is not built (`npm run hosts`, which
 * `npm run test:integration` runs first, builds them).
 */
export function assertHostsBuilt(): void {
  const missing = checkHosts();
  if (missing.length > 0) {
    throw new Error(
      `The language hosts are not built: missing ${missing.join("; ")}. Run \`npm run hosts\` to build them.`,
    );
  }
}

/**
 * Extra environment for createTestStack: the engine's PATH with the hosts' folders first, so the
 * engine finds them also when PULUMI_TRTC_ENGINE_DIR names an engine built elsewhere.
 */
export function hostsEnvVars(): Record<string, string> {
  const enginePath = engine.engineEnv({ PATH: process.env.PATH ?? "" }).PATH ?? "";
  return { PATH: [...hostBinDirs(), enginePath].join(path.delimiter) };
}

/** A copy of a program in a temporary folder; `remove` deletes it. */
export interface ProgramCopy {
  /** The copy's folder (holds Pulumi.yaml). */
  dir: string;
  /** Deletes the copy. */
  remove(): void;
}

/** Options every program copy takes. */
export interface ProgramCopyOptions {
  /** Rewrites the copy's Pulumi.yaml text further (e.g. a plugin's path made absolute). */
  editProject?: (text: string) => string;
}

/** Options of {@link pythonProgramCopy}. */
export interface PythonCopyOptions extends ProgramCopyOptions {
  /**
   * The virtualenv the copy's Pulumi.yaml names: default a kept one made from the program's
   * requirements.txt; a path (relative to the copy) to name another, e.g. one that does not exist.
   */
  virtualenv?: string;
}

/**
 * Copies a program's files (not its stack config files or folders) into a temporary folder
 * `<prefix>…`, lets `prepare` work in the copy and rewrite its Pulumi.yaml text, then writes that
 * text (through `opts.editProject`). The copy is deleted again if any step throws.
 */
function copyProgram(
  programDir: string,
  prefix: string,
  opts: ProgramCopyOptions,
  prepare: (dir: string, project: string) => string,
): ProgramCopy {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    for (const e of fs.readdirSync(programDir, { withFileTypes: true })) {
      if (!e.isFile() || /^Pulumi\..+\.yaml$/.test(e.name)) continue;
      fs.copyFileSync(path.join(programDir, e.name), path.join(dir, e.name));
    }
    const projectFile = path.join(dir, "Pulumi.yaml");
    const edited = prepare(dir, fs.readFileSync(projectFile, "utf8"));
    fs.writeFileSync(projectFile, opts.editProject ? opts.editProject(edited) : edited);
    return { dir, remove };
  } catch (e) {
    remove();
    throw e;
  }
}

/**
 * Copies a Python program (its files, not its virtualenv or stack config files) into a temporary
 * folder and points its `runtime.options.virtualenv` at a kept virtualenv holding its
 * requirements.txt, made on first use (pip, from PyPI) under .engine/venvs.
 */
export function pythonProgramCopy(programDir: string, opts: PythonCopyOptions = {}): ProgramCopy {
  const venv =
    opts.virtualenv ??
    ensureVenv(path.join(programDir, "requirements.txt"), (msg) =>
      process.stderr.write(`[venv] ${msg}\n`),
    );
  return copyProgram(programDir, "pulumi-trtc-py-", opts, (_dir, project) => {
    if (!/^(\s+)virtualenv: .*$/m.test(project)) {
      throw new Error(`${programDir}/Pulumi.yaml names no runtime.options.virtualenv`);
    }
    return project.replace(/^(\s+)virtualenv: .*$/m, `$1virtualenv: ${JSON.stringify(venv)}`);
  });
}

/**
 * Copies a Go program (its files, not its stack config files) into a temporary folder, builds it
 * there once as the Go host builds a program (`go build -buildvcs=false -trimpath -ldflags "-w
 * -s"`), and names the binary in the copy's `runtime.options.binary`, so the engine's runs of it
 * do not build (and link) it again each time. The Go host's own build is tested by hosts.spec.ts.
 * Local `replace` targets in go.mod are made absolute; `editProject` rewrites Pulumi.yaml further.
 */
export function goProgramCopy(programDir: string, opts: ProgramCopyOptions = {}): ProgramCopy {
  return copyProgram(programDir, "pulumi-trtc-go-", opts, (dir, project) => {
    if (!/^runtime: go$/m.test(project)) {
      throw new Error(
        `${programDir}/Pulumi.yaml does not say \`runtime: go\` on a line of its own`,
      );
    }
    const goMod = path.join(dir, "go.mod");
    const goModText = fs.readFileSync(goMod, "utf8");
    const localReplace = /^(replace \S+ => )(\.{1,2}\/\S*)$/gm;
    const replaces = goModText.match(/^replace\b.*$/gm) ?? [];
    if (replaces.length !== (goModText.match(localReplace) ?? []).length) {
      throw new Error(
        `${programDir}/go.mod has a replace other than \`replace <module> => ./<path>\` on one line, which this copy cannot carry over`,
      );
    }
    fs.writeFileSync(
      goMod,
      goModText.replace(
        localReplace,
        (_m, head: string, target: string) => `${head}${path.resolve(programDir, target)}`,
      ),
    );
    const binary = path.join(dir, "program");
    const build = spawnSync(
      "go",
      ["build", "-buildvcs=false", "-o", binary, "-trimpath", "-ldflags", "-w -s"],
      { cwd: dir, encoding: "utf8" },
    );
    if (build.status !== 0) {
      throw new Error(`go build of ${programDir} failed:\n${build.stdout}${build.stderr}`);
    }
    return project.replace(
      /^runtime: go$/m,
      `runtime:\n  name: go\n  options:\n    binary: ${JSON.stringify(binary)}`,
    );
  });
}
