#!/usr/bin/env node
// Bundles the provider's core into the built package, after `tsc` (part of `npm run build`).
//
// The core (the field table, checks, diff, requests: dist/provider/ai-conversation/provider.js and
// what it imports) is rewritten in place as one file with zod and fastest-levenshtein inlined, so
// the package does not install them: zod alone is 8.2 MiB installed, of which the core uses a few
// hundred KiB. `@pulumi/pulumi` (the program's) and `tencentcloud-sdk-nodejs-common` (Tencent's
// signer and transport) stay dependencies, loaded from node_modules. The modules a program loads
// (the resource class, the Args, instance.ts) never import zod and stay as tsc wrote them;
// instance.ts requires the bundle at the provider's first call, as it required the core before.
// The core's other modules (dist/provider/ai-conversation/*.js), which only the bundle used, are
// removed; their declarations stay, for the package's types.
//
// The native plugin's entry (dist/provider/native/main.js, which bin/pulumi-resource-trtc runs)
// is bundled the same way, with the core inlined a second time (about 1.2 MiB): the plugin calls
// the core's internals (the diff's units, the state record, the init-failure class it tells apart
// with instanceof), which must be the same module graph as the provider's. Its other modules
// (dist/provider/native/*.js) are removed too. @grpc/grpc-js and google-protobuf, which it and
// @pulumi/pulumi's generated stubs load, stay external (dependencies of @pulumi/pulumi).
//
// esbuild (a development dependency) does the bundling; the licences of what it inlines are
// copied to dist/THIRD_PARTY_NOTICES.md.
//
//   node scripts/bundle.js
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");

/**
 * Built modules rewritten as bundles: each is the entry of one process's provider code (the
 * dynamic-provider host's, and the native plugin's, which serves the same core over gRPC).
 */
const ENTRIES = ["dist/provider/ai-conversation/provider.js", "dist/provider/native/main.js"];

/**
 * Packages loaded from node_modules at run time, never inlined (the plugin's gRPC server and
 * protobuf runtime are @pulumi/pulumi's own dependencies, which its generated stubs load too).
 */
const EXTERNAL = [
  "@pulumi/pulumi",
  "tencentcloud-sdk-nodejs-common",
  "@grpc/grpc-js",
  "google-protobuf",
];

/**
 * The esbuild settings of every provider bundle (Node.js 20, CommonJS, EXTERNAL left to
 * node_modules); the bench bundles its no-op plugin with them too (bench/native-plugins.ts).
 */
const BUNDLE_OPTIONS = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: EXTERNAL,
  legalComments: "eof",
};

/** Packages the bundles inline, whose licences ship with them. */
const INLINED = ["zod", "fastest-levenshtein"];

/** Folders whose modules the bundles replace (only they import them): the core, the plugin. */
const CORE_DIRS = [
  path.join(root, "dist", "provider", "ai-conversation"),
  path.join(root, "dist", "provider", "native"),
];

/** Bundles `entry` into `entry.bundle`; returns the packages and the core modules it inlined. */
function bundle(entry) {
  const file = path.join(root, entry);
  const result = esbuild.buildSync({
    entryPoints: [file],
    outfile: `${file}.bundle`,
    ...BUNDLE_OPTIONS,
    metafile: true,
    logLevel: "warning",
  });
  const inputs = Object.keys(result.metafile.inputs);
  const packages = new Set(
    inputs
      .map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(p)?.[1])
      .filter((p) => p !== undefined),
  );
  const unexpected = [...packages].filter((p) => !INLINED.includes(p));
  if (unexpected.length > 0) {
    throw new Error(
      `${entry} would inline ${unexpected.join(", ")}: add them to EXTERNAL (a dependency) or to INLINED (with their licence).`,
    );
  }
  const core = inputs
    .map((p) => path.resolve(root, p))
    .filter((p) => CORE_DIRS.includes(path.dirname(p)));
  return { file, packages, core };
}

function notices(packages) {
  const parts = ["# Third-party notices", "", "The provider's core bundles these packages."];
  for (const name of [...packages].sort()) {
    const dir = path.join(root, "node_modules", name);
    const { version, license } = JSON.parse(
      fs.readFileSync(path.join(dir, "package.json"), "utf8"),
    );
    const file = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    if (!file) throw new Error(`${name} ships no licence file to copy`);
    parts.push(
      "",
      `## ${name} ${version} (${license})`,
      "",
      fs.readFileSync(path.join(dir, file), "utf8").trim(),
    );
  }
  fs.writeFileSync(path.join(root, "dist", "THIRD_PARTY_NOTICES.md"), `${parts.join("\n")}\n`);
}

/** Bundles every entry in place, removes the modules they replaced, writes the notices. */
function bundleAll() {
  const bundles = ENTRIES.map(bundle);
  for (const { core } of bundles) for (const file of core) fs.rmSync(file, { force: true });
  for (const { file } of bundles) fs.renameSync(`${file}.bundle`, file);
  notices(new Set(bundles.flatMap((b) => [...b.packages])));
}

module.exports = { BUNDLE_OPTIONS };

if (require.main === module) bundleAll();
