import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as nodeTool from "../../scripts/node";

const root = path.join(__dirname, "..", "..");
const nodeScript = path.join(root, "scripts", "node.js");
const actionlintScript = path.join(root, "scripts", "actionlint.js");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  engines: { node: string };
  scripts: Record<string, string>;
};

/** `node scripts/node.js ARGS` on the given Node.js binary, with `PATH` as given. */
function nodeTool_(nodeBinary: string, args: string[], PATH = process.env.PATH) {
  return spawnSync(nodeBinary, [nodeScript, ...args], {
    encoding: "utf8",
    env: { ...process.env, PATH, PULUMI_TRTC_NODE_QUIET: "1" },
  });
}

describe("the Node.js tool (scripts/node.js)", function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "node-tool-"));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("takes the compat line's version from the floor of package.json's engines.node", () => {
    assert.equal(`>=${nodeTool.LINES.compat.version}`, pkg.engines.node);
  });

  it("runs commands on the running Node.js when it is 22 or newer, ahead of an older node on PATH", () => {
    fs.writeFileSync(path.join(dir, "node"), "#!/bin/sh\necho v18.0.0\n", { mode: 0o755 });
    const res = nodeTool_(
      process.execPath,
      ["--", "node", "-p", "process.version"],
      `${dir}:${process.env.PATH}`,
    );
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stdout.trim(), process.version);
  });

  it("leaves PATH as it is when its first node is the one to use", () => {
    const first = nodeTool.nodeOnPath(process.env.PATH);
    const env = nodeTool.nodeEnv("dev", { PATH: process.env.PATH });
    if (first === fs.realpathSync(process.execPath)) assert.equal(env.PATH, process.env.PATH);
    else assert.equal(env.PATH, `${path.dirname(process.execPath)}:${process.env.PATH}`);
  });

  it(`brings Node.js ${nodeTool.LINES.dev.version} for the dev line when the running Node.js is older`, () => {
    const old = path.join(nodeTool.ensureNode("compat"), "node");
    const res = nodeTool_(old, ["--", "node", "-p", "process.version"]);
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stdout.trim(), `v${nodeTool.LINES.dev.version}`);
  });

  it("passes the command's exit code through", () => {
    const res = nodeTool_(process.execPath, ["--", "node", "-e", "process.exit(7)"]);
    assert.equal(res.status, 7);
  });

  it("names the lines when asked for an unknown one", () => {
    const res = nodeTool_(process.execPath, ["--line", "lts", "--", "node", "--version"]);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /unknown Node\.js line "lts": use dev or compat/);
  });

  it("runs every npm script that runs code on it", () => {
    for (const name of [
      "test",
      "test:unit",
      "test:contract",
      "test:integration",
      "test:compat",
      "start",
      "bench",
      "emulator",
    ]) {
      assert.match(pkg.scripts[name], /node scripts\/node\.js -- /, `npm run ${name}`);
    }
  });
});

describe("the actionlint tool (scripts/actionlint.js)", function () {
  this.timeout(300_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "actionlint-tool-"));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("finds every workflow file in the repository, the ci example's among them", () => {
    const res = spawnSync(process.execPath, [actionlintScript, "files"], { encoding: "utf8" });
    assert.equal(res.status, 0, res.stderr);
    assert.ok(
      res.stdout.split("\n").includes("examples/ci/.github/workflows/trtc.yml"),
      res.stdout,
    );
  });

  /** Writes `steps` as the one job of `<dir>/.github/workflows/bad.yml` and lints `dir`. */
  function lintSteps(steps: string[]) {
    const workflows = path.join(dir, ".github", "workflows");
    fs.mkdirSync(workflows, { recursive: true });
    const jobs = ["on: push", "jobs:", "  test:", "    runs-on: ubuntu-latest", "    steps:"];
    fs.writeFileSync(path.join(workflows, "bad.yml"), [...jobs, ...steps, ""].join("\n"));
    return spawnSync(process.execPath, [actionlintScript, "check", "--root", dir], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_TRTC_ENGINE_QUIET: "1" },
    });
  }

  it("passes a good workflow", () => {
    const res = lintSteps(["      - uses: actions/checkout@v7", "      - run: npm ci"]);
    assert.equal(res.status, 0, res.stdout + res.stderr);
  });

  it("fails a workflow actionlint finds wrong, naming the file, line and problem", () => {
    const res = lintSteps(["      - run: echo ${{ matrix.node }}"]);
    assert.equal(res.status, 1, res.stdout + res.stderr);
    assert.match(res.stdout, /bad\.yml:6:\d+: property "node" is not defined/);
  });

  it("fails a mistyped input of a current-major action that actionlint has no metadata for", () => {
    const res = lintSteps([
      "      - uses: actions/setup-node@v7",
      "        with:",
      "          node-versoin: 24",
    ]);
    assert.equal(res.status, 1, res.stdout + res.stderr);
    assert.match(res.stderr, /bad\.yml:8:\d+: input "node-versoin" is not defined/);
    assert.match(res.stderr, /inputs checked against .*actions\/setup-node@v6/);
  });
});
