import assert from "node:assert/strict";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { generateUserSig } from "../../provider/trtc/usersig";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import {
  createTestStack,
  exportStackAsUser,
  stateResources,
  type TestStack,
} from "../helpers/pulumi";

const programDir = path.join(__dirname, "fixtures", "bot");
const LLM_KEY = "sk-integration-llm-key-5f2b9c";
const APP_KEY = "emulator-app-key";

function ops(events: EngineEvent[], urnSuffix: string): string[] {
  return events
    .map((e) => e.resourcePreEvent?.metadata)
    .filter((m) => m !== undefined && m.urn.endsWith(urnSuffix))
    .map((m) => m!.op);
}

describe("AIConversation with the real engine and the emulator", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;
  let started: number;

  before(async () => {
    started = Math.floor(Date.now() / 1000);
    emulator = await startEmulator({ preparingMs: 300 });
    const { config, secretConfig } = emulatorStackConfig(emulator);
    t = await createTestStack({
      programDir,
      config,
      secretConfig: { ...secretConfig, "bot:appKey": APP_KEY, "bot:llmApiKey": LLM_KEY },
    });
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  it("previews a create with the checked inputs and calls no API", async () => {
    const events: EngineEvent[] = [];
    const preview = await t.stack.preview({ color: "never", onEvent: (e) => events.push(e) });
    assert.equal(preview.changeSummary.create, 2);
    const pre = events.find((e) => e.resourcePreEvent?.metadata.urn.endsWith("::bot"));
    const inputs = pre?.resourcePreEvent?.metadata.new?.inputs as {
      roomId: string;
      roomIdType: number;
      region: string;
      agentConfig: { maxIdleTime: number };
    };
    assert.equal(inputs.roomId, "room-1");
    assert.equal(inputs.roomIdType, 1);
    assert.equal(inputs.region, "ap-guangzhou");
    assert.equal(inputs.agentConfig.maxIdleTime, 3600);
    assert.deepEqual(emulator.requests(), []);
  });

  it("starts the bot on up and records its TaskId", async () => {
    const up = await t.stack.up({ color: "never" });
    const taskId = up.outputs.taskId.value as string;
    assert.equal(up.outputs.status.value, "InProgress");
    const state = await stateResources(t.stack);
    assert.equal(state.get("bot")?.id, taskId);
    const running = runningTasks(emulator);
    assert.equal(running.length, 1);
    assert.equal(running[0].taskId, taskId);
    assert.equal(running[0].status, "InProgress");
    assert.equal(running[0].sessionId, up.outputs.sessionId.value);
  });

  it("keeps every secret out of the exported state", async () => {
    const exported = exportStackAsUser(t, programDir);
    assert.match(exported, /"ciphertext"/); // the secrets are there, encrypted
    assert.ok(!exported.includes(LLM_KEY), "the LLM API key is in plaintext");
    assert.ok(!exported.includes(APP_KEY), "the UserSig secret is in plaintext");
    assert.ok(!exported.includes(emulator.secretKey), "the SecretKey is in plaintext");
    // Every UserSig the provider could have made so far (one per second of the run).
    for (let at = started - 5; at <= Math.floor(Date.now() / 1000) + 1; at++) {
      const sig = generateUserSig({
        sdkAppId: 1400000000,
        userId: "ai_bot",
        secretKey: APP_KEY,
        issuedAt: at,
      });
      assert.ok(!exported.includes(sig), `a UserSig (issued at ${at}) is in the state`);
    }
  });

  it("previews a provider-code-only change as no change", async () => {
    await t.stack.setConfig("bot:providerRevision", { value: "v2" });
    try {
      const preview = await t.stack.preview({ color: "never" });
      assert.equal(preview.changeSummary.replace ?? 0, 0);
      assert.equal(preview.changeSummary.update ?? 0, 0);
      assert.equal(preview.changeSummary.same, 2);
    } finally {
      await t.stack.removeConfig("bot:providerRevision");
    }
  });

  it("replaces the bot, deleting first, when roomId changes", async () => {
    const before = (await t.stack.outputs()).taskId.value as string;
    await t.stack.setConfig("bot:roomId", { value: "room-2" });
    const events: EngineEvent[] = [];
    await t.stack.preview({ color: "never", onEvent: (e) => events.push(e) });
    const previewOps = ops(events, "::bot");
    assert.ok(previewOps.indexOf("delete-replaced") >= 0, `ops: ${previewOps.join(", ")}`);
    assert.ok(previewOps.indexOf("delete-replaced") < previewOps.indexOf("create-replacement"));

    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.replace, 1);
    const running = runningTasks(emulator);
    assert.equal(running.length, 1);
    assert.equal(running[0].roomId, "room-2");
    assert.notEqual(running[0].taskId, before);
    assert.equal(emulator.tasks().find((x) => x.taskId === before)?.status ?? "Stopped", "Stopped");
  });

  it("forgets a bot that idled out, on refresh, and starts a new one on the next up", async () => {
    const gone = (await t.stack.outputs()).taskId.value as string;
    emulator.advanceClock(3601); // past the fixture's maxIdleTime
    assert.equal(runningTasks(emulator).length, 0);
    const refresh = await t.stack.refresh({ color: "never" });
    assert.equal(refresh.summary.resourceChanges?.delete, 1);
    assert.equal((await stateResources(t.stack)).has("bot"), false);

    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.create, 1);
    assert.notEqual(up.outputs.taskId.value, gone);
    assert.equal(runningTasks(emulator).length, 1);
  });

  it("stops the bot on destroy", async () => {
    const destroy = await t.stack.destroy({ color: "never" });
    assert.equal(destroy.summary.resourceChanges?.delete, 2);
    assert.equal(runningTasks(emulator).length, 0);
  });

  it("adopts a bot whose start response was lost instead of starting a second one", async () => {
    emulator.addFault({ action: "StartAIConversation", mode: "commit-then-lose", count: 1 });
    const up = await t.stack.up({ color: "never" });
    const running = runningTasks(emulator);
    assert.equal(running.length, 1);
    assert.equal(up.outputs.taskId.value, running[0].taskId);
    const log = emulator.requests().filter((r) => r.action === "StartAIConversation");
    assert.equal(log.filter((r) => r.code === "LOST").length, 1);
    await t.stack.destroy({ color: "never" });
    assert.equal(runningTasks(emulator).length, 0);
  });

  it("fails the preview on bad input, naming the field, without calling the API", async () => {
    emulator.clearRequests();
    await t.stack.setConfig("bot:extra", {
      value: JSON.stringify({ agentConfig: { interruptMode: 3 }, top: { region: "eu-west-1" } }),
    });
    try {
      await assert.rejects(t.stack.preview({ color: "never" }), (err: Error) => {
        assert.match(
          err.message,
          /Invalid value for agentConfig\.interruptMode: 3\. Allowed values are: 0, 1\./,
        );
        assert.match(
          err.message,
          /Invalid value for region: "eu-west-1"\. Allowed values are: ap-beijing/,
        );
        return true;
      });
      assert.deepEqual(emulator.requests(), []);
    } finally {
      await t.stack.removeConfig("bot:extra");
    }
  });
});
