import assert from "node:assert/strict";
import {
  ACTIONS,
  REGIONS,
  SITE_REGIONS,
  startEmulator,
  type RunningEmulator,
  type Site,
} from "../../emulator";
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
