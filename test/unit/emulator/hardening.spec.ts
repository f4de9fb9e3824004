/**
 * Hostile input the review `hostile-input.md` (part A) measured: a UserSig zlib bomb (A2), a
 * UserSig with crafted numbers (A3), a clock jump past the end of `Date` (A4) and error messages
 * that echo megabytes of input (A5). Each is checked on the unit that owns it and once through
 * HTTP on a running emulator.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { deflateSync } from "node:zlib";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import {
  ClockRangeError,
  EmulatorClock,
  MAX_DATE_MS,
  MAX_EMULATOR_TIME_MS,
  toIso,
} from "../../../emulator/clock";
import { ApiError, MAX_MESSAGE_LENGTH, truncateMessage } from "../../../emulator/errors";
import {
  MAX_INFLATED_USERSIG_BYTES,
  MAX_USERSIG_LENGTH,
  decodeUserSig,
  verifyUserSig,
} from "../../../emulator/usersig";
import {
  APP_KEY,
  SDK_APP_ID,
  expectApiError,
  signedRequest,
  startRequest,
  trtcClient,
} from "../../contract/helpers";

/** TLSSigAPIv2's text encoding of raw bytes: base64 with `+/=` replaced by `*-_`. */
function encode(bytes: Buffer): string {
  return deflateSync(bytes)
    .toString("base64")
    .replace(/\+/g, "*")
    .replace(/\//g, "-")
    .replace(/=/g, "_");
}

/** A UserSig whose JSON document is `json`, taken verbatim (so it may hold any number text). */
function craftedUserSig(json: string): string {
  return encode(Buffer.from(json, "utf8"));
}

/** The HMAC TLSSigAPIv2 computes, over the number texts exactly as given. */
function signFields(
  key: string,
  identifier: string,
  sdkAppId: string,
  time: string,
  expire: string,
) {
  const content =
    `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkAppId}\n` +
    `TLS.time:${time}\nTLS.expire:${expire}\n`;
  return createHmac("sha256", key).update(content, "utf8").digest("base64");
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

const expectation = (now = nowSeconds()) => ({
  userId: "ai_bot",
  sdkAppId: SDK_APP_ID,
  key: APP_KEY,
  nowSeconds: now,
});

/** The A3 reproducer of the review: a far-negative lifetime and a signature made without a key. */
function reviewA3UserSig(): string {
  return craftedUserSig(
    JSON.stringify({
      "TLS.ver": "2.0",
      "TLS.identifier": "ai_bot",
      "TLS.sdkappid": SDK_APP_ID,
      "TLS.time": nowSeconds(),
      "TLS.expire": -9e12,
      "TLS.sig": "x",
    }),
  );
}

/** A UserSig of zlib-deflated zeros that inflates to `bytes` (the A2 bomb). */
function zlibBomb(bytes: number): string {
  return encode(Buffer.alloc(bytes));
}

describe("emulator hardening against hostile input", () => {
  describe("UserSig zlib bomb (review A2)", () => {
    it("rejects a UserSig that inflates to more than 64 KiB quickly, without inflating all of it", () => {
      const bomb = zlibBomb(12 * 1024 * 1024); // 12 MiB of zeros in under 16 KiB of text
      assert.ok(bomb.length <= MAX_USERSIG_LENGTH, `the bomb is ${bomb.length} characters`);
      const external = process.memoryUsage().arrayBuffers;
      const started = process.hrtime.bigint();
      const problem = verifyUserSig(bomb, expectation());
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      const grown = process.memoryUsage().arrayBuffers - external;
      assert.equal(
        problem,
        `it cannot be decoded: it inflates to more than ${MAX_INFLATED_USERSIG_BYTES} bytes ` +
          "(a UserSig inflates to about 200)",
      );
      assert.ok(elapsedMs < 250, `took ${elapsedMs} ms`);
      assert.ok(grown < 4 * 1024 * 1024, `buffers grew by ${grown} bytes while decoding`);
    });

    it("rejects a UserSig longer than 16 KiB before decoding it", () => {
      // What a 1 GiB bomb looks like from outside: 1.4 million characters of valid base64.
      const huge = `eJw${"A".repeat(1_400_000)}`;
      const started = process.hrtime.bigint();
      assert.throws(
        () => decodeUserSig(huge),
        new Error(
          `it is ${huge.length} characters long, more than the ${MAX_USERSIG_LENGTH} a UserSig can be`,
        ),
      );
      assert.match(verifyUserSig(huge, expectation()) ?? "", /^it cannot be decoded: it is /);
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 100);
    });

    it("still accepts a valid UserSig whose document is large but under the cap", () => {
      const userId = "b".repeat(8000);
      const time = String(nowSeconds());
      const json = JSON.stringify({
        "TLS.ver": "2.0",
        "TLS.identifier": userId,
        "TLS.sdkappid": SDK_APP_ID,
        "TLS.time": Number(time),
        "TLS.expire": 86400,
        "TLS.sig": signFields(APP_KEY, userId, String(SDK_APP_ID), time, "86400"),
      });
      assert.equal(verifyUserSig(craftedUserSig(json), { ...expectation(), userId }), undefined);
    });
  });

  describe("UserSig with crafted fields (review A3)", () => {
    it("answers the review's reproducer (TLS.expire -9e12, no key) with a problem instead of throwing", () => {
      let problem: string | undefined;
      assert.doesNotThrow(() => {
        problem = verifyUserSig(reviewA3UserSig(), expectation());
      });
      assert.equal(problem, "its signature does not match the app's UserSig key");
    });

    it("checks the signature before trusting the identifier, app or expiry", () => {
      const forged = craftedUserSig(
        JSON.stringify({
          "TLS.identifier": "someone_else",
          "TLS.sdkappid": 1400009999,
          "TLS.time": 1,
          "TLS.expire": 1,
          "TLS.sig": "AAAA",
        }),
      );
      assert.equal(
        verifyUserSig(forged, expectation()),
        "its signature does not match the app's UserSig key",
      );
    });

    it("never throws on crafted numbers, signed with the key or not", () => {
      const numbers = [
        "-9e12",
        "-9000000000000",
        "9000000000000000",
        "1e300",
        "-1e300",
        "1.5",
        "1e400",
        '"NaN"',
        '"Infinity"',
        '"abc"',
        '"99999999999999999999999"',
        '"-5"',
        "null",
        "true",
        "[]",
        "{}",
      ];
      const now = nowSeconds();
      for (const time of [String(now), ...numbers]) {
        for (const expire of ["86400", ...numbers]) {
          for (const sig of [
            '"x"',
            JSON.stringify(signFields(APP_KEY, "ai_bot", String(SDK_APP_ID), time, expire)),
          ]) {
            const json =
              `{"TLS.ver":"2.0","TLS.identifier":"ai_bot","TLS.sdkappid":${SDK_APP_ID},` +
              `"TLS.time":${time},"TLS.expire":${expire},"TLS.sig":${sig}}`;
            let problem: string | undefined;
            assert.doesNotThrow(() => {
              problem = verifyUserSig(craftedUserSig(json), expectation(now));
            }, json);
            if (problem !== undefined) assert.equal(typeof problem, "string", json);
          }
        }
      }
      // Raw NaN is not JSON at all.
      assert.match(
        verifyUserSig(craftedUserSig('{"TLS.time":NaN}'), expectation(now)) ?? "",
        /its content is not a JSON object/,
      );
    });

    it("reports an expiry beyond the range of dates as Unix time, for a UserSig signed with the key", () => {
      const time = String(nowSeconds());
      const json =
        `{"TLS.ver":"2.0","TLS.identifier":"ai_bot","TLS.sdkappid":${SDK_APP_ID},` +
        `"TLS.time":${time},"TLS.expire":-9000000000000,` +
        `"TLS.sig":${JSON.stringify(signFields(APP_KEY, "ai_bot", String(SDK_APP_ID), time, "-9000000000000"))}}`;
      assert.equal(
        verifyUserSig(craftedUserSig(json), expectation()),
        `it expired at Unix time ${Number(time) - 9e12} s (outside the range of dates)`,
      );
    });

    it("names a malformed number field instead of calling it missing only", () => {
      const json = `{"TLS.identifier":"ai_bot","TLS.sdkappid":${SDK_APP_ID},"TLS.time":1e300,"TLS.expire":1,"TLS.sig":"x"}`;
      assert.throws(
        () => decodeUserSig(craftedUserSig(json)),
        /^Error: TLS\.time is missing or not an integer$/,
      );
    });
  });

  describe("clock jumps past the end of Date (review A4)", () => {
    const REAL = Date.UTC(2026, 10, 29);

    it("refuses advance(1e13) and advance(1e308) with a clear error and leaves the offset alone", () => {
      const clock = new EmulatorClock(() => REAL);
      clock.advance(60);
      for (const seconds of [1e13, 1e308, Number.MAX_VALUE]) {
        assert.throws(
          () => clock.advance(seconds),
          (error: unknown) => {
            assert.ok(error instanceof ClockRangeError);
            assert.ok(error instanceof RangeError);
            assert.match(
              error.message,
              /^Invalid value for advanceSeconds: \S+\. It would move emulator time past \+?\d+-\d\d-\d\dT.*Z, .*Use at most \d+ seconds, or reset the emulator first\.$/,
            );
            return true;
          },
        );
        assert.equal(clock.offset, 60_000);
        assert.equal(clock.nowMs(), REAL + 60_000);
      }
    });

    it("refuses negative and non-finite steps as before", () => {
      const clock = new EmulatorClock(() => REAL);
      for (const seconds of [-1, Number.NaN, Infinity, -Infinity]) {
        assert.throws(() => clock.advance(seconds), ClockRangeError);
      }
      assert.equal(clock.offset, 0);
    });

    it("advances right up to the limit, where times can still be shown, and not one second further", () => {
      const clock = new EmulatorClock(() => REAL);
      const maxSeconds = Math.floor((MAX_EMULATOR_TIME_MS - REAL) / 1000);
      clock.advance(maxSeconds);
      assert.ok(clock.nowMs() <= MAX_EMULATOR_TIME_MS);
      assert.match(toIso(clock.nowMs()), /^\+27\d{4}-/);
      assert.throws(() => clock.advance(1), /Use at most 0 seconds/);
      assert.equal(clock.offset, maxSeconds * 1000);
      assert.ok(MAX_EMULATOR_TIME_MS < MAX_DATE_MS);
    });

    it("ignores a persisted offset past the limit (a state file from before the fix)", () => {
      const clock = new EmulatorClock(() => REAL);
      clock.restoreOffset(1e16);
      assert.equal(clock.offset, 0);
      clock.restoreOffset(3_600_000);
      assert.equal(clock.offset, 3_600_000);
    });

    it("names the problem when asked to show a time no Date can hold", () => {
      assert.throws(
        () => toIso(1e16),
        /^RangeError: Cannot show 10000000000000000 ms since the epoch as a date/,
      );
    });

    describe("through POST /_emulator/clock", () => {
      let emulator: RunningEmulator;

      before(async () => {
        emulator = await startEmulator({ port: 0 });
      });
      after(() => emulator.stop());

      async function post(body: string): Promise<{ status: number; body: unknown }> {
        const response = await fetch(`http://127.0.0.1:${emulator.port}/_emulator/clock`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
        });
        return { status: response.status, body: await response.json() };
      }

      it("answers 400 with the clock's message for 1e13 and 1e308, and the emulator keeps working", async () => {
        for (const body of ['{"advanceSeconds":1e13}', '{"advanceSeconds":1e308}']) {
          const answer = await post(body);
          assert.equal(answer.status, 400, JSON.stringify(answer.body));
          assert.match(
            (answer.body as { error: string }).error,
            /^Invalid value for advanceSeconds: \S+\. It would move emulator time past .*Use at most \d+ seconds/,
          );
        }
        const clock = await fetch(`http://127.0.0.1:${emulator.port}/_emulator/clock`);
        assert.equal(clock.status, 200);
        assert.equal(((await clock.json()) as { offsetSeconds: number }).offsetSeconds, 0);

        const client = trtcClient(emulator);
        const { TaskId } = await client.StartAIConversation(startRequest());
        const described = await client.DescribeAIConversation({ TaskId });
        assert.equal(described.TaskId, TaskId);
        const tasks = await fetch(`http://127.0.0.1:${emulator.port}/_emulator/tasks`);
        assert.equal(tasks.status, 200);
      });

      it("still accepts a large jump within the limit", async () => {
        const answer = await post('{"advanceSeconds":1e12}');
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal((answer.body as { offsetSeconds: number }).offsetSeconds, 1e12);
      });
    });
  });

  describe("error messages that echo huge input (review A5)", () => {
    it("caps an ApiError's message, keeping its start and its end", () => {
      const name = "x".repeat(1024 * 1024);
      const error = new ApiError(
        "UnknownParameter",
        `The parameter \`${name}\` is not recognized. Remove it; the fields allowed here are: A, B.`,
      );
      assert.ok(error.message.length <= MAX_MESSAGE_LENGTH, `${error.message.length} characters`);
      assert.ok(Buffer.byteLength(error.message) <= 1100);
      assert.match(
        error.message,
        /^The parameter `x+ … \(truncated: \d+ characters left out\) … x+` is not recognized\. Remove it; the fields allowed here are: A, B\.$/,
      );
    });

    it("leaves a short message as it is", () => {
      const message = "The task does not exist or has ended.";
      assert.equal(new ApiError("FailedOperation.TaskNotExist", message).message, message);
      const edge = "y".repeat(MAX_MESSAGE_LENGTH);
      assert.equal(truncateMessage(edge), edge);
    });

    it("never splits a surrogate pair", () => {
      for (const pad of ["", "a"]) {
        const cut = truncateMessage(`${pad}${"😀".repeat(5000)}${pad}`);
        assert.ok(cut.length <= MAX_MESSAGE_LENGTH);
        assert.doesNotMatch(
          cut,
          /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
          "no lone surrogate",
        );
      }
    });

    describe("through the API", () => {
      let emulator: RunningEmulator;

      before(async () => {
        emulator = await startEmulator({ port: 0 });
      });
      after(() => emulator.stop());

      it("answers a Start with a 1 MiB unknown parameter name with a small UnknownParameter envelope", async () => {
        const body = JSON.stringify({ ...startRequest(), ["p".repeat(1024 * 1024)]: 1 });
        const response = await signedRequest(emulator, { action: "StartAIConversation", body });
        assert.equal(response.status, 200);
        assert.ok(response.text.length < 2048, `the answer is ${response.text.length} bytes`);
        const { Error } = (
          response.json() as { Response: { Error: { Code: string; Message: string } } }
        ).Response;
        assert.equal(Error.Code, "UnknownParameter");
        assert.match(
          Error.Message,
          /^The parameter `p+ … \(truncated: \d+ characters left out\) … p+` is not recognized\. Remove it; the fields allowed here are: SdkAppId, /,
        );
      });
    });
  });

  describe("hostile UserSigs through StartAIConversation (review A2, A3)", () => {
    let emulator: RunningEmulator;

    before(async () => {
      emulator = await startEmulator({ port: 0 });
    });
    after(() => emulator.stop());

    it("answers the A3 reproducer with InvalidParameter.UserSig, not InternalError", async () => {
      const request = startRequest();
      request.AgentConfig.UserSig = reviewA3UserSig();
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(request),
        "InvalidParameter.UserSig",
        /its signature does not match the app's UserSig key/,
      );
    });

    it("answers a UserSig zlib bomb with InvalidParameter.UserSig, and quickly", async () => {
      const request = startRequest();
      request.AgentConfig.UserSig = zlibBomb(12 * 1024 * 1024);
      const started = Date.now();
      await expectApiError(
        emulator,
        trtcClient(emulator).StartAIConversation(request),
        "InvalidParameter.UserSig",
        /it inflates to more than 65536 bytes/,
      );
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    });
  });
});
