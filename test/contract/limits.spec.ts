import assert from "node:assert/strict";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { expectApiError, startRequest, trtcClient, UNKNOWN_TASK_ID } from "./helpers";

describe("contract: per-action rate limits", () => {
  let emulator: RunningEmulator;

  afterEach(() => emulator.stop());

  it("accepts 20 of a burst of 40 Starts within one second at a 20/s cap and refuses the rest with RequestLimitExceeded", async () => {
    emulator = await startEmulator({ port: 0, rates: { StartAIConversation: 20 } });
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
    const describe = () => client.DescribeAIConversation({ TaskId: UNKNOWN_TASK_ID });
    await expectApiError(emulator, describe(), "FailedOperation.TaskNotExist");
    await expectApiError(emulator, describe(), "FailedOperation.TaskNotExist");
    await expectApiError(
      emulator,
      describe(),
      "RequestLimitExceeded",
      /DescribeAIConversation allows 2 requests per second per account/,
    );
    await expectApiError(
      emulator,
      client.StopAIConversation({ TaskId: UNKNOWN_TASK_ID }),
      "FailedOperation.TaskNotExist",
    );
    await new Promise((resolve) => setTimeout(resolve, 1050));
    await expectApiError(emulator, describe(), "FailedOperation.TaskNotExist");
  });

  it("shares an account's caps among its keys; another account has its own", async () => {
    emulator = await startEmulator({
      port: 0,
      rates: { DescribeAIConversation: 2 },
      keys: [
        { secretId: "AKIDSECOND", secretKey: "second-key", account: "100001" },
        { secretId: "AKIDTHIRD", secretKey: "third-key", account: "100001" },
        { secretId: "AKIDOTHER", secretKey: "other-key" },
      ],
    });
    const as = (secretId: string, secretKey: string) =>
      trtcClient(emulator, { secretId, secretKey }).DescribeAIConversation({
        TaskId: UNKNOWN_TASK_ID,
      });
    await expectApiError(emulator, as("AKIDSECOND", "second-key"), "FailedOperation.TaskNotExist");
    await expectApiError(emulator, as("AKIDTHIRD", "third-key"), "FailedOperation.TaskNotExist");
    await expectApiError(emulator, as("AKIDSECOND", "second-key"), "RequestLimitExceeded");
    await expectApiError(emulator, as("AKIDTHIRD", "third-key"), "RequestLimitExceeded");
    await expectApiError(emulator, as("AKIDOTHER", "other-key"), "FailedOperation.TaskNotExist");
    await expectApiError(
      emulator,
      as(emulator.secretId, emulator.secretKey),
      "FailedOperation.TaskNotExist",
    );
  });

  it("defaults to the site's caps: Start 50/s on both sites, Stop 20/s intl and 50/s china", async () => {
    for (const [site, stops] of [
      ["intl", 20],
      ["china", 50],
    ] as const) {
      emulator = await startEmulator({ port: 0, site });
      const client = trtcClient(emulator, { region: "ap-singapore" });
      const requests = Array.from({ length: 60 }, (_, i) =>
        startRequest({ RoomId: String(3000 + i), SessionId: `cap-${i}` }),
      );
      const starts = await Promise.allSettled(requests.map((r) => client.StartAIConversation(r)));
      const stopResults = await Promise.allSettled(
        Array.from({ length: 60 }, () => client.StopAIConversation({ TaskId: UNKNOWN_TASK_ID })),
      );
      const throttled = (results: PromiseSettledResult<unknown>[]) =>
        results.filter(
          (r) =>
            r.status === "rejected" &&
            (r.reason as { code?: string }).code === "RequestLimitExceeded",
        ).length;
      const log = emulator.requests();
      const span = Date.parse(log[log.length - 1].time) - Date.parse(log[0].time);
      assert.ok(span < 1000, `the bursts took ${span} ms; they must fit in one second`);
      assert.equal(60 - throttled(starts), 50, `${site} Start`);
      assert.equal(60 - throttled(stopResults), stops, `${site} Stop`);
      await emulator.stop();
    }
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
