import assert from "node:assert/strict";
import { adviceFor, isRetryable, redact, TrtcApiError } from "../../../provider/trtc/errors";

function apiError(code: string, requestId: string | undefined = "8e1f2c3d-req") {
  return new TrtcApiError({
    action: "StartAIConversation",
    code,
    message: "Tencent's message.",
    requestId,
  });
}

describe("TrtcApiError", () => {
  it("formats action, code, message and RequestId", () => {
    const err = new TrtcApiError({
      action: "StartAIConversation",
      code: "FailedOperation.TaskExist",
      message: "The task already exists.",
      requestId: "8e1f2c3d-0000-4000-8000-000000000000",
    });
    assert.equal(
      err.message,
      "StartAIConversation failed: FailedOperation.TaskExist: The task already exists. (RequestId 8e1f2c3d-0000-4000-8000-000000000000)",
    );
  });

  it("is an Error named TrtcApiError carrying its parts as properties", () => {
    const err = apiError("FailedOperation.TaskExist");
    assert.ok(err instanceof Error);
    assert.equal(err.name, "TrtcApiError");
    assert.equal(err.action, "StartAIConversation");
    assert.equal(err.code, "FailedOperation.TaskExist");
    assert.equal(err.apiMessage, "Tencent's message.");
    assert.equal(err.requestId, "8e1f2c3d-req");
    assert.equal(err.attempts, 1);
  });

  it("leaves out the RequestId when the API never answered", () => {
    const err = new TrtcApiError({
      action: "DescribeAIConversation",
      code: "NetworkError",
      message: "socket hang up",
    });
    assert.equal(err.message, "DescribeAIConversation failed: NetworkError: socket hang up");
    assert.equal(err.requestId, undefined);
  });

  it("says how many attempts were made when there was more than one", () => {
    const err = new TrtcApiError({
      action: "StopAIConversation",
      code: "InternalError",
      message: "boom",
      requestId: "r-1",
      attempts: 4,
    });
    assert.equal(
      err.message,
      "StopAIConversation failed after 4 attempts: InternalError: boom (RequestId r-1)",
    );
    assert.equal(err.attempts, 4);
  });

  it("adds advice to enable the ability for FailedOperation.NotAbility", () => {
    assert.equal(
      apiError("FailedOperation.NotAbility").message,
      "StartAIConversation failed: FailedOperation.NotAbility: Tencent's message. (RequestId 8e1f2c3d-req). Enable the AI conversation ability for this SdkAppId in the TRTC console (or check sdkAppId).",
    );
  });

  it("adds advice for FailedOperation.NotAllowed: check the app and the feature, then a ticket", () => {
    assert.equal(
      apiError("FailedOperation.NotAllowed").message,
      "StartAIConversation failed: FailedOperation.NotAllowed: Tencent's message. (RequestId 8e1f2c3d-req). Tencent Cloud does not allow this account or app to run AI conversations: check that sdkAppId belongs to the account of trtc:secretId and that the AI conversation feature is enabled (and approved, where Tencent requires it) for it in the TRTC console; if both are so, submit a ticket to Tencent Cloud support quoting the RequestId.",
    );
  });

  it("adds advice to regenerate the UserSig for InvalidParameter.UserSig", () => {
    assert.equal(
      apiError("InvalidParameter.UserSig").message,
      "StartAIConversation failed: InvalidParameter.UserSig: Tencent's message. (RequestId 8e1f2c3d-req). The UserSig is wrong or expired for agentConfig.userId; regenerate it, or set agentConfig.userSigSecret so the provider makes a fresh one.",
    );
  });

  it("adds advice for ResourceInsufficient.RequestRejection", () => {
    assert.equal(
      apiError("ResourceInsufficient.RequestRejection").message,
      "StartAIConversation failed: ResourceInsufficient.RequestRejection: Tencent's message. (RequestId 8e1f2c3d-req). TRTC had no capacity for this bot within trtc:retryTimeoutSeconds; run `pulumi up` again later, raise trtc:retryTimeoutSeconds, or ask Tencent Cloud support for more concurrent AI conversations.",
    );
  });

  it("adds advice naming the config key for AuthFailure.SignatureFailure", () => {
    assert.equal(
      apiError("AuthFailure.SignatureFailure").message,
      "StartAIConversation failed: AuthFailure.SignatureFailure: Tencent's message. (RequestId 8e1f2c3d-req). The SecretKey does not match the SecretId; check trtc:secretKey (or TENCENTCLOUD_SECRET_KEY).",
    );
  });

  it("adds advice for the other AuthFailure codes the API documents", () => {
    const expected: Record<string, RegExp> = {
      "AuthFailure.SecretIdNotFound": /check trtc:secretId \(or TENCENTCLOUD_SECRET_ID\)/,
      "AuthFailure.SignatureExpire": /clock is more than 5 minutes off/,
      "AuthFailure.InvalidAuthorization": /not signed correctly/,
      "AuthFailure.TokenFailure": /refresh trtc:securityToken/,
      "AuthFailure.UnauthorizedOperation": /CAM permission/,
    };
    for (const [code, advice] of Object.entries(expected)) {
      assert.match(apiError(code).message, advice, code);
    }
  });

  it("adds advice for every AuthFailure.* code, including ones without a specific text", () => {
    for (const code of ["AuthFailure.InvalidSecretId", "AuthFailure.MFAFailure"]) {
      assert.ok(adviceFor(code), `advice for ${code}`);
      assert.ok(!apiError(code).message.endsWith("(RequestId 8e1f2c3d-req)"), code);
    }
  });

  it("adds rate-limit advice for every RequestLimitExceeded code", () => {
    for (const code of ["RequestLimitExceeded", "RequestLimitExceeded.UinLimitExceeded"]) {
      assert.match(apiError(code).message, /set trtc:rateLimits below your quota\.$/, code);
    }
  });

  it("adds no advice for codes it does not know", () => {
    assert.equal(
      apiError("FailedOperation.TaskExist").message,
      "StartAIConversation failed: FailedOperation.TaskExist: Tencent's message. (RequestId 8e1f2c3d-req)",
    );
    assert.equal(adviceFor("InvalidParameterValue"), undefined);
    assert.equal(adviceFor(undefined), undefined);
  });
});

describe("redact", () => {
  it("replaces every occurrence of every secret with [secret]", () => {
    assert.equal(
      redact("key sk-live-1 then sk-live-1 and sig eJw1abc", ["sk-live-1", "eJw1abc"]),
      "key [secret] then [secret] and sig [secret]",
    );
  });

  it("ignores undefined, empty and very short secrets", () => {
    assert.equal(redact("a bc abc value", [undefined, "", "a", "bc", "abc"]), "a bc abc value");
  });

  it("leaves text without secrets unchanged", () => {
    assert.equal(redact("nothing here", ["sk-live-1"]), "nothing here");
  });

  it("treats secrets as literal text, not patterns", () => {
    assert.equal(redact("p.a+s$s(1) pXa+s", ["p.a+s$s(1)"]), "[secret] pXa+s");
  });

  const KEY = "sk-Hostile-LLM-Rotated-77aa88bb";

  it("scrubs upper- and lower-cased echoes", () => {
    assert.equal(
      redact(`upper ${KEY.toUpperCase()} lower ${KEY.toLowerCase()} end`, [KEY]),
      "upper [secret] lower [secret] end",
    );
  });

  it("scrubs upper- and lower-cased echoes of secrets shorter than 12 characters", () => {
    assert.equal(
      redact("sig AbCdEf9 and abcdef9 and ABCDEF9", ["aBcDeF9"]),
      "sig [secret] and [secret] and [secret]",
    );
  });

  it("scrubs URL-encoded echoes, with %20 or + for a space", () => {
    const secret = "pa ss/wo+rd=ä&key";
    assert.equal(
      redact(
        `q=${encodeURIComponent(secret)} form=${encodeURIComponent(secret).replace(/%20/g, "+")} end`,
        [secret],
      ),
      "q=[secret] form=[secret] end",
    );
  });

  it("scrubs URL-encoded echoes whatever the case of their hex digits", () => {
    const secret = "key/with:slashes";
    assert.equal(redact("q=KEY%2fWITH%3aSLASHES", [secret]), "q=[secret]");
  });

  it("scrubs JSON-escaped echoes", () => {
    const secret = 'tok"en\\with\nescapes';
    const escaped = JSON.stringify(secret).slice(1, -1);
    assert.notEqual(escaped, secret);
    assert.equal(redact(`body {"v": "${escaped}"}`, [secret]), 'body {"v": "[secret]"}');
  });

  it("scrubs truncated echoes of 12 or more characters: prefix, middle and suffix", () => {
    assert.equal(
      redact(
        `prefix ${KEY.slice(0, 12)}... middle ...${KEY.slice(6, 20)}... suffix ...${KEY.slice(-13)}`,
        [KEY],
      ),
      "prefix [secret]... middle ...[secret]... suffix ...[secret]",
    );
  });

  it("scrubs truncated echoes without regard to case", () => {
    assert.equal(redact(`key ${KEY.slice(0, 18).toUpperCase()}...`, [KEY]), "key [secret]...");
  });

  it("leaves runs of fewer than 12 characters of a long secret alone", () => {
    assert.equal(redact(`key ${KEY.slice(0, 11)}...`, [KEY]), `key ${KEY.slice(0, 11)}...`);
  });

  it("extends a truncated echo to its full length, leaving nothing of the secret", () => {
    const echo = `${KEY.slice(3, 29)}`;
    assert.equal(redact(`[${echo}]`, [KEY]), "[[secret]]");
  });

  const CUSTOM =
    '{"hotwordId": "hw-5e1d2-inner-secret", "deep": {"list": ["abcdefgh-leaf", "abc"]}, "n": 12345}';

  it("scrubs each string value of at least 4 characters inside a JSON-text secret, at any depth", () => {
    assert.equal(
      redact("rejected hotword HW-5E1D2-INNER-SECRET and abcdefgh-leaf but abc and 12345", [
        CUSTOM,
      ]),
      "rejected hotword [secret] and [secret] but abc and 12345",
    );
  });

  it("scrubs short inner values of a JSON-text secret exactly as short secrets", () => {
    assert.equal(redact('got "Wxyz9"', ['{"a": "wxyz9"}']), 'got "[secret]"');
  });

  it("scrubs the re-serialized form of a JSON-text secret, and its JSON-escaped form", () => {
    const compact = JSON.stringify(JSON.parse(CUSTOM));
    assert.notEqual(compact, CUSTOM);
    assert.equal(
      redact(`CustomParam ${compact} or "${JSON.stringify(compact).slice(1, -1)}"`, [CUSTOM]),
      'CustomParam [secret] or "[secret]"',
    );
  });

  it("scrubs the JSON-escaped and URL-encoded forms of a JSON-text secret as sent", () => {
    assert.equal(
      redact(`a "${JSON.stringify(CUSTOM).slice(1, -1)}" b ${encodeURIComponent(CUSTOM)}`, [
        CUSTOM,
      ]),
      'a "[secret]" b [secret]',
    );
  });

  it("merges overlapping echoes of different secrets into one [secret]", () => {
    assert.equal(
      redact("x alpha-bravo-charlie-delta-echo y", ["alpha-bravo-charlie", "charlie-delta-echo"]),
      "x [secret] y",
    );
  });

  it("merges echoes that touch into one [secret]", () => {
    assert.equal(redact(`x ${KEY}${KEY.toUpperCase()} y`, [KEY]), "x [secret] y");
  });

  it("keeps its place in text whose lower case is longer (İ)", () => {
    assert.equal(redact(`İİ ${KEY.toUpperCase()} İ`, [KEY]), "İİ [secret] İ");
  });

  it("never leaves half of a surrogate pair behind", () => {
    // 😀 and 😁 share their first UTF-16 unit, so the 12-unit run ends inside the text's 😀.
    assert.equal(redact("abcdefghijk😀 rest", ["abcdefghijk😁tail"]), "[secret] rest");
  });

  it("scrubs echoes in long texts of many secrets", () => {
    const secrets = Array.from({ length: 8 }, (_, i) => `secret-${i}-`.padEnd(300, String(i)));
    const filler = "an ordinary line of an error message. ".repeat(100);
    const text = secrets.map((s) => `${filler}${s.slice(50, 90).toUpperCase()}`).join("");
    const out = redact(text, secrets);
    assert.equal(out.split("[secret]").length - 1, secrets.length);
    assert.equal(out, secrets.map(() => `${filler}[secret]`).join(""));
  });
});

describe("isRetryable", () => {
  const retryable = [
    "RequestLimitExceeded",
    "RequestLimitExceeded.UinLimitExceeded",
    "RequestLimitExceeded.IPLimitExceeded",
    "InternalError",
    "InternalError.DbError",
    "NetworkError",
  ];
  for (const code of retryable) {
    it(`retries ${code}`, () => {
      assert.equal(isRetryable(apiError(code)), true);
    });
  }

  const final = [
    "AuthFailure.SignatureFailure",
    "AuthFailure.SecretIdNotFound",
    "AuthFailure.SignatureExpire",
    "InvalidParameter",
    "InvalidParameter.UserSig",
    "InvalidParameterValue",
    "MissingParameter",
    "UnknownParameter",
    "FailedOperation.TaskExist",
    "FailedOperation.TaskNotExist",
    "FailedOperation.NotAbility",
  ];
  for (const code of final) {
    it(`does not retry ${code}`, () => {
      assert.equal(isRetryable(apiError(code)), false);
    });
  }

  it("retries ResourceInsufficient.RequestRejection (no bot was started; capacity frees up)", () => {
    assert.equal(isRetryable(apiError("ResourceInsufficient.RequestRejection")), true);
  });

  it("does not retry errors that are not API errors", () => {
    assert.equal(isRetryable(new Error("InternalError")), false);
    assert.equal(isRetryable({ code: "InternalError" }), false);
    assert.equal(isRetryable(undefined), false);
  });
});
