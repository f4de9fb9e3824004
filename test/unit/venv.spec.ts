import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { lockOrWait, normalizedRequirements } from "../../scripts/hosts/venv";

const root = path.resolve(__dirname, "..", "..");

describe("kept Python virtualenvs (scripts/hosts/venv.js)", () => {
  it("keys requirements by what they name: the hosts fixture and examples/python share one virtualenv", () => {
    const of = (dir: string) =>
      normalizedRequirements(fs.readFileSync(path.join(dir, "requirements.txt"), "utf8"), dir);
    const example = of(path.join(root, "examples", "python"));
    assert.deepEqual(example, [path.join(root, "sdk", "python"), "pulumi==3.272.0"]);
    assert.deepEqual(
      of(path.join(root, "test", "integration", "fixtures", "hosts", "python")),
      example,
    );
    const cwd = path.join(root, "examples", "python");
    assert.notDeepEqual(
      normalizedRequirements("pulumi==3.271.0\n../../sdk/python\n", cwd),
      example,
    );
    // pip's comments only: a `#` inside a requirement (a URL fragment) is part of it.
    assert.notDeepEqual(
      normalizedRequirements("git+https://x.invalid/r.git#subdirectory=a\n", cwd),
      normalizedRequirements("git+https://x.invalid/r.git#subdirectory=b\n", cwd),
    );
    assert.deepEqual(normalizedRequirements("-e ./my dir  # local\n", cwd), [
      `-e ${path.join(cwd, "my dir")}`,
    ]);
  });

  it("waits for a live holder of the lock until the work is done, takes over a gone one's, and gives up after its limit", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "venv-lock-"));
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      const lock = path.join(dir, "key.lock");
      const logs: string[] = [];
      const log = (m: string) => logs.push(m);
      fs.writeFileSync(lock, String(holder.pid));
      let asked = 0;
      assert.equal(
        lockOrWait(lock, () => ++asked > 2, log),
        false,
      );
      assert.equal(asked, 3);
      assert.match(logs.join("\n"), new RegExp(`waiting for process ${holder.pid}`));
      assert.throws(
        () => lockOrWait(lock, () => false, log, 600),
        new RegExp(`waited 1 s for process ${holder.pid} .*delete the lock file`),
      );

      for (const stale of [
        String(spawnSync(process.execPath, ["-e", "0"]).pid),
        "",
        "0",
        String(process.pid),
      ]) {
        fs.writeFileSync(lock, stale);
        assert.equal(
          lockOrWait(lock, () => false, log),
          true,
          `lock naming "${stale}"`,
        );
        assert.equal(fs.readFileSync(lock, "utf8"), String(process.pid));
      }
      assert.match(logs.join("\n"), /taking over .*the process that held it is gone/);
      assert.deepEqual(fs.readdirSync(dir), ["key.lock"]);
    } finally {
      holder.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
