/**
 * The fleet program with pulumi-trtc installed as users get it: `npm pack` of this checkout,
 * installed with `npm install` into a program folder outside the repository, beside the
 * @pulumi/pulumi, TypeScript and full tencentcloud-sdk-nodejs versions this checkout develops with
 * (the naive baseline calls that SDK). Installed under node_modules, each bot's `__provider` is
 * one `require()` of the package (instance.ts), as in a user's state. The native fleet
 * (test/reliability/fixtures/native-fleet) goes into a folder of its own inside it, where it
 * finds the same node_modules (its bots use the package's `pulumi-trtc/native`).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fleetProgramDir } from "../test/helpers/fleet";

const root = path.resolve(__dirname, "..");

/** The native fleet program in this checkout. */
export const nativeFleetProgramDir = path.join(
  root,
  "test",
  "reliability",
  "fixtures",
  "native-fleet",
);

/** A program folder with the package installed; `remove()` deletes it. */
export interface InstalledProgram {
  /** The fleet program. */
  dir: string;
  /** The native fleet program, in a folder inside `dir`. */
  nativeDir: string;
  remove(): void;
}

/** Packs this checkout (built first by `npm run bench`) and installs it into a copy of the fleet. */
export function installFleetProgram(log: (line: string) => void): InstalledProgram {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-trtc-bench-"));
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], {
    cwd: root,
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .pop() as string;
  for (const f of ["Pulumi.yaml", "index.ts", "baselines.ts"]) {
    fs.copyFileSync(path.join(fleetProgramDir, f), path.join(dir, f));
  }
  const nativeDir = path.join(dir, "native-fleet");
  fs.mkdirSync(nativeDir);
  for (const f of ["Pulumi.yaml", "index.ts"]) {
    fs.copyFileSync(path.join(nativeFleetProgramDir, f), path.join(nativeDir, f));
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({
      name: "fleet-installed",
      private: true,
      dependencies: {
        "pulumi-trtc": `file:./${tarball}`,
        "@pulumi/pulumi": pkg.devDependencies["@pulumi/pulumi"],
        typescript: pkg.devDependencies.typescript,
        // The naive baseline (baselines.ts) calls the full SDK, which pulumi-trtc no longer brings.
        "tencentcloud-sdk-nodejs": pkg.devDependencies["tencentcloud-sdk-nodejs"],
      },
    }),
  );
  log(`installing ${tarball} into ${dir}`);
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent"], {
    cwd: dir,
    stdio: "inherit",
  });
  return { dir, nativeDir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
