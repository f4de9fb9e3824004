import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
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
    assert.notDeepEqual(
      normalizedRequirements(
        "pulumi==3.271.0\n../../sdk/python\n",
        path.join(root, "examples", "python"),
      ),
      example,
    );
  });

  it("waits for a live holder of the lock until the work is done, and takes over a gone one's", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "venv-lock-"));
    try {
      const lock = path.join(dir, "key.lock");
      const logs: string[] = [];
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      let asked = 0;
      assert.equal(
        lockOrWait(
          lock,
          () => ++asked > 2,
          (m) => logs.push(m),
        ),
        false,
      );
      assert.equal(asked, 3);
      assert.match(logs.join("\n"), new RegExp(`waiting for process ${process.pid}`));

      const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
      fs.writeFileSync(path.join(lock, "pid"), String(gone));
      assert.equal(
        lockOrWait(
          lock,
          () => false,
          (m) => logs.push(m),
        ),
        true,
      );
      assert.equal(fs.readFileSync(path.join(lock, "pid"), "utf8"), String(process.pid));
      assert.match(logs.join("\n"), /taking over .*the process that held it is gone/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
