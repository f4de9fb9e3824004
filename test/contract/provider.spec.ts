import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import type {
  AIConversationProvider,
  ProviderInputs,
} from "../../provider/ai-conversation/provider";
import { generateUserSig } from "../../provider/trtc/usersig";
import { digestOf } from "../../provider/ai-conversation/snapshot";
import { UNKNOWN_TASK_ID } from "./helpers";
import {
  PROVIDER_CODE,
  checkedInputs,
  configuredProvider,
  rejection,
  type Raw,
} from "./provider-harness";

const LLM_API_KEY = "sk-live-llm-key-0123456789";
/** The emulator's UserSig key for SdkAppId 1400000000, used as agentConfig.userSigSecret. */
const APP_KEY = "emulator-app-key";

function rawInput(): Raw {
  return {
    sdkAppId: 1400000000,
    roomId: "support-room",
    sessionScope: "proj/dev/support-bot",
    agentConfig: { userId: "support_bot", userSigSecret: APP_KEY, targetUserId: "customer_1" },
    llmConfig: {
      llmType: "openai",
      model: "gpt-4o-mini",
      apiKey: LLM_API_KEY,
      apiUrl: "https://api.openai.com/v1/chat/completions",
    },
    ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
  };
}

/** Every UserSig the provider could have generated for rawInput() between two instants. */
function possibleUserSigs(fromSeconds: number, toSeconds: number): string[] {
  const sigs: string[] = [];
  for (let t = fromSeconds; t <= toSeconds; t++) {
    sigs.push(
      generateUserSig({
        sdkAppId: 1400000000,
        userId: "support_bot",
        secretKey: APP_KEY,
        issuedAt: t,
      }),
    );
  }
  return sigs;
}

describe("AIConversationProvider (against the emulator)", () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 0 });
  });

  after(async () => {
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.reset();
  });

  function configured(
    overrides: Record<string, string> = {},
    target: RunningEmulator = emulator,
  ): Promise<AIConversationProvider> {
    return configuredProvider(target, overrides);
  }

  /** Runs check like the engine does and returns what create receives. */
  function checked(p: AIConversationProvider, raw: Raw = rawInput()): Promise<ProviderInputs> {
    return checkedInputs(p, raw);
  }

  function actions(): Array<[string | null, string | null]> {
    return emulator.requests().map((r) => [r.action, r.code]);
  }

  describe("check", () => {
    it("makes no API call and returns every failure", async () => {
      const p = await configured();
      const bad = {
        ...rawInput(),
        region: "mars-1",
        agentConfig: { userId: "support_bot", targetUserId: "customer_1", interruptMode: 3 },
      };
      const result = await p.check({}, bad);
      assert.equal(result.inputs, undefined);
      assert.deepEqual(
        result.failures?.map((f) => f.property),
        ["region", "agentConfig.interruptMode", "agentConfig.userSig"],
      );
      assert.deepEqual(emulator.requests(), []);
    });

    it("makes no API call for valid inputs and applies trtc:region as the default", async () => {
      const p = await configured({ "trtc:region": "ap-singapore" });
      const result = await p.check({}, rawInput());
      assert.equal(result.failures, undefined);
      assert.equal(result.inputs?.region, "ap-singapore");
      assert.deepEqual(emulator.requests(), []);
    });
  });

  describe("create", () => {
    it("starts the bot and returns its TaskId as id, with outputs that omit the generated UserSig", async () => {
      const p = await configured();
      const inputs = await checked(p);
      const issuedFrom = Math.floor(Date.now() / 1000) - 1;
      const result = await p.create(inputs);
      const issuedTo = Math.floor(Date.now() / 1000) + 1;

      const tasks = emulator.tasks();
      assert.equal(tasks.length, 1);
      assert.equal(result.id, tasks[0].taskId);
      assert.equal(tasks[0].status, "InProgress");
      assert.equal(tasks[0].roomId, "support-room");
      assert.equal(tasks[0].roomIdType, 1);
      assert.equal(tasks[0].botUserId, "support_bot");
      assert.equal(tasks[0].targetUserId, "customer_1");

      const outs = result.outs as Raw;
      assert.equal(outs.taskId, result.id);
      assert.equal(outs.sessionId, tasks[0].sessionId);
      assert.match(outs.sessionId as string, /^pt-[0-9a-f]{40}$/);
      assert.equal(outs.status, "InProgress");
      assert.equal(typeof outs.requestId, "string");
      assert.equal(typeof outs.startTime, "string");
      assert.ok(!("__provider" in outs));
      assert.ok((outs.defaultsApplied as string[]).includes("sessionId"));
      // State keeps the configuration as digests, and only the secrets as they are (encrypted by
      // the engine at the same paths as the inputs).
      const { apiKey, ...plainLlm } = inputs.llmConfig;
      assert.deepEqual(outs.llmConfig, { apiKey });
      assert.equal((outs.configDigest as Raw).llmConfig, digestOf(plainLlm));
      assert.equal((outs.configDigest as Raw)["agentConfig.userId"], digestOf("support_bot"));
      assert.deepEqual(Object.keys(outs.agentConfig as Raw), ["userSigSecret"]);
      assert.ok(!text(outs).includes("support_bot"), "no plain input echoed");

      for (const sig of possibleUserSigs(issuedFrom, issuedTo)) {
        assert.ok(!text(outs).includes(sig), "the generated UserSig is not in the outputs");
      }

      assert.deepEqual(actions()[0], ["StartAIConversation", null]);
      assert.ok(actions().every(([, code]) => code === null));
    });

    it("sends a numeric roomId as a numeric room", async () => {
      const p = await configured();
      const result = await p.create(await checked(p, { ...rawInput(), roomId: 20250101 }));
      const [task] = emulator.tasks();
      assert.equal(task.taskId, result.id);
      assert.equal(task.roomId, "20250101");
      assert.equal(task.roomIdType, 0);
    });

    it("uses a user-given sessionId as it is", async () => {
      const p = await configured();
      const result = await p.create(await checked(p, { ...rawInput(), sessionId: "order-42" }));
      assert.equal(result.outs?.sessionId, "order-42");
      assert.equal(emulator.tasks()[0].sessionId, "order-42");
      assert.ok(!(result.outs?.defaultsApplied as string[]).includes("sessionId"));
    });

    it("adopts the task when Start's response is lost (commit-then-lose), ending with one task", async () => {
      const p = await configured();
      emulator.addFault({ action: "StartAIConversation", mode: "commit-then-lose", count: 1 });
      const result = await p.create(await checked(p));

      const tasks = emulator.tasks();
      assert.equal(tasks.length, 1);
      assert.equal(tasks[0].status, "InProgress");
      assert.equal(result.id, tasks[0].taskId);
      assert.equal(result.outs?.taskId, tasks[0].taskId);
      assert.equal(result.outs?.sessionId, tasks[0].sessionId);
      assert.equal(result.outs?.status, "InProgress");

      const starts = actions().filter(([action]) => action === "StartAIConversation");
      assert.deepEqual(starts[0], ["StartAIConversation", "LOST"]);
      assert.ok(starts.slice(1).every(([, code]) => code === "FailedOperation.TaskExist"));
    });

    it("adopts the running task when created twice with the same inputs", async () => {
      const p = await configured();
      const inputs = await checked(p);
      const first = await p.create(inputs);
      const second = await p.create(inputs);
      assert.equal(second.id, first.id);
      assert.equal(second.outs?.sessionId, first.outs?.sessionId);
      const tasks = emulator.tasks();
      assert.equal(tasks.length, 1);
      assert.equal(tasks[0].taskId, first.id);
      assert.equal(tasks[0].status, "InProgress");
    });

    it("does not adopt another room's task that holds the same user-given sessionId", async () => {
      const p = await configured();
      const first = await p.create(await checked(p, { ...rawInput(), sessionId: "shared-42" }));
      const other = {
        ...rawInput(),
        sessionId: "shared-42",
        roomId: "sales-room",
        sessionScope: "proj/dev/sales-bot",
        agentConfig: { userId: "sales_bot", userSigSecret: APP_KEY, targetUserId: "customer_2" },
      };
      const outcome = await p.create(await checked(p, other)).then(
        (result) => result.id,
        (err: Error) => err,
      );
      assert.notEqual(outcome, first.id, "the sales bot must not claim the support bot's task");
      assert.ok(outcome instanceof Error);
      assert.match(outcome.message, /shared-42/);
      assert.deepEqual(
        emulator.tasks().map((t) => [t.roomId, t.botUserId, t.status]),
        [["support-room", "support_bot", "InProgress"]],
      );
    });

    it("starts a new task after the previous one was stopped", async () => {
      const p = await configured();
      const inputs = await checked(p);
      const first = await p.create(inputs);
      await p.delete(first.id, first.outs as Raw);
      const second = await p.create(inputs);
      assert.notEqual(second.id, first.id);
      assert.deepEqual(
        emulator.tasks().map((t) => [t.taskId, t.status]),
        [
          [first.id, "Stopped"],
          [second.id, "InProgress"],
        ],
      );
    });

    it("fails after the task started but never ran, carrying id and properties for a later destroy", async () => {
      const slow = await startEmulator({ preparingMs: 600_000 });
      try {
        const p = await configured({ "trtc:startTimeoutSeconds": "1" }, slow);
        const inputs = await checked(p);
        const issuedFrom = Math.floor(Date.now() / 1000) - 1;
        const err = await rejection(p.create(inputs));
        const issuedTo = Math.floor(Date.now() / 1000) + 1;
        const [task] = slow.tasks();
        assert.equal(task.status, "Preparing");
        assert.equal(err.id, task.taskId);
        assert.equal(
          err.message,
          `The bot started (TaskId ${task.taskId}) but did not become ready: still Preparing after 1s (raise trtc:startTimeoutSeconds to wait longer). Its TaskId is recorded: the next \`pulumi up\` looks at it again, and \`pulumi destroy\` stops it`,
        );
        const props = err.properties as Raw;
        assert.equal(props.taskId, task.taskId);
        assert.equal(props.sessionId, task.sessionId);
        assert.equal(props.__provider, PROVIDER_CODE);
        for (const sig of possibleUserSigs(issuedFrom, issuedTo)) {
          assert.ok(!JSON.stringify(props).includes(sig), "no generated UserSig in properties");
          assert.ok(!err.message.includes(sig), "no generated UserSig in the message");
        }
      } finally {
        await slow.stop();
      }
    });
  });

  describe("read", () => {
    it("returns the props of a running task, and no inputs (the engine keeps its own)", async () => {
      const p = await configured();
      const created = await p.create(await checked(p));
      const outs = created.outs as Raw;
      const result = await p.read(created.id, outs);
      assert.equal(result.id, created.id);
      assert.deepEqual(result.props, outs);
      assert.equal(result.inputs, undefined);
    });

    it("keeps a user-given sessionId, and the diff of the same program is no change", async () => {
      const p = await configured();
      const news = await checked(p, { ...rawInput(), sessionId: "order-42" });
      const created = await p.create(news);
      const result = await p.read(created.id, created.outs as Raw);
      assert.equal(result.props?.sessionId, "order-42");
      assert.equal((await p.diff(created.id, result.props ?? {}, news)).changes, false);
      const other = await checked(p, { ...rawInput(), sessionId: "order-43" });
      assert.deepEqual((await p.diff(created.id, result.props ?? {}, other)).replaces, [
        "sessionId",
      ]);
    });

    it("reads state an earlier release wrote (every input echoed) and keeps its configuration", async () => {
      const p = await configured();
      const news = await checked(p);
      const created = await p.create(news);
      const { configDigest: _digest, ...facts } = created.outs as Raw;
      const echoed = { ...facts, ...news, defaultsApplied: facts.defaultsApplied as string[] };
      const result = await p.read(created.id, echoed);
      assert.deepEqual(
        (result.props as Raw).configDigest,
        (created.outs as Raw).configDigest,
        "the echo becomes the same digests",
      );
      assert.equal((await p.diff(created.id, echoed, news)).changes, false);
      assert.equal((await p.diff(created.id, result.props ?? {}, news)).changes, false);
    });

    it("returns an empty id for a stopped task", async () => {
      const p = await configured();
      const created = await p.create(await checked(p));
      await p.delete(created.id, created.outs as Raw);
      assert.equal(emulator.tasks()[0].status, "Stopped");
      assert.deepEqual(await p.read(created.id, created.outs as Raw), { id: "" });
    });

    it("returns an empty id once the task idled out past MaxIdleTime", async () => {
      const p = await configured();
      const created = await p.create(await checked(p));
      emulator.advanceClock(61);
      assert.deepEqual(await p.read(created.id, created.outs as Raw), { id: "" });
    });

    it("returns an empty id for a task the API no longer knows", async () => {
      const p = await configured();
      assert.deepEqual(await p.read(UNKNOWN_TASK_ID, { region: "ap-guangzhou" }), { id: "" });
      assert.deepEqual(actions(), [["DescribeAIConversation", "FailedOperation.TaskNotExist"]]);
    });

    it("returns an empty id for InvalidParameter.TaskId and FailedOperation.TaskFinished", async () => {
      const p = await configured();
      assert.deepEqual(await p.read("not a task id", { region: "ap-guangzhou" }), { id: "" });
      emulator.addFault({
        action: "DescribeAIConversation",
        mode: "error",
        code: "FailedOperation.TaskFinished",
        count: 1,
      });
      assert.deepEqual(await p.read(UNKNOWN_TASK_ID, { region: "ap-guangzhou" }), { id: "" });
      assert.deepEqual(actions(), [
        ["DescribeAIConversation", "InvalidParameter.TaskId"],
        ["DescribeAIConversation", "FailedOperation.TaskFinished"],
      ]);
    });

    it("keeps every other error an error", async () => {
      const p = await configured();
      emulator.addFault({
        action: "DescribeAIConversation",
        mode: "error",
        code: "AuthFailure.UnauthorizedOperation",
        count: 1,
      });
      const err = await rejection(p.read(UNKNOWN_TASK_ID, { region: "ap-guangzhou" }));
      assert.match(err.message, /AuthFailure\.UnauthorizedOperation/);
    });
  });

  describe("update", () => {
    it("returns the full output set of the running task", async () => {
      const p = await configured();
      const news = await checked(p);
      const created = await p.create(news);
      const olds = created.outs as Raw;
      const result = await p.update(created.id, olds, { ...news, __provider: "newer code" });
      const outs = result.outs as Raw;
      assert.equal(outs.taskId, created.id);
      assert.equal(outs.sessionId, olds.sessionId);
      assert.equal(outs.requestId, olds.requestId);
      assert.equal(outs.status, "InProgress");
      assert.ok((outs.defaultsApplied as string[]).includes("sessionId"));
      assert.ok(!("__provider" in outs));
    });
  });

  describe("delete", () => {
    it("stops the task", async () => {
      const p = await configured();
      const created = await p.create(await checked(p));
      emulator.clearRequests();
      await p.delete(created.id, created.outs as Raw);
      assert.deepEqual(actions(), [["StopAIConversation", null]]);
      assert.equal(emulator.tasks()[0].status, "Stopped");
    });

    it("succeeds for a TaskId the API does not know", async () => {
      const p = await configured();
      await p.delete(UNKNOWN_TASK_ID, { region: "ap-guangzhou" });
      assert.deepEqual(actions(), [["StopAIConversation", "FailedOperation.TaskNotExist"]]);
    });

    it("succeeds for InvalidParameter.TaskId and FailedOperation.TaskFinished, and fails on other errors", async () => {
      const p = await configured();
      await p.delete("not a task id", { region: "ap-guangzhou" });
      assert.deepEqual(actions(), [["StopAIConversation", "InvalidParameter.TaskId"]]);
      emulator.addFault({
        action: "StopAIConversation",
        mode: "error",
        code: "FailedOperation.TaskFinished",
        count: 1,
      });
      await p.delete(UNKNOWN_TASK_ID, { region: "ap-guangzhou" });
      emulator.addFault({
        action: "StopAIConversation",
        mode: "error",
        code: "FailedOperation.NotAllowed",
        count: 1,
      });
      const err = await rejection(p.delete(UNKNOWN_TASK_ID, { region: "ap-guangzhou" }));
      assert.match(err.message, /FailedOperation\.NotAllowed/);
    });

    it("succeeds for a task that was already stopped", async () => {
      const p = await configured();
      const created = await p.create(await checked(p));
      await p.delete(created.id, created.outs as Raw);
      await p.delete(created.id, created.outs as Raw);
      assert.equal(emulator.tasks()[0].status, "Stopped");
    });
  });

  describe("capacity (ResourceInsufficient.RequestRejection)", () => {
    it("retries a rejected start with backoff and starts exactly one bot", async () => {
      const p = await configured();
      emulator.addFault({
        action: "StartAIConversation",
        mode: "error",
        code: "ResourceInsufficient.RequestRejection",
        count: 2,
      });
      const created = await p.create(await checked(p));
      assert.ok(created.id);
      assert.equal(
        actions().filter(([a]) => a === "StartAIConversation").length,
        3,
        JSON.stringify(actions()),
      );
      assert.equal(emulator.tasks().length, 1);
    });

    it("gives up within trtc:retryTimeoutSeconds with advice, leaving no bot", async () => {
      const limited = await startEmulator({ preparingMs: 0, maxTasks: 0 });
      try {
        const p = await configured(
          { "trtc:retryTimeoutSeconds": "2", "trtc:maxRetries": "10" },
          limited,
        );
        const started = Date.now();
        const err = await rejection(p.create(await checked(p)));
        assert.ok(Date.now() - started < 10_000);
        assert.match(err.message, /ResourceInsufficient\.RequestRejection/);
        assert.match(err.message, /raise trtc:retryTimeoutSeconds/);
        assert.ok(
          limited.requests().filter((r) => r.action === "StartAIConversation").length > 1,
          "retried",
        );
        assert.equal(limited.tasks().length, 0);
      } finally {
        await limited.stop();
      }
    });
  });

  describe("failures", () => {
    it("fails fast on an auth failure, with one request and advice in the message", async () => {
      const p = await configured({ "trtc:secretKey": "wrong-secret-key-0123" });
      const inputs = await checked(p);
      const err = await rejection(p.create(inputs));
      assert.equal(emulator.requests().length, 1);
      assert.deepEqual(actions(), [["StartAIConversation", "AuthFailure.SignatureFailure"]]);
      assert.match(
        err.message,
        /^StartAIConversation failed: AuthFailure\.SignatureFailure: .*\(RequestId [0-9a-f-]+\)\. The SecretKey does not match the SecretId; check trtc:secretKey \(or TENCENTCLOUD_SECRET_KEY\)\.$/,
      );
      assert.ok(!err.message.includes("wrong-secret-key-0123"));
      assert.deepEqual(emulator.tasks(), []);
    });

    it("fails with the missing-credentials error before any call", async () => {
      // The provider falls back to the environment; this case needs it empty for its duration.
      const saved = {
        id: process.env.TENCENTCLOUD_SECRET_ID,
        key: process.env.TENCENTCLOUD_SECRET_KEY,
      };
      delete process.env.TENCENTCLOUD_SECRET_ID;
      delete process.env.TENCENTCLOUD_SECRET_KEY;
      try {
        const p = await configured({ "trtc:secretId": "", "trtc:secretKey": "" });
        const err = await rejection(p.create(await checked(p)));
        assert.match(err.message, /^Missing Tencent Cloud credentials\./);
        assert.deepEqual(emulator.requests(), []);
      } finally {
        if (saved.id !== undefined) process.env.TENCENTCLOUD_SECRET_ID = saved.id;
        if (saved.key !== undefined) process.env.TENCENTCLOUD_SECRET_KEY = saved.key;
      }
    });

    it("does not swallow an auth failure on delete", async () => {
      const p = await configured({ "trtc:secretKey": "wrong-secret-key-0123" });
      const err = await rejection(p.delete("some-task.", { region: "ap-guangzhou" }));
      assert.match(err.message, /^StopAIConversation failed: AuthFailure\.SignatureFailure: /);
      assert.equal(emulator.requests().length, 1);
    });

    it("gives up on a persistent InternalError after the configured retries, saying a re-run adopts", async () => {
      const p = await configured({ "trtc:maxRetries": "1" });
      emulator.addFault({ action: "StartAIConversation", mode: "error", code: "InternalError" });
      const inputs = await checked(p);
      const err = await rejection(p.create(inputs));
      assert.deepEqual(actions(), [
        ["StartAIConversation", "InternalError"],
        ["StartAIConversation", "InternalError"],
        ["DescribeAIConversation", "FailedOperation.TaskNotExist"],
      ]);
      assert.match(
        err.message,
        /^StartAIConversation failed after 2 attempts: InternalError: .*\(RequestId [0-9a-f-]+\)\. If the bot was started anyway, the next `pulumi up` adopts it \(SessionId pt-[0-9a-f]{40}\) instead of starting a second one\.$/,
      );
      assert.deepEqual(emulator.tasks(), []);
    });

    it("never puts the LLM apiKey into an error message", async () => {
      const p = await configured();
      // The API quotes a value it rejects (here, the key itself, through an emulator fault).
      emulator.addFault({
        action: "StartAIConversation",
        mode: "error",
        code: "InvalidParameterValue",
        message: `Invalid value for LLMConfig.History: "${LLM_API_KEY}".`,
      });
      const err = await rejection(p.create(await checked(p)));
      assert.deepEqual(actions(), [["StartAIConversation", "InvalidParameterValue"]]);
      assert.match(err.message, /LLMConfig\.History: "\[secret\]"/);
      assert.ok(!err.message.includes(LLM_API_KEY), err.message);
      assert.ok(!JSON.stringify({ ...err }).includes(LLM_API_KEY));
    });

    it("never puts the userSigSecret into an error message", async () => {
      const p = await configured();
      emulator.addFault({
        action: "StartAIConversation",
        mode: "error",
        code: "InvalidParameterValue",
        message: `Invalid value for LLMConfig.History: "${APP_KEY}".`,
      });
      const err = await rejection(p.create(await checked(p)));
      assert.match(err.message, /LLMConfig\.History: "\[secret\]"/);
      assert.ok(!err.message.includes(APP_KEY), err.message);
      assert.ok(!JSON.stringify({ ...err }).includes(APP_KEY));
    });

    it("starts no second bot when the SessionId's holder cannot be looked up", async () => {
      const p = await configured({ "trtc:maxRetries": "0" });
      const inputs = await checked(p);
      await p.create(inputs);
      emulator.addFault({ action: "DescribeAIConversation", mode: "error", code: "InternalError" });
      const err = await rejection(p.create(inputs));
      assert.match(err.message, /could not be looked up\. Run `pulumi up` again/);
      assert.equal(emulator.tasks().filter((t) => t.status !== "Stopped").length, 1);
      assert.equal(err.id, undefined);
    });

    it("fails fast, with advice, when the endpoint is not a TRTC API", async () => {
      const http = await import("node:http");
      const server = http.createServer((_req, res) => {
        res.writeHead(404);
        res.end("not found");
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      try {
        const port = (server.address() as { port: number }).port;
        const q = await configured({ "trtc:endpoint": `http://127.0.0.1:${port}` });
        const err = await rejection(q.create(await checked(q)));
        assert.match(err.message, /^StartAIConversation failed: HTTPError: HTTP 404/);
        assert.match(err.message, /check trtc:endpoint/);
        assert.doesNotMatch(err.message, /attempts/);
      } finally {
        server.close();
      }
    });
  });
});

/** An object's JSON text, to search for values that must not be there. */
function text(value: unknown): string {
  return JSON.stringify(value);
}
