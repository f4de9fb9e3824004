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
