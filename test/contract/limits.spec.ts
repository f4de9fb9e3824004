import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { expectApiError, startRequest, trtcClient } from "./helpers";

describe("contract: per-action rate limits", () => {
  let emulator: RunningEmulator;

  afterEach(() => emulator.stop());

  it("accepts 20 of a burst of 40 Starts within one second and refuses the rest with RequestLimitExceeded", async () => {
    emulator = await startEmulator({ port: 0 });
    const client = trtcClient(emulator);
    // Build (and sign UserSigs for) every request first, so the burst itself is only HTTP.
    const requests = Array.from({ length: 40 }, (_, i) =>
      startRequest({ RoomId: String(1000 + i), SessionId: `burst-${i}` }),
    );
    const results = await Promise.allSettled(requests.map((r) => client.StartAIConversation(r)));

    const log = emulator.requests();
    const span = Date.parse(log[log.length - 1].time) - Date.parse(log[0].time);
    assert.ok(span < 1000, `the burst took ${span} ms; it must fit in one second to test the cap`);
    const accepted = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) =>
      r.status === "rejected" ? [r.reason as { code?: string; requestId: string }] : [],
    );
    assert.equal(accepted.length, 20);
    assert.equal(refused.length, 20);
    for (const error of refused) {
      assert.equal(error.code, "RequestLimitExceeded");
      assert.ok(error.requestId);
    }
    assert.equal(emulator.tasks().length, 20);
    assert.equal(log.filter((e) => e.code === "RequestLimitExceeded").length, 20);
  });

  it("counts actions separately and frees the window after one second", async () => {
    emulator = await startEmulator({ port: 0, rates: { DescribeAIConversation: 2 } });
    const client = trtcClient(emulator);
    const describe = () => client.DescribeAIConversation({ TaskId: "t" });
    await expectApiError(emulator, describe(), "FailedOperation.TaskNotExist");
    await expectApiError(emulator, describe(), "FailedOperation.TaskNotExist");
    await expectApiError(
      emulator,
      describe(),
      "RequestLimitExceeded",
      /DescribeAIConversation allows 2 requests per second per SecretId/,
    );
    await expectApiError(
      emulator,
      client.StopAIConversation({ TaskId: "t" }),
      "FailedOperation.TaskNotExist",
    );
    await new Promise((resolve) => setTimeout(resolve, 1050));
    await expectApiError(emulator, describe(), "FailedOperation.TaskNotExist");
  });

  it("does not limit an action whose rate is 0", async () => {
    emulator = await startEmulator({ port: 0, rates: { StartAIConversation: 0 } });
    const client = trtcClient(emulator);
    const requests = Array.from({ length: 30 }, (_, i) =>
      startRequest({ RoomId: String(2000 + i) }),
    );
    const results = await Promise.all(requests.map((r) => client.StartAIConversation(r)));
    assert.equal(results.length, 30);
  });
});
