import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import {
  ACTIONS,
  REGIONS,
  SITE_REGIONS,
  startEmulator,
  type RunningEmulator,
  type Site,
} from "../../emulator";
import { AIConversationProvider } from "../../provider/ai-conversation/provider";
import { SHARED_LIFE_REGIONS } from "../../provider/trtc/sites";
import {
  expectApiError,
  startRequest,
  startTask,
  trtcClient,
  UNKNOWN_TASK_ID,
  type Client,
} from "./helpers";

/** Calls `action` with a body that passes validation (an unknown task, or a valid Start). */
function call(client: Client, action: (typeof ACTIONS)[number]): Promise<unknown> {
  switch (action) {
    case "StartAIConversation":
      return client.StartAIConversation(
        startRequest({ RoomId: String(Math.floor(Math.random() * 1e6) + 1) }),
      );
    case "StopAIConversation":
      return client.StopAIConversation({ TaskId: UNKNOWN_TASK_ID });
    case "DescribeAIConversation":
      return client.DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID });
    case "UpdateAIConversation":
      return client.UpdateAIConversation({ TaskId: UNKNOWN_TASK_ID, WelcomeMessage: "hi" });
    case "ControlAIConversation":
      return client.ControlAIConversation({
        TaskId: UNKNOWN_TASK_ID,
        Command: "ServerPushText",
        ServerPushText: { Text: "hi" },
      });
  }
}

/** Every region either site serves, and one neither does. */
const ALL_REGIONS = [...REGIONS, "eu-frankfurt"];

for (const site of ["intl", "china"] as Site[]) {
  describe(`contract: regions of the ${site} site`, function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;

    before(async () => {
      emulator = await startEmulator({
        site,
        rates: Object.fromEntries(ACTIONS.map((a) => [a, 0])),
      });
    });

    after(() => emulator?.stop());

    it("answers each action in exactly the regions its page lists, UnsupportedRegion elsewhere", async () => {
      for (const action of ACTIONS) {
        for (const region of ALL_REGIONS) {
          const client = trtcClient(emulator, { region });
          const outcome = await call(client, action).then(
            () => "ok",
            (e: { code?: string }) => e.code,
          );
          const listed = SITE_REGIONS[site][action].includes(region);
          if (listed) {
            assert.ok(
              outcome === "ok" || outcome === "FailedOperation.TaskNotExist",
              `${site} ${action} ${region}: ${outcome}`,
            );
          } else {
            assert.equal(outcome, "UnsupportedRegion", `${site} ${action} ${region}`);
          }
        }
      }
    });
  });
}

describe("contract: the regions of each site, as the pages list them", () => {
  it("intl: Start and Control add na-ashburn; no China-only region", () => {
    const base = ["ap-guangzhou", "ap-singapore", "ap-tokyo", "na-siliconvalley"];
    assert.deepEqual([...SITE_REGIONS.intl.StopAIConversation], base);
    assert.deepEqual([...SITE_REGIONS.intl.DescribeAIConversation], base);
    assert.deepEqual([...SITE_REGIONS.intl.UpdateAIConversation], base);
    for (const action of ["StartAIConversation", "ControlAIConversation"] as const) {
      assert.deepEqual([...SITE_REGIONS.intl[action]].sort(), [...base, "na-ashburn"].sort());
    }
  });

  it("china: every action lists ap-beijing and ap-shanghai", () => {
    for (const action of ACTIONS) {
      assert.ok(SITE_REGIONS.china[action].includes("ap-beijing"));
      assert.ok(SITE_REGIONS.china[action].includes("ap-shanghai"));
    }
  });
});

describe("contract: a task belongs to its region", () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ site: "china" });
  });

  after(() => emulator?.stop());

  it("is found from its own region and not from another", async () => {
    const TaskId = await startTask(trtcClient(emulator, { region: "ap-singapore" }));
    const home = trtcClient(emulator, { region: "ap-singapore" });
    const other = trtcClient(emulator, { region: "ap-tokyo" });
    assert.equal((await home.DescribeAIConversation({ TaskId })).TaskId, TaskId);
    for (const wrong of [
      () => other.DescribeAIConversation({ TaskId }),
      () => other.StopAIConversation({ TaskId }),
      () => other.UpdateAIConversation({ TaskId, WelcomeMessage: "hi" }),
      () =>
        other.ControlAIConversation({
          TaskId,
          Command: "ServerPushText",
          ServerPushText: { Text: "x" },
        }),
    ]) {
      await expectApiError(emulator, wrong(), "FailedOperation.TaskNotExist");
    }
    assert.equal(emulator.tasks()[0].region, "ap-singapore");
    assert.equal(emulator.tasks()[0].stopTime, null);
    await home.StopAIConversation({ TaskId });
    assert.equal(emulator.tasks()[0].status, "Stopped");
  });
});

describe("contract: a bot with no site set, through the provider, on either site", function () {
  this.timeout(60_000);
  const PROVIDER_CODE = "exports.handler = __provider_code";

  for (const site of ["intl", "china"] as Site[]) {
    it(`starts, looks up and stops a bot in each region both sites serve (${site})`, async () => {
      const emulator = await startEmulator({ site, preparingMs: 0 });
      try {
        const map: Record<string, string> = {
          "trtc:endpoint": emulator.url,
          "trtc:secretId": emulator.secretId,
          "trtc:secretKey": emulator.secretKey,
        };
        const provider = new AIConversationProvider();
        await provider.configure({
          config: { get: (key: string) => map[key] },
        } as unknown as pulumi.dynamic.ConfigureRequest);
        for (const region of SHARED_LIFE_REGIONS) {
          const checked = await provider.check(
            {},
            {
              sdkAppId: 1400000000,
              roomId: `room-${region}`,
              region,
              agentConfig: {
                userId: "ai_bot",
                userSigSecret: "emulator-app-key",
                targetUserId: "user_1",
              },
              llmConfig: {
                llmType: "openai",
                model: "gpt-4o-mini",
                apiKey: "sk-test",
                apiUrl: "https://api.openai.com/v1/chat/completions",
              },
              ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
              __provider: PROVIDER_CODE,
            },
          );
          assert.equal(checked.failures, undefined, region);
          assert.ok(checked.inputs, region);
          const inputs = { ...checked.inputs, __provider: PROVIDER_CODE };
          const created = await provider.create(inputs);
          const state = created.outs ?? {};
          const read = await provider.read(created.id, state);
          assert.equal(read.id, created.id, region);
          await provider.delete(created.id, state);
        }
        const lives = emulator
          .requests()
          .filter((r) => r.action !== null)
          .map((r) => [r.action, r.region, r.code]);
        for (const [action, region, code] of lives) {
          assert.equal(code, null, `${site} ${action} ${region}`);
        }
        for (const region of SHARED_LIFE_REGIONS) {
          for (const action of [
            "StartAIConversation",
            "DescribeAIConversation",
            "StopAIConversation",
          ]) {
            assert.ok(
              lives.some(([a, r]) => a === action && r === region),
              `${site} ${action} ${region}: ${JSON.stringify(lives)}`,
            );
          }
        }
        assert.deepEqual(
          emulator.tasks().map((t) => [t.region, t.status]),
          SHARED_LIFE_REGIONS.map((r) => [r, "Stopped"]),
        );
      } finally {
        await emulator.stop();
      }
    });
  }
});
