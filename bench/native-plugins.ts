/**
 * The two native plugins of the bench's native cell, each packed by scripts/plugin.js into the
 * tarball users install, and installed into a stack's PULUMI_HOME with `pulumi plugin install
 * resource NAME VERSION --file TARBALL`:
 *
 * - `trtc`, pulumi-trtc's plugin, exactly as `npm run plugin` packs it from the built package;
 * - `trtcnoop`, the floor: the same package, entry, gRPC server and native face, serving
 *   `trtcnoop:index:AIConversation` over a core that calls nothing
 *   (test/reliability/fixtures/native-noop). Its entry is bundled with the options
 *   scripts/bundle.js gives the trtc plugin's entry (esbuild, Node 20, CommonJS, the same
 *   external packages), put in place of that entry (`--entry`), and packed under its own name
 *   (`--name trtcnoop`). The two tarballs differ in that one file and the names.
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { BUNDLE_OPTIONS } from "../scripts/bundle";
import * as engine from "../scripts/engine";
import type { TestStack } from "../test/helpers/pulumi";

const root = path.resolve(__dirname, "..");

/** The no-op plugin's entry (TypeScript; the bench bundles it). */
const NOOP_ENTRY = path.join(root, "test", "reliability", "fixtures", "native-noop", "main.ts");

/** A plugin tarball and what `pulumi plugin install` needs to know of it. */
export interface PluginTarball {
  /** The plugin's name: `trtc` or `trtcnoop`. */
  name: string;
  version: string;
  /** The tarball's path. */
  file: string;
}

/** The native cell's plugins. */
export interface NativePlugins {
  ours: PluginTarball;
  noop: PluginTarball;
}

/** Runs scripts/plugin.js with `args`, writing into `outDir`; returns the tarball it wrote. */
function pack(name: string, outDir: string, args: string[]): PluginTarball {
  fs.mkdirSync(outDir, { recursive: true });
  execFileSync(process.execPath, [path.join(root, "scripts", "plugin.js"), ...args], {
    cwd: root,
    stdio: "inherit",
  });
  const files = fs
    .readdirSync(outDir)
    .filter((f) => f.startsWith(`pulumi-resource-${name}-v`) && f.endsWith(".tar.gz"));
  if (files.length !== 1) {
    throw new Error(`scripts/plugin.js wrote ${files.length} tarballs of ${name} in ${outDir}`);
  }
  const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    version: string;
  };
  return { name, version, file: path.join(outDir, files[0]) };
}

/**
 * Packs both plugins into `dir` (the package is built: `npm run bench` builds first).
 *
 * @throws when the build is missing or a step fails, with the step's own message.
 */
export function packNativePlugins(dir: string, log: (line: string) => void): NativePlugins {
  log("packing the trtc plugin (scripts/plugin.js)");
  const ours = pack("trtc", path.join(dir, "trtc"), ["--out", path.join(dir, "trtc")]);
  const bundle = path.join(dir, "trtcnoop-main.js");
  esbuild.buildSync({
    entryPoints: [NOOP_ENTRY],
    outfile: bundle,
    ...BUNDLE_OPTIONS,
    logLevel: "warning",
    // main.ts's `require.main === module` (start when run directly) is false in the bundle, as
    // in the trtc plugin's: bin/ requires the bundle. esbuild warns of `module` in TypeScript
    // with imports (the trtc entry is bundled from tsc's CommonJS, which it does not warn of).
    logOverride: { "commonjs-variable-in-esm": "silent" },
  });
  log("packing the no-op plugin (scripts/plugin.js --name trtcnoop --entry …)");
  const noop = pack("trtcnoop", path.join(dir, "trtcnoop"), [
    "--name",
    "trtcnoop",
    "--entry",
    bundle,
    "--out",
    path.join(dir, "trtcnoop"),
  ]);
  return { ours, noop };
}

/**
 * Installs `plugins` into the stack's PULUMI_HOME as users do (`pulumi plugin install resource
 * NAME VERSION --file TARBALL`). Asynchronous: an emulator may be serving from this process.
 */
export async function installPlugins(t: TestStack, plugins: PluginTarball[]): Promise<void> {
  const pulumi = path.join(engine.engineBinDir(), "pulumi");
  for (const p of plugins) {
    await new Promise<void>((resolve, reject) =>
      execFile(
        pulumi,
        ["plugin", "install", "resource", p.name, p.version, "--file", p.file],
        { env: { ...process.env, ...t.env } },
        (err, stdout, stderr) =>
          err
            ? reject(
                new Error(
                  `pulumi plugin install of ${p.file} failed: ${err.message}\n${stdout}${stderr}`,
                ),
              )
            : resolve(),
      ),
    );
  }
}
