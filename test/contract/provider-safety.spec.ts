import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import type {
  AIConversationProvider,
  ProviderInputs,
} from "../../provider/ai-conversation/provider";
import { sessionIdFor } from "../../provider/ai-conversation/session";
import { resolveDefaults } from "../../provider/ai-conversation/model";
import { digestOf } from "../../provider/ai-conversation/snapshot";
import { generateUserSig } from "../../emulator/usersig";
import { startRequest, trtcClient } from "./helpers";
import {
  PROVIDER_CODE,
  checkedInputs,
  configuredProvider,
  rejection,
  type Raw,
} from "./provider-harness";

const LLM_API_KEY = "sk-live-llm-key-0123456789";
const APP_KEY = "emulator-app-key";
const OTHER_APP = 1400000001;

function rawInput(overrides: Raw = {}): Raw {
  return {
    sdkAppId: 1400000000,
    roomId: "support-room",
    sessionScope: "proj/dev/support-bot",
    agentConfig: {
      userId: "support_bot",
      userSigSecret: APP_KEY,
      targetUserId: "customer_1",
      welcomeMessage: "Hello!",
    },
    llmConfig: {
      llmType: "openai",
      model: "gpt-4o-mini",
      apiKey: LLM_API_KEY,
      apiUrl: "https://api.openai.com/v1/chat/completions",
    },
    ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
    updateInPlace: true,
    ...overrides,
  };
}

describe("the provider keeps bots and state safe (against the emulator)", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({
      preparingMs: 0,
      apps: { "1400000000": APP_KEY, [String(OTHER_APP)]: "other-app-key" },
    });
  });

  after(async () => {
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.reset();
  });

  function configured(overrides: Record<string, string> = {}): Promise<AIConversationProvider> {
    return configuredProvider(emulator, {
      "trtc:startTimeoutSeconds": "10",
      "trtc:maxRetries": "2",
      ...overrides,
    });
  }

  /** check() as the engine runs it for a create (no old inputs). */
  function checked(p: AIConversationProvider, raw: Raw = rawInput()): Promise<ProviderInputs> {
    return checkedInputs(p, raw);
  }

  /** Checked inputs that differ from rawInput() in the welcome message only. */
  function welcoming(p: AIConversationProvider, welcomeMessage: string): Promise<ProviderInputs> {
    return checked(
      p,
      rawInput({ agentConfig: { ...(rawInput().agentConfig as Raw), welcomeMessage } }),
    );
  }

  /** Describe answers `code` to the next `count` calls (every call when absent). */
  function describeAnswers(code: string, count?: number): void {
    emulator.addFault({ action: "DescribeAIConversation", mode: "error", code, count });
  }

  /** Starts a bot "by hand" in the provider's room, as a script or the console would. */
  async function startByHand(overrides: Raw = {}): Promise<string> {
    const { TaskId } = await trtcClient(emulator).StartAIConversation(
      startRequest({
        RoomId: "support-room",
        RoomIdType: 1,
        SessionId: "started-by-hand",
        botUserId: "support_bot",
        ...overrides,
      }),
    );
    return TaskId as string;
  }

  function calls(action: string): number {
    return emulator.requests().filter((r) => r.action === action).length;
  }

  describe("adoptTaskId", () => {
    it("adopts a running task of the app, records its SessionId and marks its configuration unverified", async () => {
      const p = await configured();
      const taskId = await startByHand();
      const inputs = await checked(p, rawInput({ adoptTaskId: taskId }));
      assert.equal(inputs.adoptTaskId, taskId, "adoptTaskId stays in the checked inputs");
      const created = await p.create(inputs);
      const outs = created.outs as Raw;
      assert.equal(created.id, taskId);
      assert.equal(outs.sessionId, "started-by-hand");
      assert.equal(outs.configurationUnverified, true);
      assert.equal(calls("StartAIConversation"), 1, "only the start by hand");
    });

    it("refuses a task that runs under another SessionId than the sessionId input, naming the task's", async () => {
      const p = await configured();
      const taskId = await startByHand();
      const err = await rejection(
        p.create(await checked(p, rawInput({ adoptTaskId: taskId, sessionId: "my-own-session" }))),
      );
      assert.match(err.message, /runs under SessionId started-by-hand, not my-own-session/);
      assert.equal(err.id, undefined, "nothing is recorded");
    });

    it("adopts with a sessionId input equal to the task's, recorded as the user's", async () => {
      const p = await configured();
      const taskId = await startByHand();
      const created = await p.create(
        await checked(p, rawInput({ adoptTaskId: taskId, sessionId: "started-by-hand" })),
      );
      const outs = created.outs as Raw;
      assert.ok(!(outs.defaultsApplied as string[]).includes("sessionId"));
    });

    it("refuses a task another pulumi-trtc resource started, unless adoptFromAnotherStack is set", async () => {
      const p = await configured();
      const taskId = await startByHand({ SessionId: `pt-${"1".repeat(40)}` });
      const err = await rejection(p.create(await checked(p, rawInput({ adoptTaskId: taskId }))));
      assert.match(err.message, /a pulumi-trtc resource started it/);
      assert.match(err.message, /adoptFromAnotherStack: true/);
      assert.equal(err.id, undefined);
      const created = await p.create(
        await checked(p, rawInput({ adoptTaskId: taskId, adoptFromAnotherStack: true })),
      );
      assert.equal(created.id, taskId);
    });

    it("adopts its own lost start (the SessionId this resource derives) without adoptFromAnotherStack", async () => {
      const p = await configured();
      const own = sessionIdFor(resolveDefaults(await checked(p)));
      const taskId = await startByHand({ SessionId: own });
      const created = await p.create(await checked(p, rawInput({ adoptTaskId: taskId })));
      assert.equal(created.id, taskId);
    });

    it("refuses a task of another SdkAppId, naming the resource's app", async () => {
      const p = await configured();
      const { TaskId } = await trtcClient(emulator).StartAIConversation({
        ...startRequest({ RoomId: "app-b-room", RoomIdType: 1, SessionId: "app-b-session" }),
        SdkAppId: OTHER_APP,
        AgentConfig: {
          ...startRequest().AgentConfig,
          UserSig: generateUserSig({
            sdkAppId: OTHER_APP,
            key: "other-app-key",
            userId: "ai_bot",
          }),
        },
      });
      const err = await rejection(
        p.create(await checked(p, rawInput({ adoptTaskId: TaskId as string }))),
      );
      assert.match(err.message, /is not one of SdkAppId 1400000000/);
      assert.match(err.message, /belongs to another SdkAppId/);
      assert.equal(err.id, undefined);
      assert.equal(calls("StopAIConversation"), 0);
    });

    it("fails a replacement at diff while adoptTaskId is still set, and allows it once removed", async () => {
      const p = await configured();
      const taskId = await startByHand();
      const news = await checked(p, rawInput({ adoptTaskId: taskId }));
      const created = await p.create(news);
      const olds = created.outs as Raw;
      const changedStt = await checked(
        p,
        rawInput({ adoptTaskId: taskId, sttConfig: { language: "ja" } }),
      );
      const err = await rejection(p.diff(taskId, olds, changedStt));
      assert.match(err.message, /adoptTaskId is still set/);
      assert.match(err.message, /remove it from the program/);
      // No change at all, or an in-place update, is fine with it set. (With updateInPlace, an
      // adopted bot's first `up` is an in-place update: its configuration is unverified.)
      assert.deepEqual(await p.diff(taskId, olds, news), {
        changes: true,
        replaces: [],
        deleteBeforeReplace: true,
      });
      const welcome = await checked(
        p,
        rawInput({
          adoptTaskId: taskId,
          agentConfig: { ...(rawInput().agentConfig as Raw), welcomeMessage: "Hi again" },
        }),
      );
      assert.deepEqual((await p.diff(taskId, olds, welcome)).replaces, []);
      // Removing it is no change; without it the replacement goes ahead.
      assert.equal(
        (await p.diff(taskId, olds, await checked(p, rawInput({ updateInPlace: false })))).changes,
        false,
      );
      const withoutAdopt = await checked(p, rawInput({ sttConfig: { language: "ja" } }));
      assert.deepEqual((await p.diff(taskId, olds, withoutAdopt)).replaces, ["sttConfig"]);
    });

    it("sends every updatable field at the first in-place update after adoption, so the bot follows the inputs", async () => {
      const p = await configured();
      const taskId = await startByHand({
        AgentConfig: {
          ...startRequest({ botUserId: "support_bot" }).AgentConfig,
          WelcomeMessage: "Manual!",
          InterruptMode: 1,
          InterruptSpeechDuration: 900,
        },
      });
      const created = await p.create(await checked(p, rawInput({ adoptTaskId: taskId })));
      const changedTts = await checked(
        p,
        rawInput({
          adoptTaskId: taskId,
          ttsConfig: { ttsType: "flow", voiceId: "v-male-2", model: "flow_01_turbo" },
        }),
      );
      const updated = await p.update(taskId, created.outs as Raw, changedTts);
      const task = emulator.tasks().find((t) => t.taskId === taskId);
      assert.equal(task?.welcomeMessage, "Hello!");
      assert.equal(task?.interruptMode, 0);
      assert.equal(task?.interruptSpeechDuration, 500);
      assert.equal((updated.outs as Raw).configurationUnverified, undefined, "cleared once sent");
    });
  });

  describe("an update whose outcome is unknown", () => {
    /** Creates a bot, then changes its welcome message while Update answers `code` once. */
    async function updateFailingWith(code: string): Promise<{ err: Error & Raw }> {
      const p = await configured({ "trtc:maxRetries": "0" });
      const created = await p.create(await checked(p));
      emulator.addFault({ action: "UpdateAIConversation", mode: "error", code, count: 1 });
      const bye = await welcoming(p, "Bye");
      return { err: await rejection(p.update(created.id, created.outs ?? {}, bye)) };
    }

    it("records the new inputs when its answer is lost, and a revert is then sent", async () => {
      const p = await configured({ "trtc:maxRetries": "0" });
      const created = await p.create(await checked(p));
      const olds = created.outs as Raw;
      const bye = await welcoming(p, "Bye");
      emulator.addFault({ action: "UpdateAIConversation", mode: "commit-then-lose", count: 1 });
      const err = await rejection(p.update(created.id, olds, bye));
      assert.equal(err.name, "UpdateMayHaveAppliedError");
      assert.match(err.message, /may have been applied/);
      assert.match(err.message, /run `pulumi up` again/);
      assert.ok(!err.message.includes(LLM_API_KEY));
      assert.equal(err.id, created.id);
      const recorded = err.properties as Raw;
      assert.equal((recorded.configDigest as Raw)["agentConfig.welcomeMessage"], digestOf("Bye"));
      assert.equal(recorded.configurationUnverified, true);
      assert.equal(recorded.__provider, PROVIDER_CODE);
      assert.equal(emulator.tasks()[0].welcomeMessage, "Bye", "the emulator applied it");
      // The user reverts: the engine calls update() with the recorded properties as olds.
      const reverted = await p.update(created.id, recorded, await checked(p));
      assert.equal(emulator.tasks()[0].welcomeMessage, "Hello!");
      assert.equal((reverted.outs as Raw).configurationUnverified, undefined);
    });

    it("is sent again at the next up when a refresh came in between (the init error is gone)", async () => {
      const p = await configured({ "trtc:maxRetries": "0" });
      const created = await p.create(await checked(p));
      const bye = await welcoming(p, "Bye");
      emulator.addFault({ action: "UpdateAIConversation", mode: "drop", count: 1 });
      const err = await rejection(p.update(created.id, created.outs ?? {}, bye));
      assert.equal(err.name, "UpdateMayHaveAppliedError");
      assert.equal(emulator.tasks()[0].welcomeMessage, "Hello!", "the drop never reached the bot");
      const refreshed = await p.read(created.id, err.properties as Raw);
      // The same program: the diff still asks for an in-place update, which is then sent.
      const decision = await p.diff(created.id, refreshed.props ?? {}, bye);
      assert.deepEqual(decision, { changes: true, replaces: [], deleteBeforeReplace: true });
      const updated = await p.update(created.id, refreshed.props ?? {}, bye);
      assert.equal(emulator.tasks()[0].welcomeMessage, "Bye");
      assert.equal(updated.outs?.configurationUnverified, undefined);
      assert.equal((await p.diff(created.id, updated.outs ?? {}, bye)).changes, false);
    });

    it("records the new inputs after an InternalError too", async () => {
      const { err } = await updateFailingWith("InternalError");
      assert.equal(err.name, "UpdateMayHaveAppliedError");
      const recorded = (err.properties as Raw).configDigest as Raw;
      assert.equal(recorded["agentConfig.welcomeMessage"], digestOf("Bye"));
    });

    it("says the bot is no longer running when Update answers TaskNotExist", async () => {
      const { err } = await updateFailingWith("FailedOperation.TaskNotExist");
      assert.match(err.message, /is no longer running .*Run `pulumi refresh`/);
      assert.equal(err.id, undefined);
    });

    it("says the bot is unchanged for an error that cannot follow a commit", async () => {
      const { err } = await updateFailingWith("FailedOperation.NotAllowed");
      assert.match(err.message, /did not change the bot .* which keeps running as before/);
      assert.equal(err.id, undefined);
    });

    it("records a failure after an attempt that may have been applied, even when the last attempt was refused", async () => {
      const p = await configured({ "trtc:maxRetries": "1" });
      const created = await p.create(await checked(p));
      emulator.addFault({ action: "UpdateAIConversation", mode: "drop", count: 1 });
      emulator.addFault({
        action: "UpdateAIConversation",
        mode: "error",
        code: "RequestLimitExceeded",
        count: 1,
      });
      const bye = await welcoming(p, "Bye");
      const err = await rejection(p.update(created.id, created.outs as Raw, bye));
      assert.equal(err.name, "UpdateMayHaveAppliedError");
    });
  });

  describe("a TaskId Start returned is never forgotten", () => {
    it("asks again while Describe does not know a task just started", async () => {
      const p = await configured();
      describeAnswers("FailedOperation.TaskNotExist", 2);
      const created = await p.create(await checked(p));
      assert.equal((created.outs as Raw).status, "InProgress");
      assert.equal(emulator.tasks().length, 1);
    });

    it("records the task as partly started when Describe keeps not knowing it", async () => {
      const p = await configured();
      describeAnswers("FailedOperation.TaskNotExist");
      const err = await rejection(p.create(await checked(p)));
      emulator.clearFaults();
      assert.equal(err.name, "PartiallyStartedError");
      const [task] = emulator.tasks();
      assert.equal(err.id, task.taskId);
      assert.match(err.message, /Its TaskId is recorded/);
      await p.delete(err.id as string, err.properties as Raw);
      assert.equal(emulator.tasks()[0].status, "Stopped");
    });
  });

  describe("a task found by its SessionId after a lost start", () => {
    it("is recorded with its configuration unverified (the SessionId does not hash the keys)", async () => {
      const p = await configured({ "trtc:maxRetries": "1" });
      emulator.addFault({ action: "StartAIConversation", mode: "commit-then-lose", count: 1 });
      const created = await p.create(await checked(p));
      assert.equal(emulator.tasks().length, 1);
      assert.equal(created.outs?.configurationUnverified, true);
      assert.equal(created.outs?.requestId, undefined);
    });
  });

  describe("gone only when it is gone", () => {
    it("looks again at a bot recorded as partly started before refresh forgets it", async () => {
      const p = await configured();
      describeAnswers("FailedOperation.TaskNotExist");
      const err = await rejection(p.create(await checked(p)));
      emulator.clearFaults();
      assert.equal(err.name, "PartiallyStartedError");
      describeAnswers("FailedOperation.TaskNotExist", 2);
      const read = await p.read(err.id as string, err.properties as Raw);
      assert.equal(read.id, err.id);
      assert.equal(read.props?.status, "InProgress");
    });

    it("describes once more before refresh counts InvalidParameter.TaskId as gone, with no SessionId to look by", async () => {
      const p = await configured();
      const created = await p.create(await checked(p));
      describeAnswers("InvalidParameter.TaskId", 1);
      const { sessionId: _sessionId, ...withoutSession } = created.outs ?? {};
      const read = await p.read(created.id, withoutSession);
      assert.equal(read.id, created.id);
    });

    it("does not count a running bot as stopped when Stop answers InvalidParameter.TaskId", async () => {
      const p = await configured();
      const created = await p.create(await checked(p));
      emulator.addFault({
        action: "StopAIConversation",
        mode: "error",
        code: "InvalidParameter.TaskId",
        count: 1,
      });
      const err = await rejection(p.delete(created.id, created.outs as Raw));
      assert.match(err.message, /DescribeAIConversation says it is InProgress: it was not stopped/);
      assert.equal(emulator.tasks()[0].status, "InProgress");
      await p.delete(created.id, created.outs as Raw);
      assert.equal(emulator.tasks()[0].status, "Stopped");
    });

    it("keeps a running bot on refresh when Describe by TaskId answers InvalidParameter.TaskId", async () => {
      const p = await configured();
      const created = await p.create(await checked(p));
      describeAnswers("InvalidParameter.TaskId", 1);
      const read = await p.read(created.id, created.outs as Raw);
      assert.equal(read.id, created.id);
      assert.equal((read.props as Raw).status, "InProgress");
    });

    it("counts a malformed TaskId as gone at once, with one call", async () => {
      const p = await configured();
      emulator.clearRequests();
      await p.delete("not a task id", { region: "ap-guangzhou" });
      assert.deepEqual(await p.read("not a task id", { region: "ap-guangzhou" }), { id: "" });
      assert.equal(emulator.requests().length, 2);
    });
  });
});
