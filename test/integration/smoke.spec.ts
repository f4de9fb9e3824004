import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createTestStack, stateResources, TestStack, uniqueStackName } from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "smoke");

describe("the real Pulumi engine (smoke)", function () {
  this.timeout(300_000);
  let t: TestStack;

  before(async () => {
    t = await createTestStack({ programDir });
  });

  after(async () => {
    const name = t?.stack.name;
    await t?.dispose();
    if (name) assert.equal(fs.existsSync(path.join(programDir, `Pulumi.${name}.yaml`)), false);
  });

  it("uses a stack name and work folder of its own, its config file beside the program only while it lives", () => {
    assert.match(t.stack.name, /^t-\d+-\d+-[a-z0-9]+$/);
    assert.notEqual(uniqueStackName(), uniqueStackName());
    assert.ok(fs.existsSync(path.join(programDir, `Pulumi.${t.stack.name}.yaml`)));
    assert.ok(t.workDir.startsWith(os.tmpdir()));
  });

  it("previews a create without creating anything", async () => {
    const preview = await t.stack.preview({ color: "never" });
    assert.equal(preview.changeSummary.create, 2); // the stack and the item
    const state = await stateResources(t.stack);
    assert.equal(state.size, 0);
  });

  it("creates the resource and records its outputs", async () => {
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.create, 2);
    assert.equal(up.outputs.itemId.value, "item-a");
    assert.equal(up.outputs.version.value, 1);
  });

  it("answers outputs and summaries as the Automation API's own calls do (test harness)", async () => {
    const outputs = await t.stack.outputs();
    assert.deepEqual(outputs, await t.stack.workspace.stackOutputs(t.stack.name));
    assert.equal(outputs.secretValue.secret, true);
    assert.deepEqual(outputs.withSecret, {
      value: { plain: "shown", hidden: "kept" },
      secret: false,
    });
    const again = await t.stack.up({ color: "never" });
    const [recorded] = await t.stack.history(1);
    assert.deepEqual(again.summary.resourceChanges, recorded.resourceChanges);
    assert.deepEqual(again.summary.resourceChanges, { same: 2 });
    assert.equal(again.summary.kind, recorded.kind);
    assert.equal(again.summary.result, recorded.result);
    assert.throws(() => again.summary.config, /read it from `await t\.stack\.history\(1\)`/);
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(again.summary))).sort(), [
      "endTime",
      "kind",
      "resourceChanges",
      "result",
      "startTime",
    ]);
  });

  it("runs the program and the dynamic provider on the tests' own Node.js (22 or newer)", async () => {
    const outputs = await t.stack.outputs();
    assert.ok(Number(process.versions.node.split(".")[0]) >= 22, process.version);
    assert.equal(outputs.programNode.value, process.version);
    assert.equal(outputs.providerNode.value, process.version);
  });

  it("updates in place when an updatable input changes", async () => {
    await t.stack.setConfig("smoke:value", { value: "two" });
    const preview = await t.stack.preview({ color: "never" });
    assert.equal(preview.changeSummary.update, 1);
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.update, 1);
    assert.equal(up.outputs.version.value, 2);
    assert.equal(up.outputs.value.value, "two");
  });

  it("replaces the resource when a replace-forcing input changes", async () => {
    await t.stack.setConfig("smoke:key", { value: "b" });
    const preview = await t.stack.preview({ color: "never" });
    assert.equal(preview.changeSummary.replace, 1);
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.replace, 1);
    assert.equal(up.outputs.itemId.value, "item-b");
    const state = await stateResources(t.stack);
    assert.equal(state.get("item")?.id, "item-b");
  });

  it("deletes everything on destroy", async () => {
    const destroy = await t.stack.destroy({ color: "never" });
    assert.equal(destroy.summary.resourceChanges?.delete, 2);
    // The harness's summary (from the engine's events) is the one history records.
    const [recorded] = await t.stack.history(1);
    assert.equal(recorded.kind, "destroy");
    assert.deepEqual(destroy.summary.resourceChanges, recorded.resourceChanges);
    assert.throws(() => destroy.summary.message, /read it from `await t\.stack\.history\(1\)`/);
    const state = await stateResources(t.stack);
    assert.equal(state.size, 0);
  });
});
