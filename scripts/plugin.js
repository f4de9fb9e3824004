#!/usr/bin/env node
// Packs the native resource plugin as the engine installs it:
//
//   node scripts/plugin.js        (`npm run plugin` builds first)
//
// writes dist/plugin/pulumi-resource-trtc-v<version>-<os>-<arch>.tar.gz, which
// `pulumi plugin install resource trtc <version> --file <tarball>` unpacks into
// $PULUMI_HOME/plugins/resource-trtc-v<version>/. The tarball holds:
//
//   pulumi-resource-trtc       the launcher the engine runs (POSIX sh): `node bin/pulumi-resource-trtc`
//   bin/pulumi-resource-trtc   the package's plugin entry (checks the Node.js version)
//   dist/provider/             the built provider as the npm package has it (the plugin's entry is
//                              one bundle of the native face and the core: scripts/bundle.js), types left out
//   package.json, LICENSE      the version GetPluginInfo reports; schema.json (GetSchema's answer) and
//                              dist/THIRD_PARTY_NOTICES.md (licences of what the bundles inline)
//   node_modules/              the production dependencies (dependencies, and @pulumi/pulumi, whose
//                              gRPC stubs the plugin serves), copied from this checkout's node_modules
//                              with their layout kept, so Node resolves them as it does here
//
// The plugin is a Node.js program, so the machine needs Node.js >= 20 (package.json "engines") on
// PATH; there is no single executable (a Node.js single-executable build is not part of the
// toolchain), so the plugin runs on the machine's own Node.js.
// Every dependency is plain JavaScript (no native addon), so the tarball runs on any OS and CPU
// that Node.js runs on; it is named for this machine's because the engine looks plugins up by
// <os>-<arch>. The <os>-<arch> can be overridden with PULUMI_TRTC_PLUGIN_TARGET=linux-arm64 etc.
//
// For the benchmark's no-op plugin, which is packed the same way under another name:
//
//   node scripts/plugin.js --name trtcnoop --entry FILE --out DIR
//
//   --name NAME    the plugin's name: pulumi-resource-NAME (launcher, bin/, tarball); default trtc
//   --entry FILE   a bundle put in place of dist/provider/native/main.js (it must export main())
//   --out DIR      where the tarball goes; default dist/plugin
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

/** The command line's options (see the header); an unknown one or one without a value throws. */
function options(argv) {
  const opts = { name: "trtc", entry: undefined, out: path.join(root, "dist", "plugin") };
  const keys = { "--name": "name", "--entry": "entry", "--out": "out" };
  for (let i = 0; i < argv.length; i += 2) {
    const key = keys[argv[i]];
    if (!key || argv[i + 1] === undefined) {
      throw new Error(
        `unknown option or missing value: ${argv[i]}; use --name NAME, --entry FILE, --out DIR`,
      );
    }
    opts[key] = key === "name" ? argv[i + 1] : path.resolve(argv[i + 1]);
  }
  if (!/^[a-z][a-z0-9-]*$/.test(opts.name)) {
    throw new Error(`--name ${opts.name}: use lower-case letters, digits and "-"`);
  }
  if (opts.entry && !fs.existsSync(opts.entry)) throw new Error(`--entry ${opts.entry} is missing`);
  return opts;
}

/** The engine's names: linux/darwin/windows and amd64/arm64. */
function target() {
  if (process.env.PULUMI_TRTC_PLUGIN_TARGET) return process.env.PULUMI_TRTC_PLUGIN_TARGET;
  const osName = process.platform === "win32" ? "windows" : process.platform;
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch] ?? process.arch;
  return `${osName}-${arch}`;
}

/** The folder of package `name` as Node resolves it from `fromDir` (a package folder). */
function resolvePackage(fromDir, name) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === root || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The package folders (relative to the root) the plugin loads at run time: `names` and,
 * recursively, their dependencies, and the optional and (non-optional) peer dependencies that
 * are installed.
 */
function productionClosure(names) {
  const found = new Set();
  const queue = names.map((name) => ({ from: root, name, required: true }));
  while (queue.length > 0) {
    const { from, name, required } = queue.shift();
    const dir = resolvePackage(from, name);
    if (!dir) {
      if (required)
        throw new Error(
          `${name} (needed by ${path.relative(root, from) || "the package"}) is not installed: run \`npm ci\` first`,
        );
      continue;
    }
    const rel = path.relative(root, dir);
    if (found.has(rel)) continue;
    found.add(rel);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    for (const dep of Object.keys(meta.dependencies ?? {}))
      queue.push({ from: dir, name: dep, required: true });
    // Peer dependencies marked optional (@pulumi/pulumi's typescript and ts-node, for programs)
    // are never loaded by the plugin.
    const peers = Object.keys(meta.peerDependencies ?? {}).filter(
      (dep) => meta.peerDependenciesMeta?.[dep]?.optional !== true,
    );
    for (const dep of [...Object.keys(meta.optionalDependencies ?? {}), ...peers]) {
      queue.push({ from: dir, name: dep, required: false });
    }
  }
  return [...found].sort();
}

/** Files a running plugin never reads: type declarations, TypeScript sources, source maps, docs. */
const UNUSED = /(\.d\.[cm]?ts|\.tsx?|\.map|\.md)$/i;

/**
 * Copies the package folder `from` to `to` (following the checkout's node_modules symlink),
 * leaving out nested node_modules (copied as packages of their own) and files nothing loads.
 */
function copyPackage(from, to) {
  const real = fs.realpathSync(from);
  fs.cpSync(real, to, {
    recursive: true,
    dereference: true,
    filter: (src) =>
      src === real || (path.basename(src) !== "node_modules" && !UNUSED.test(path.basename(src))),
  });
}

/** The launcher the engine runs, for the plugin `name`. */
const launcher = (name) => `#!/bin/sh
# pulumi-resource-${name} ${pkg.version}: the ${name} resource plugin. It is a Node.js program: it needs
# Node.js 20 or later on PATH.
dir=$(dirname -- "$0")
if ! command -v node >/dev/null 2>&1; then
  echo "pulumi-resource-${name} needs Node.js 20 or later on PATH (the plugin is a Node.js program), and found no node. Install Node.js 20+ and run pulumi again." >&2
  exit 1
fi
exec node "$dir/bin/pulumi-resource-${name}" "$@"
`;

function main() {
  const { name, entry: entryOverride, out: outDir } = options(process.argv.slice(2));
  const binName = `pulumi-resource-${name}`;
  const entry = path.join(root, "dist", "provider", "native", "main.js");
  if (!fs.existsSync(entry))
    throw new Error(`${path.relative(root, entry)} is missing: run \`npm run build\` first`);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), `${binName}-`));
  // The tarball's root is the plugin folder the engine unpacks: readable like any install.
  fs.chmodSync(stage, 0o755);
  try {
    fs.writeFileSync(path.join(stage, binName), launcher(name), { mode: 0o755 });
    fs.mkdirSync(path.join(stage, "bin"));
    fs.copyFileSync(
      path.join(root, "bin", "pulumi-resource-trtc"),
      path.join(stage, "bin", binName),
    );
    fs.chmodSync(path.join(stage, "bin", binName), 0o755);
    fs.cpSync(path.join(root, "dist", "provider"), path.join(stage, "dist", "provider"), {
      recursive: true,
      filter: (src) => !UNUSED.test(path.basename(src)),
    });
    if (entryOverride) {
      fs.copyFileSync(entryOverride, path.join(stage, "dist", "provider", "native", "main.js"));
    }
    const meta = {
      name: pkg.name,
      version: pkg.version,
      description: pkg.description,
      license: pkg.license,
      engines: pkg.engines,
    };
    fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(meta, null, 2)}\n`);
    for (const file of ["LICENSE", "schema.json", path.join("dist", "THIRD_PARTY_NOTICES.md")]) {
      if (!fs.existsSync(path.join(root, file))) {
        throw new Error(`${file} is missing: run \`npm run build\` (and \`npm run schema\`) first`);
      }
      fs.copyFileSync(path.join(root, file), path.join(stage, file));
    }
    const runtime = [
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
    ];
    const packages = productionClosure(runtime);
    for (const rel of packages) copyPackage(path.join(root, rel), path.join(stage, rel));

    fs.mkdirSync(outDir, { recursive: true });
    const tarball = path.join(outDir, `${binName}-v${pkg.version}-${target()}.tar.gz`);
    const tar = spawnSync("tar", ["-czf", tarball, "-C", stage, "."], { stdio: "inherit" });
    if (tar.status !== 0) throw new Error(`tar failed (exit ${tar.status})`);
    const mib = (fs.statSync(tarball).size / 1024 / 1024).toFixed(1);
    console.log(
      `[plugin] ${path.relative(root, tarball)} (${mib} MiB, ${packages.length} packages)`,
    );
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  console.error(`[plugin] ${err.message}`);
  process.exit(1);
}
