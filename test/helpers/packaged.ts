/**
 * The package as a user gets it: the tarball `npm pack` makes, installed into a Pulumi program in
 * a temporary folder outside this repository, with @pulumi/pulumi, TypeScript and @types/node at
 * the versions a test names, and `npm install` run on the Node.js line under test.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as nodeTool from "../../scripts/node";

const repoRoot = path.join(__dirname, "..", "..");
const programTemplate = path.join(repoRoot, "test", "integration", "fixtures", "packaged");

/** The tsconfig.json of Pulumi's TypeScript template (`pulumi new typescript`), verbatim. */
export const PULUMI_TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** The versions a packaged program is installed with. */
export interface ProgramVersions {
  /** The Node.js line of scripts/node.js that runs `npm install`, the program and the provider. */
  nodeLine: "dev" | "compat";
  /** Exact @pulumi/pulumi version. */
  pulumi: string;
  /** Exact TypeScript version. */
  typescript: string;
  /** Exact @types/node version. */
  typesNode: string;
  /** The tarball to install; default this checkout's (`packRepository()`). */
  tarball?: string;
}

/** A program folder with the packed package installed. */
export interface PackagedProgram {
  /** The program folder (outside the repository). */
  dir: string;
  /** Runs the program's own `tsc` with the given tsconfig; returns its exit code and output. */
  tsc(tsconfig: object): { status: number | null; output: string };
  /** Installs another pulumi-trtc tarball into the program, as an upgrade does. */
  install(tarball: string): void;
  /** Writes the tsconfig.json the engine's TypeScript runner will use. */
  writeTsconfig(tsconfig: object): void;
  /** Deletes the folder. */
  remove(): void;
}

/** The version a `>=X.Y.Z` range starts at (scripts/node.js, which reads engines.node with it). */
export const floorOf = nodeTool.floorOf;

/** This repository's package.json, the fields the tests read. */
export interface RepoPackage {
  engines: { node: string };
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** This repository's package.json. */
export function repoPackage(): RepoPackage {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as RepoPackage;
}

let packed: string | undefined;

/**
 * Packs this repository once per process (`npm pack`; `dist/` must be built, which the npm
 * scripts that run these tests do first) and returns the tarball's path.
 */
export function packRepository(): string {
  if (packed && fs.existsSync(packed)) return packed;
  assert.ok(
    fs.existsSync(path.join(repoRoot, "dist", "provider", "index.js")),
    "dist/ is missing: run `npm run build` first",
  );
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-trtc-pack-"));
  const res = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dest], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  assert.equal(res.status, 0, `npm pack failed: ${res.stderr}`);
  const [info] = JSON.parse(res.stdout) as Array<{ filename: string }>;
  packed = path.join(dest, info.filename);
  return packed;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const res = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: res.status, output: `${res.stdout ?? ""}${res.stderr ?? ""}` };
}

/**
 * Creates a program folder outside the repository holding the test program, a package.json with
 * exact versions and pulumi-trtc from the packed tarball, and runs `npm install` there on the
 * line's Node.js.
 */
export function installPackagedProgram(versions: ProgramVersions): PackagedProgram {
  const tarball = versions.tarball ?? packRepository();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-trtc-program-"));
  for (const f of ["index.ts", "Pulumi.yaml"]) {
    fs.copyFileSync(path.join(programTemplate, f), path.join(dir, f));
  }
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: "packaged-program",
        private: true,
        main: "index.ts",
        dependencies: {
          "@pulumi/pulumi": versions.pulumi,
          "pulumi-trtc": `file:${tarball}`,
        },
        devDependencies: { typescript: versions.typescript, "@types/node": versions.typesNode },
      },
      null,
      2,
    ),
  );
  const env = nodeTool.nodeEnv(versions.nodeLine, process.env);
  // npm's cache answers what it holds (the exact versions named here, and the ranges of their
  // dependencies from the metadata it cached) without a new look at the registry; a package it
  // lacks still comes from the registry.
  const npmInstall = ["install", "--no-audit", "--no-fund", "--prefer-offline"];
  const install = run("npm", npmInstall, dir, env);
  assert.equal(install.status, 0, `npm install failed in ${dir}:\n${install.output}`);
  const writeTsconfig = (tsconfig: object) =>
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  return {
    dir,
    install(tarballPath: string) {
      const res = run("npm", [...npmInstall, `pulumi-trtc@file:${tarballPath}`], dir, env);
      assert.equal(res.status, 0, `npm install ${tarballPath} failed:\n${res.output}`);
    },
    writeTsconfig,
    tsc(tsconfig) {
      writeTsconfig(tsconfig);
      const tsc = path.join(dir, "node_modules", "typescript", "bin", "tsc");
      return run("node", [tsc, "--noEmit", "--pretty", "false", "-p", dir], dir, env);
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Folder of the committed packages of earlier releases (the upgrade test installs them). */
export const RELEASES_DIR = path.join(repoRoot, "test", "integration", "fixtures", "releases");

/**
 * The committed package of an earlier release, `pulumi-trtc-<version>-<commit>.tgz`. It is
 * committed, not built in the test, so that a shallow clone (CI) can run the upgrade test; it was
 * made by {@link packRelease} and the test checks it against a fresh build when the history is
 * there.
 */
export function releasePackage(commit: string): string {
  const file = fs.readdirSync(RELEASES_DIR).find((f) => f.endsWith(`-${commit}.tgz`));
  assert.ok(file, `no package of release ${commit} in ${RELEASES_DIR}`);
  return path.join(RELEASES_DIR, file);
}

/** Whether `commit` is in this clone's history (a shallow clone may lack it). */
export function hasCommit(commit: string): boolean {
  return (
    spawnSync("git", ["-C", repoRoot, "cat-file", "-e", `${commit}^{commit}`], { encoding: "utf8" })
      .status === 0
  );
}

/**
 * Packs pulumi-trtc as it was at `commit` (an earlier release), built with this checkout's
 * TypeScript and dependencies, and returns the tarball's path: how the committed release packages
 * are made (copy the result into {@link RELEASES_DIR} as `pulumi-trtc-<version>-<commit>.tgz`).
 * Needs the commit in this clone's history.
 */
export function packRelease(commit: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-trtc-release-${commit.slice(0, 7)}-`));
  const archive = spawnSync(
    "sh",
    ["-c", `git -C "${repoRoot}" archive --format=tar ${commit} | tar -x -C "${dir}"`],
    { encoding: "utf8" },
  );
  assert.equal(archive.status, 0, `git archive ${commit} failed: ${archive.stderr}`);
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  const build = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.equal(build.status, 0, `building ${commit} failed: ${build.stdout}${build.stderr}`);
  fs.chmodSync(path.join(dir, "dist", "emulator", "cli.js"), 0o755);
  fs.unlinkSync(path.join(dir, "node_modules"));
  const res = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.equal(res.status, 0, `npm pack of ${commit} failed: ${res.stderr}`);
  const [info] = JSON.parse(res.stdout) as Array<{ filename: string }>;
  return path.join(dir, info.filename);
}
