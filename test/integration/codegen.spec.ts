/**
 * Code generation by the project's Node.js language host (GenerateProgram, GenerateProject,
 * GeneratePackage, Link), through the real engine: `pulumi import` of a resource of a native
 * provider prints its TypeScript code, `pulumi convert --language typescript` writes a project,
 * `pulumi package gen-sdk --language nodejs` writes an SDK. The provider is a small test plugin
 * (fixtures/native-import/provider) serving the SDK generator's fixture schema; it is a folder
 * plugin, so the engine starts it through the host's RunPlugin.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateSdk } from "../../scripts/sdk";
import { runPulumi } from "../helpers/engine-cli";
import { createTestStack, stateResources, type TestStack } from "../helpers/pulumi";
import { typeCheckFolder } from "../helpers/type-check";

const ROOT = path.resolve(__dirname, "../..");
const programDir = path.join(__dirname, "fixtures", "native-import");
const FIXTURE_SCHEMA = path.join(ROOT, "scripts", "engine", "gensdk", "testdata", "schema.json");

describe("code generation by the Node.js language host (real engine)", function () {
  this.timeout(300_000);
  let t: TestStack;
  let work: string;

  before(async () => {
    t = await createTestStack({ programDir });
    work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-trtc-codegen-"));
  });

  after(async () => {
    // The imported resource is protected and its provider deletes nothing outside.
    await t?.dispose({ destroy: false });
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("imports a native resource with `pulumi import`, printing its TypeScript code, exit 0", async () => {
    const res = runPulumi(t, programDir, [
      "import",
      "trtc:index:AIConversation",
      "bot",
      "1400000001/ap-singapore/task-1",
      "--yes",
      "--stack",
      t.stack.name,
    ]);
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
    assert.doesNotMatch(res.stderr, /not implemented/);
    assert.match(res.stdout, /import \* as trtc from "@pulumi-trtc\/fixture";/);
    assert.match(res.stdout, /const bot = new trtc\.AIConversation\("bot", \{/);
    assert.match(res.stdout, /sdkAppId: 1400000001,/);
    assert.match(res.stdout, /site: trtc\.Site\.Intl,/);
    assert.match(res.stdout, /protect: true,/);
    const state = await stateResources(t.stack);
    const bot = state.get("bot");
    assert.equal(bot?.type, "trtc:index:AIConversation");
    assert.equal(bot?.id, "1400000001/ap-singapore/task-1");
    assert.equal(bot?.outputs.taskId, "task-1");
  });

  it("writes import code that type-checks against the generated Node.js SDK", () => {
    const file = path.join(work, "imported.ts");
    const res = runPulumi(t, programDir, [
      "import",
      "trtc:index:AIConversation",
      "bot2",
      "1400000001/ap-singapore/task-2",
      "--yes",
      "--stack",
      t.stack.name,
      "--out",
      file,
    ]);
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
    const code = fs.readFileSync(file, "utf8");
    assert.match(code, /new trtc\.AIConversation\("bot2", \{/);

    const sdk = path.join(work, "sdk");
    generateSdk({ schema: FIXTURE_SCHEMA, out: sdk });
    const tsc = typeCheckFolder(work, ["imported.ts"], {
      "@pulumi-trtc/fixture": ["sdk/nodejs/index.ts"],
    });
    // The generated code names the secret input with an empty value (Read returns no secret).
    assert.equal(tsc.status, 0, `${tsc.output}\n${code}`);
  });

  it("converts a PCL program to a TypeScript project with `pulumi convert` (GenerateProject, Link)", () => {
    const source = path.join(work, "pcl");
    const target = path.join(work, "converted");
    fs.mkdirSync(source);
    fs.writeFileSync(
      path.join(source, "main.pp"),
      'config greeting string {\n  default = "hello"\n}\noutput message {\n  value = "${greeting} world"\n}\n',
    );
    const res = runPulumi(t, source, [
      "convert",
      "--from",
      "pcl",
      "--language",
      "typescript",
      "--generate-only",
      "--out",
      target,
    ]);
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
    assert.match(
      fs.readFileSync(path.join(target, "index.ts"), "utf8"),
      /const greeting = config\.get\("greeting"\) \|\| "hello";\nexport const message = `\$\{greeting\} world`;/,
    );
    assert.match(fs.readFileSync(path.join(target, "Pulumi.yaml"), "utf8"), /runtime: nodejs/);
    assert.ok(fs.existsSync(path.join(target, "package.json")));
  });

  it("adds a package's SDK to a program with `pulumi package add` (GeneratePackage, Link, npm install)", () => {
    const program = path.join(work, "add-program");
    fs.mkdirSync(program);
    fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: addprogram\nruntime: nodejs\n");
    fs.writeFileSync(path.join(program, "package.json"), '{ "name": "addprogram" }\n');
    fs.writeFileSync(path.join(program, "index.ts"), "export {};\n");
    const res = runPulumi(t, program, ["package", "add", FIXTURE_SCHEMA]);
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, /import \* as trtc from "@pulumi-trtc\/fixture";/);
    const pkg = JSON.parse(fs.readFileSync(path.join(program, "package.json"), "utf8"));
    assert.equal(pkg.dependencies["@pulumi-trtc/fixture"], "file:sdks/trtc");
    // npm installed the local SDK, whose postinstall compiled it, and it loads.
    const load = spawnSync(
      process.execPath,
      ["-e", 'console.log(require("@pulumi-trtc/fixture").Site.Intl)'],
      { cwd: program, encoding: "utf8" },
    );
    assert.equal(load.stdout.trim(), "intl", load.stderr);
  });

  it("writes a Node.js SDK with `pulumi package gen-sdk --language nodejs` (GeneratePackage)", () => {
    const out = path.join(work, "gen-sdk");
    const res = runPulumi(t, work, [
      "package",
      "gen-sdk",
      FIXTURE_SCHEMA,
      "--language",
      "nodejs",
      "--out",
      out,
    ]);
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
    const resource = fs.readFileSync(path.join(out, "nodejs", "aiconversation.ts"), "utf8");
    assert.match(resource, /generated by pulumi-language-nodejs/);
    assert.match(resource, /export class AIConversation extends pulumi\.CustomResource/);
  });
});
