import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const tool = path.join(__dirname, "..", "..", "scripts", "engine.js");

/** Runs `node scripts/engine.js ensure` with PULUMI_TRTC_ENGINE_DIR pointing at `dir`. */
function ensureWith(dir: string) {
  return spawnSync(process.execPath, [tool, "ensure"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_TRTC_ENGINE_DIR: dir },
  });
}

function fakeBinary(dir: string, name: string): void {
  fs.writeFileSync(path.join(dir, name), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
}

describe("the engine tool", () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-tool-"));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reads the pinned engine version from scripts/engine/go.mod", () => {
    const version = execFileSync(
      process.execPath,
      ["-e", `console.log(require(${JSON.stringify(tool)}).engineVersion())`],
      {
        encoding: "utf8",
      },
    ).trim();
    const goMod = fs.readFileSync(
      path.join(__dirname, "..", "..", "scripts", "engine", "go.mod"),
      "utf8",
    );
    assert.match(version, /^v3\.\d+\.\d+$/);
    assert.ok(goMod.includes(`github.com/pulumi/pulumi/pkg/v3 ${version}`));
  });

  it("names the missing engine when the folder lacks pulumi", () => {
    fakeBinary(dir, "pulumi-language-nodejs");
    const res = ensureWith(dir);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /lacks the engine \(.*\/pulumi\)/);
  });

  it("names the missing language host when the folder lacks pulumi-language-nodejs", () => {
    fakeBinary(dir, "pulumi");
    const res = ensureWith(dir);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /lacks the Node\.js language host/);
    assert.doesNotMatch(res.stderr, /the engine \(/);
  });

  it("runs pulumi where npm was typed (INIT_CWD), not in the package root", () => {
    fs.writeFileSync(path.join(dir, "pulumi"), "#!/bin/sh\npwd\n", { mode: 0o755 });
    fakeBinary(dir, "pulumi-language-nodejs");
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "engine-tool-project-"));
    try {
      const res = spawnSync(process.execPath, [tool, "run", "--", "up"], {
        encoding: "utf8",
        cwd: path.join(__dirname, "..", ".."),
        env: { ...process.env, PULUMI_TRTC_ENGINE_DIR: dir, INIT_CWD: project },
      });
      assert.equal(res.status, 0, res.stderr);
      assert.equal(fs.realpathSync(res.stdout.trim()), fs.realpathSync(project));
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it("accepts a folder that has both", () => {
    fakeBinary(dir, "pulumi");
    fakeBinary(dir, "pulumi-language-nodejs");
    const res = ensureWith(dir);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stderr, /using the engine in PULUMI_TRTC_ENGINE_DIR/);
  });
});
