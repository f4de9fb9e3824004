import assert from "node:assert/strict";
import { ApiError } from "../../../emulator/errors";
import {
  canonicalRequest,
  sha256Hex,
  tc3Signature,
  verifyTc3,
  type Tc3Request,
} from "../../../emulator/auth";

/** Builds the request a client would send for one of the reference §1.2 vectors. */
function vectorRequest(v: {
  secretId: string;
  date: string;
  service: string;
  signedHeaders?: string;
  signature: string;
  timestamp: number;
  host: string;
  contentType: string;
  body: string;
  extra?: Record<string, string>;
}): Tc3Request {
  return {
    method: "POST",
    path: "/",
    query: "",
    rawBody: Buffer.from(v.body, "utf8"),
    headers: {
      authorization:
        `TC3-HMAC-SHA256 Credential=${v.secretId}/${v.date}/${v.service}/tc3_request, ` +
        `SignedHeaders=${v.signedHeaders ?? "content-type;host"}, Signature=${v.signature}`,
      "x-tc-timestamp": String(v.timestamp),
      host: v.host,
      "content-type": v.contentType,
      ...v.extra,
    },
  };
}

function context(secretId: string, secretKey: string, nowSeconds: number) {
  return {
    lookupSecret: (id: string) => (id === secretId ? secretKey : undefined),
    nowSeconds,
  };
}

function rejects(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ApiError, `expected ApiError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });
}

const A_BODY =
  '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
const A = {
  secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
  date: "2019-02-25",
  service: "cvm",
  timestamp: 1551113065,
  host: "cvm.tencentcloudapi.com",
  contentType: "application/json; charset=utf-8",
  body: A_BODY,
};
const A_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

const B_BODY = JSON.stringify({
  SdkAppId: 1400000001,
  RoomId: "room-1",
  RoomIdType: 1,
  AgentConfig: { UserId: "ai_bot", UserSig: "sig", TargetUserId: "user_1" },
  LLMConfig: JSON.stringify({
    LLMType: "openai",
    Model: "gpt-4o-mini",
    APIKey: "sk-test",
    APIUrl: "https://api.openai.com/v1/chat/completions",
    Streaming: true,
  }),
  TTSConfig: JSON.stringify({
    TTSType: "flow",
    VoiceId: "v-female-R2s4N9qJ",
    Model: "flow_01_turbo",
  }),
});
const TRTC = {
  secretId: "AKIDEXAMPLE",
  date: "2025-01-01",
  service: "trtc",
  timestamp: 1735689600,
  host: "trtc.tencentcloudapi.com",
  contentType: "application/json",
};
const TRTC_KEY = "SECRETKEYEXAMPLE";
const TRTC_NOW = 1735689600;

describe("emulator TC3-HMAC-SHA256 verification", () => {
  describe("reference vectors", () => {
    it("accepts vector A (the official Tencent doc example)", () => {
      assert.equal(
        sha256Hex(A_BODY),
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
      );
      const request = vectorRequest({
        ...A,
        signature: "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
      });
      const result = verifyTc3(request, context(A.secretId, A_KEY, A.timestamp));
      assert.deepEqual(result, { secretId: A.secretId, service: "cvm" });
    });

    it("accepts vector A' with x-tc-action among the signed headers", () => {
      const request = vectorRequest({
        ...A,
        signedHeaders: "content-type;host;x-tc-action",
        signature: "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f",
        extra: { "x-tc-action": "DescribeInstances" },
      });
      assert.equal(
        sha256Hex(canonicalRequest(request, "content-type;host;x-tc-action", A.host)),
        "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
      );
      const result = verifyTc3(request, context(A.secretId, "*".repeat(32), A.timestamp));
      assert.equal(result.service, "cvm");
    });

    it("accepts vector B (a StartAIConversation body as the Node SDK signs it)", () => {
      assert.equal(
        sha256Hex(B_BODY),
        "e5c345b29389c876cb38e13a20dff508ebb936adcf14e53e5640a886afb42773",
      );
      const request = vectorRequest({
        ...TRTC,
        body: B_BODY,
        signature: "a3adc2ca2c60388a97163c4cae95fa4350c2d8246f9aac9681d36d4f19e940b0",
      });
      assert.equal(
        sha256Hex(canonicalRequest(request, "content-type;host", TRTC.host)),
        "cb065a5bba246d7b5841707253a234b8b46b65f45f6a2462cc1682e9679067a6",
      );
      assert.equal(verifyTc3(request, context(TRTC.secretId, TRTC_KEY, TRTC_NOW)).service, "trtc");
    });

    it("accepts vector B with the empty-object body", () => {
      const request = vectorRequest({
        ...TRTC,
        body: "{}",
        signature: "80cee9c29c8d88580aab5922de926c5f58cce3188bdffb5374cc397b3fa31d5f",
      });
      assert.equal(
        sha256Hex("{}"),
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
      );
      assert.equal(
        verifyTc3(request, context(TRTC.secretId, TRTC_KEY, TRTC_NOW)).secretId,
        "AKIDEXAMPLE",
      );
    });

    it("accepts vector C for 127.0.0.1:8787 (scope service 127, host signed without port)", () => {
      const request = vectorRequest({
        ...TRTC,
        service: "127",
        host: "127.0.0.1:8787",
        body: '{"TaskId":"t-1"}',
        signature: "474b9f0247da45663ba7e1ee0a7b4ddff62c777ca4c89f8cffe6117f73bdb040",
      });
      assert.equal(verifyTc3(request, context(TRTC.secretId, TRTC_KEY, TRTC_NOW)).service, "127");
    });

    it("accepts vector C for localhost:8787 (scope service localhost:8787)", () => {
      const request = vectorRequest({
        ...TRTC,
        service: "localhost:8787",
        host: "localhost:8787",
        body: '{"TaskId":"t-1"}',
        signature: "d606afceea1ce556aa706a4a87874fd3c54c60326536be7acdcbaad0e189820b",
      });
      assert.equal(
        verifyTc3(request, context(TRTC.secretId, TRTC_KEY, TRTC_NOW)).service,
        "localhost:8787",
      );
    });

    it("accepts the host signed with its port, as the Go SDK signs it", () => {
      const unsigned = vectorRequest({
        ...TRTC,
        host: "127.0.0.1:8787",
        body: "{}",
        signature: "",
      });
      const canonical = canonicalRequest(unsigned, "content-type;host", "127.0.0.1:8787");
      const signature = tc3Signature(TRTC_KEY, TRTC.date, "trtc", TRTC.timestamp, canonical);
      const request = vectorRequest({ ...TRTC, host: "127.0.0.1:8787", body: "{}", signature });
      assert.equal(verifyTc3(request, context(TRTC.secretId, TRTC_KEY, TRTC_NOW)).service, "trtc");
    });

    it("accepts vector D (charset content type, x-tc-action signed)", () => {
      const request = vectorRequest({
        ...TRTC,
        contentType: "application/json; charset=utf-8",
        signedHeaders: "content-type;host;x-tc-action",
        body: '{"TaskId":"task-abc"}',
        signature: "b91b1760b6838b2243cb136acc060cf8e57831fd399b065822c531d14b9cbe57",
        extra: { "x-tc-action": "StopAIConversation" },
      });
      assert.equal(
        sha256Hex(canonicalRequest(request, "content-type;host;x-tc-action", TRTC.host)),
        "f660a6bfa4761e35d54ffcd03b97b54efcdf829f060cbb613b097bc075c050e1",
      );
      assert.equal(verifyTc3(request, context(TRTC.secretId, TRTC_KEY, TRTC_NOW)).service, "trtc");
    });
  });

  describe("rejections", () => {
    const valid = () =>
      vectorRequest({
        ...TRTC,
        body: B_BODY,
        signature: "a3adc2ca2c60388a97163c4cae95fa4350c2d8246f9aac9681d36d4f19e940b0",
      });

    it("rejects a body with one flipped byte as AuthFailure.SignatureFailure", () => {
      const request = valid();
      const body = Buffer.from(request.rawBody);
      body[10] ^= 0x01;
      rejects(
        () => verifyTc3({ ...request, rawBody: body }, context(TRTC.secretId, TRTC_KEY, TRTC_NOW)),
        "AuthFailure.SignatureFailure",
        /^The provided credentials could not be validated\. Please check your signature is correct\.$/,
      );
    });

    it("rejects a signature made with another key as AuthFailure.SignatureFailure", () => {
      rejects(
        () => verifyTc3(valid(), context(TRTC.secretId, "WRONGKEY", TRTC_NOW)),
        "AuthFailure.SignatureFailure",
      );
    });

    it("rejects a timestamp 301 s old as AuthFailure.SignatureExpire", () => {
      rejects(
        () => verifyTc3(valid(), context(TRTC.secretId, TRTC_KEY, TRTC_NOW + 301)),
        "AuthFailure.SignatureExpire",
        /differs from the server time 1735689901 by 301 s \(at most 300 s allowed\)/,
      );
    });

    it("rejects a timestamp 301 s in the future as AuthFailure.SignatureExpire", () => {
      rejects(
        () => verifyTc3(valid(), context(TRTC.secretId, TRTC_KEY, TRTC_NOW - 301)),
        "AuthFailure.SignatureExpire",
      );
    });

    it("still accepts a timestamp exactly 300 s old", () => {
      assert.equal(
        verifyTc3(valid(), context(TRTC.secretId, TRTC_KEY, TRTC_NOW + 300)).service,
        "trtc",
      );
    });

    it("rejects an unknown SecretId as AuthFailure.SecretIdNotFound", () => {
      rejects(
        () => verifyTc3(valid(), context("AKIDOTHER", TRTC_KEY, TRTC_NOW)),
        "AuthFailure.SecretIdNotFound",
        /`AKIDEXAMPLE`/,
      );
    });

    it("rejects a missing or malformed Authorization header as AuthFailure.InvalidAuthorization", () => {
      const request = valid();
      for (const authorization of [undefined, "SKIP", "TC3-HMAC-SHA256 Credential=x"]) {
        rejects(
          () =>
            verifyTc3(
              { ...request, headers: { ...request.headers, authorization } },
              context(TRTC.secretId, TRTC_KEY, TRTC_NOW),
            ),
          "AuthFailure.InvalidAuthorization",
        );
      }
    });

    it("rejects SignedHeaders without host as AuthFailure.InvalidAuthorization", () => {
      const request = vectorRequest({
        ...TRTC,
        body: "{}",
        signedHeaders: "content-type",
        signature: "0".repeat(64),
      });
      rejects(
        () => verifyTc3(request, context(TRTC.secretId, TRTC_KEY, TRTC_NOW)),
        "AuthFailure.InvalidAuthorization",
        /must include content-type and host/,
      );
    });

    it("answers a missing or non-integer X-TC-Timestamp with MissingParameter Timestamp", () => {
      const request = valid();
      for (const ts of [undefined, "", "1735689600.5", "soon"]) {
        rejects(
          () =>
            verifyTc3(
              { ...request, headers: { ...request.headers, "x-tc-timestamp": ts } },
              context(TRTC.secretId, TRTC_KEY, TRTC_NOW),
            ),
          "MissingParameter",
          /`Timestamp`/,
        );
      }
    });

    it("rejects a scope date that is not the timestamp's UTC date", () => {
      const request = vectorRequest({
        ...TRTC,
        date: "2025-01-02",
        body: B_BODY,
        signature: "a3adc2ca2c60388a97163c4cae95fa4350c2d8246f9aac9681d36d4f19e940b0",
      });
      rejects(
        () => verifyTc3(request, context(TRTC.secretId, TRTC_KEY, TRTC_NOW)),
        "AuthFailure.SignatureFailure",
      );
    });
  });
});
