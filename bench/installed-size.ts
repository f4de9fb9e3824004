/**
 * What pulumi-trtc adds to a user's program on disk: `npm pack` of this checkout installed with
 * `npm install` into a fresh program folder that already has `@pulumi/pulumi` (at the version
 * this checkout develops with), measured as the growth of that folder's node_modules. Packing
 * runs `prepack`, which builds `dist/` first.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..");

const MIB = 1024 * 1024;

/** What {@link measureInstalledSize} found, in MiB of disk use (as `du` counts it). */
export interface InstalledSize {
  /** node_modules of the program with only `@pulumi/pulumi` installed. */
  baselineMiB: number;
  /** node_modules once the packed pulumi-trtc is installed beside it. */
  withPackageMiB: number;
  /** The difference: what installing pulumi-trtc adds beyond `@pulumi/pulumi`. */
  installedMiB: number;
  /** The packages pulumi-trtc brought in (folder names under node_modules, nested included). */
  addedPackages: string[];
}

/** Options of {@link measureInstalledSize}. */
export interface InstalledSizeOptions {
  /** Progress lines. @default no output */
  log?: (line: string) => void;
  /** Keep the temporary program folder for inspection. @default false */
  keep?: boolean;
}

/**
 * Disk use of everything under `dir`, as `du` counts it: allocated blocks where the platform
 * reports them (else the size rounded up to 4 KiB), each hard-linked file once, symlinks not
 * followed.
 */
export function diskUsageBytes(dir: string): number {
  const seen = new Set<string>();
  let total = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    const stat = fs.lstatSync(current);
    const inode = `${stat.dev}:${stat.ino}`;
    if (stat.nlink > 1 && seen.has(inode)) continue;
    seen.add(inode);
    total += stat.blocks > 0 ? stat.blocks * 512 : Math.ceil(stat.size / 4096) * 4096;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(current)) pending.push(path.join(current, entry));
    }
  }
  return total;
}

/** Package names installed under `nodeModules`, nested ones as `parent>child`. */
function packagesUnder(nodeModules: string, prefix = ""): string[] {
  if (!fs.existsSync(nodeModules)) return [];
  const names: string[] = [];
  for (const entry of fs.readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    const scoped = entry.startsWith("@")
      ? fs.readdirSync(path.join(nodeModules, entry)).map((s) => `${entry}/${s}`)
      : [entry];
    for (const name of scoped) {
      names.push(`${prefix}${name}`);
      names.push(...packagesUnder(path.join(nodeModules, name, "node_modules"), `${name}>`));
    }
  }
  return names;
}

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Measures what `npm install <packed pulumi-trtc>` adds to a program beyond `@pulumi/pulumi`.
 * Needs the npm registry (or a warm npm cache); takes a minute or so.
 *
 * @returns the sizes before and after, and the difference (`installedMiB`).
 */
export function measureInstalledSize(opts: InstalledSizeOptions = {}): InstalledSize {
  const log = opts.log ?? (() => undefined);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-trtc-size-"));
  try {
    const tarball = npm(["pack", "--silent", "--ignore-scripts", "--pack-destination", dir], root)
      .trim()
      .split("\n")
      .pop() as string;
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    const program = path.join(dir, "program");
    fs.mkdirSync(program);
    fs.writeFileSync(
      path.join(program, "package.json"),
      JSON.stringify({
        name: "installed-size",
        private: true,
        dependencies: { "@pulumi/pulumi": pkg.devDependencies["@pulumi/pulumi"] },
      }),
    );
    const install = ["install", "--no-audit", "--no-fund", "--silent"];
    log(`installing @pulumi/pulumi ${pkg.devDependencies["@pulumi/pulumi"]} into ${program}`);
    npm(install, program);
    const nodeModules = path.join(program, "node_modules");
    const baseline = diskUsageBytes(nodeModules);
    const before = new Set(packagesUnder(nodeModules));
    log(`installing ${tarball} beside it`);
    npm([...install, `file:../${tarball}`], program);
    const after = diskUsageBytes(nodeModules);
    const round = (bytes: number) => Math.round((bytes / MIB) * 100) / 100;
    return {
      baselineMiB: round(baseline),
      withPackageMiB: round(after),
      installedMiB: round(after - baseline),
      addedPackages: packagesUnder(nodeModules)
        .filter((name) => !before.has(name))
        .sort(),
    };
  } finally {
    if (opts.keep) log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const size = measureInstalledSize({ log: (line) => console.error(line) });
  console.log(JSON.stringify(size, null, 2));
}
