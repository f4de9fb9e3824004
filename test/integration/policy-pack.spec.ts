/**
 * A Node.js policy pack through the project's engine and language host (RunPlugin, with the
 * stack's configuration proxied to the pack): fixtures/policy-pack holds one mandatory rule on
 * fixtures/policy-program's Bot, `maxIdleTime` at most `policyfixture:maxIdleLimit` (default 600).
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { runPulumi } from "../helpers/engine-cli";
import { createTestStack, type TestStack } from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "policy-program");
const packDir = path.join(__dirname, "fixtures", "policy-pack");

describe("a policy pack run by the engine at preview (RunPlugin)", function () {
  this.timeout(300_000);
  let t: TestStack;

  before(async () => {
    t = await createTestStack({ programDir, config: { "policyfixture:maxIdleTime": "900" } });
  });

  after(async () => {
    await t?.dispose();
  });

  const preview = () =>
    runPulumi(t, programDir, ["preview", "--policy-pack", packDir, "--stack", t.stack.name]);

  it("fails the preview with exit 1 and names the mandatory policy that is violated", () => {
    const res = preview();
    assert.equal(res.status, 1, `${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, /❌ trtc-policy-fixture@v0\.0\.1/);
    assert.match(
      res.stdout,
      /\[mandatory\]\s+fixture-max-idle-time\s+\(pulumi-nodejs:dynamic\/policyfixture:Bot: bot\)/,
    );
    assert.match(res.stdout, /bot: maxIdleTime 900 is above the limit of 600 seconds/);
    assert.doesNotMatch(`${res.stdout}${res.stderr}`, /not implemented/);
  });

  it("passes the preview when the rule holds", async () => {
    await t.stack.setConfig("policyfixture:maxIdleTime", { value: "300" });
    const res = preview();
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, /✅ trtc-policy-fixture@v0\.0\.1/);
  });

  it("gives the pack the stack's configuration (a raised limit lets 900 pass)", async () => {
    await t.stack.setAllConfig({
      "policyfixture:maxIdleTime": { value: "900" },
      "policyfixture:maxIdleLimit": { value: "1000" },
    });
    const res = preview();
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, /✅ trtc-policy-fixture@v0\.0\.1/);
  });
});
