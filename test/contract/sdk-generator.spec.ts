/**
 * The SDK generator (scripts/engine/gensdk through scripts/sdk.js) on a small fixture schema with
 * the shapes the real one has: a resource `trtc:index:AIConversation`, a nested object type, an
 * enum, a secret input and provider configuration. Each generated SDK is checked the way its
 * users would use it: the Node.js one type-checks with tsc, the Python one installs with pip next
 * to PyPI's `pulumi` and imports, the Go one compiles against the Go SDK at the engine's pin.
 */
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensureGensdk } from "../../scripts/engine";
import { ensureVenv } from "../../scripts/hosts/venv";
import { checkSdk, compareSdk, generateSdk } from "../../scripts/sdk";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURE = path.join(ROOT, "scripts", "engine", "gensdk", "testdata", "schema.json");
const SDK_TOOL = path.join(ROOT, "scripts", "sdk.js");

/** Runs a command to its end; throws with its output when it exits non-zero. */
function mustRun(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const res = run(cmd, args, opts);
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${res.status}:\n${res.stdout}${res.stderr}`);
  }
  return res;
}

function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): SpawnSyncReturns<string> {
  const res = spawnSync(cmd, args, {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    cwd: opts.cwd,
    env: opts.env ?? process.env,
  });
  if (res.error) throw res.error;
  return res;
}

/** Writes `schema` (the fixture with `edit` applied) to a temporary file and returns its path. */
function editedFixture(dir: string, edit: (schema: Record<string, unknown>) => void): string {
  const schema = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as Record<string, unknown>;
  edit(schema);
  const file = path.join(dir, "schema.json");
  fs.writeFileSync(file, JSON.stringify(schema, null, 2));
  return file;
}

describe("the SDK generator (npm run sdk)", function () {
  // The first run builds gensdk from the Go module proxy; pip and the Go build fetch packages.
  this.timeout(600_000);
  let work: string;
  let sdk: string;

  before(function () {
    // On a machine with cold Go caches this downloads the module graph and compiles about 680
    // packages of pkg/v3 and its dependencies (seconds once cached).
    this.timeout(1_800_000);
    ensureGensdk();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-trtc-sdk-spec-"));
    sdk = path.join(work, "sdk");
    generateSdk({ schema: FIXTURE, out: sdk });
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const read = (rel: string) => fs.readFileSync(path.join(sdk, rel), "utf8");

  it("writes the resource, the nested type, the enum and the provider config in each language", () => {
    const expected = [
      "nodejs/aiconversation.ts",
      "nodejs/provider.ts",
      "nodejs/config/vars.ts",
      "nodejs/types/input.ts",
      "nodejs/types/enums/index.ts",
      "nodejs/package.json",
      "python/pyproject.toml",
      "python/pulumi_trtc/ai_conversation.py",
      "python/pulumi_trtc/provider.py",
      "python/pulumi_trtc/config/vars.py",
      "python/pulumi_trtc/_inputs.py",
      "python/pulumi_trtc/_enums.py",
      "go/trtc/aiconversation.go",
      "go/trtc/provider.go",
      "go/trtc/config/config.go",
      "go/trtc/pulumiTypes.go",
      "go/trtc/pulumiEnums.go",
    ];
    for (const rel of expected) assert.ok(fs.existsSync(path.join(sdk, rel)), `missing ${rel}`);
    assert.match(read("nodejs/aiconversation.ts"), /"trtc:index:AIConversation"/);
    assert.match(read("nodejs/types/input.ts"), /export interface AgentConfigArgs \{/);
    assert.match(read("nodejs/types/enums/index.ts"), /Intl: "intl"/);
    assert.match(
      read("nodejs/config/vars.ts"),
      /new pulumi.Config\("trtc"\)[^]*export declare const secretKey/,
    );
    assert.match(read("python/pulumi_trtc/_enums.py"), /INTL = "intl"/);
    assert.match(read("go/trtc/pulumiEnums.go"), /SiteIntl = Site\("intl"\)/);
    assert.equal(JSON.parse(read("nodejs/package.json")).version, "0.1.0");
  });

  it("wraps the secret input as a secret in every SDK, so a plain string is encrypted in state", () => {
    assert.match(read("nodejs/aiconversation.ts"), /pulumi\.secret\(args\.llmApiKey\)/);
    assert.match(
      read("python/pulumi_trtc/ai_conversation.py"),
      /pulumi\.Output\.secret\(llm_api_key\)/,
    );
    assert.match(
      read("go/trtc/aiconversation.go"),
      /AdditionalSecretOutputs\(\[\]string\{\s*"llmApiKey"/,
    );
  });

  it("writes a Node.js SDK that type-checks with tsc", () => {
    const copy = path.join(work, "nodejs-tsc");
    fs.cpSync(path.join(sdk, "nodejs"), copy, { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
    const res = run(process.execPath, [
      path.join(ROOT, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      copy,
      "--noEmit",
    ]);
    assert.equal(res.status, 0, `${res.stdout}${res.stderr}`);
  });

  it("writes a Python SDK that compiles, installs with pip next to PyPI's pulumi 3.272.0, and imports", () => {
    const copy = path.join(work, "python-pip");
    fs.cpSync(path.join(sdk, "python"), copy, { recursive: true });
    const files = fs
      .readdirSync(copy, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".py"));
    mustRun("python3", ["-m", "py_compile", ...files], { cwd: copy });
    // A copy of the kept virtualenv of the Python programs (PyPI's pulumi 3.272.0 and its
    // dependencies, and this checkout's pulumi_trtc; scripts/hosts/venv.js, made here if no test
    // has made it yet), with pulumi_trtc taken out: pip then resolves the new SDK next to that
    // pulumi and installs only the SDK, instead of every package again.
    const venv = path.join(work, "venv");
    const kept = ensureVenv(path.join(ROOT, "examples", "python", "requirements.txt"), (msg) =>
      process.stderr.write(`[venv] ${msg}\n`),
    );
    fs.cpSync(kept, venv, { recursive: true, verbatimSymlinks: true });
    const python = path.join(venv, "bin", "python");
    mustRun(python, ["-m", "pip", "uninstall", "--yes", "--quiet", "pulumi_trtc"]);
    assert.notEqual(
      run(python, ["-c", "import pulumi_trtc"]).status,
      0,
      "pulumi_trtc is still there",
    );
    mustRun(python, [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "pulumi==3.272.0",
      copy,
    ]);
    const res = mustRun(python, [
      "-c",
      "import pulumi_trtc, pulumi_trtc.config; print(pulumi_trtc.AIConversation.__name__, pulumi_trtc.Site.INTL.value, pulumi_trtc.AgentConfigArgs.__name__)",
    ]);
    assert.equal(res.stdout.trim(), "AIConversation intl AgentConfigArgs");
  });

  it("writes a Go SDK that compiles against the Go SDK at the engine's pin", () => {
    const mod = path.join(work, "go-module");
    fs.cpSync(path.join(sdk, "go"), path.join(mod, "go"), { recursive: true });
    // The engine's wrapper module pins every dependency the Go SDK needs at the engine's versions.
    const goMod = fs.readFileSync(path.join(ROOT, "scripts", "engine", "go.mod"), "utf8");
    fs.writeFileSync(
      path.join(mod, "go.mod"),
      goMod.replace(/^module .*$/m, "module example.invalid/pulumi-trtc/sdk"),
    );
    fs.copyFileSync(path.join(ROOT, "scripts", "engine", "go.sum"), path.join(mod, "go.sum"));
    const res = run("go", ["build", "./..."], {
      cwd: mod,
      env: { ...process.env, GOFLAGS: "-mod=mod" },
    });
    assert.equal(res.status, 0, `${res.stdout}${res.stderr}`);
  });

  it("writes the same bytes on every run, and --check names each file that differs", () => {
    const again = path.join(work, "again");
    generateSdk({ schema: FIXTURE, out: again });
    assert.deepEqual(compareSdk(sdk, again), []);
    assert.deepEqual(checkSdk({ schema: FIXTURE, out: again }), []);

    fs.appendFileSync(path.join(again, "go", "trtc", "doc.go"), "// edited by hand\n");
    fs.rmSync(path.join(again, "nodejs", "index.ts"));
    fs.writeFileSync(path.join(again, "python", "extra.py"), "");
    assert.deepEqual(checkSdk({ schema: FIXTURE, out: again }), [
      "go/trtc/doc.go: differs from what the schema generates",
      "nodejs/index.ts: missing (the schema generates it)",
      "python/extra.py: extra (the schema does not generate it)",
    ]);
    const stale = run(process.execPath, [SDK_TOOL, "--check", "--schema", FIXTURE, "--out", again]);
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /is stale: regenerate it with `npm run sdk`/);
    assert.match(stale.stderr, /go\/trtc\/doc\.go: differs/);
    const fresh = run(process.execPath, [SDK_TOOL, "--check", "--schema", FIXTURE, "--out", sdk]);
    assert.equal(fresh.status, 0, fresh.stderr);
  });

  it("--check ignores what the generated .gitignore files ignore (installs, builds, bytecode)", () => {
    const built = path.join(work, "built");
    generateSdk({ schema: FIXTURE, out: built });
    const add = (rel: string) => {
      fs.mkdirSync(path.dirname(path.join(built, rel)), { recursive: true });
      fs.writeFileSync(path.join(built, rel), "");
    };
    add("nodejs/node_modules/@pulumi/pulumi/index.js");
    add("nodejs/bin/index.js");
    add("python/pulumi_trtc/__pycache__/provider.cpython-311.pyc");
    add("python/pulumi_trtc.egg-info/PKG-INFO");
    assert.deepEqual(checkSdk({ schema: FIXTURE, out: built }), []);
    add("nodejs/bin.ts");
    assert.deepEqual(checkSdk({ schema: FIXTURE, out: built }), [
      "nodejs/bin.ts: extra (the schema does not generate it)",
    ]);
  });

  it("leaves hand-made files beside the language folders alone", () => {
    const out = path.join(work, "hand-made");
    fs.mkdirSync(path.join(out, "nodejs"), { recursive: true });
    fs.writeFileSync(path.join(out, "README.md"), "hand-made\n");
    fs.writeFileSync(path.join(out, "nodejs", "stale.ts"), "");
    generateSdk({ schema: FIXTURE, out });
    assert.equal(fs.readFileSync(path.join(out, "README.md"), "utf8"), "hand-made\n");
    assert.equal(fs.existsSync(path.join(out, "nodejs", "stale.ts")), false);
  });

  it("fails with the schema's error and leaves the SDK folder as it was", () => {
    const dir = fs.mkdtempSync(path.join(work, "bad-"));
    const bad = editedFixture(dir, (s) => {
      const resources = s.resources as Record<string, { inputProperties: Record<string, unknown> }>;
      resources["trtc:index:AIConversation"].inputProperties.agentConfig = {
        $ref: "#/types/trtc:index:NoSuchType",
      };
    });
    const before = compareSdk(sdk, sdk);
    assert.throws(() => generateSdk({ schema: bad, out: sdk }), /NoSuchType/);
    assert.deepEqual(before, []);
    assert.deepEqual(checkSdk({ schema: FIXTURE, out: sdk }), []);
  });

  it("refuses a schema that refers to another package, saying how to fix it", () => {
    const dir = fs.mkdtempSync(path.join(work, "ref-"));
    const other = editedFixture(dir, (s) => {
      const resources = s.resources as Record<string, { inputProperties: Record<string, unknown> }>;
      resources["trtc:index:AIConversation"].inputProperties.tags = {
        $ref: "/aws/v6.0.0/schema.json#/types/aws:index:Tag",
      };
    });
    assert.throws(
      () => generateSdk({ schema: other, out: path.join(dir, "sdk") }),
      /refers to package "aws", but gensdk loads no other package/,
    );
  });

  it("says where the schema should be when it is missing", () => {
    const res = run(process.execPath, [
      SDK_TOOL,
      "--schema",
      path.join(work, "none.json"),
      "--out",
      path.join(work, "x"),
    ]);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /no package schema at .*none\.json/);
    assert.equal(fs.existsSync(path.join(work, "x")), false);
  });
});
