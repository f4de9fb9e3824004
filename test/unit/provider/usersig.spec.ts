import assert from "node:assert/strict";
import { decodeUserSig, verifyUserSig } from "../../../emulator/usersig";
import { generateUserSig } from "../../../provider/trtc/usersig";

/** The worked example of reference §5 (TLS-NODE with Date.now pinned to 1735689600000). */
const REFERENCE = {
  sdkAppId: 1400000000,
  secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
  userId: "ai_bot",
  expireSeconds: 86400,
  issuedAt: 1735689600,
  userSig:
    "eJw1yVELgjAUhuH-cm4LUbO1DboMtBYISqQ3MdlJT1LJHBFG-z0w-e6*5-1ArjLvhRYkhJ4Py-GTwYejK42s6VI93VR60*quIwMyiPxp-*LojiCDzWrNuGCz4rsjiyA5i2bqqQYJB64z0cRM1XizYbFLWKMKp4cF7kWu8ZyW8dCWySnVxy18f81rMRE_",
};

describe("generateUserSig", () => {
  it("reproduces the TLSSigAPIv2 reference string exactly", () => {
    const { userSig, ...params } = REFERENCE;
    assert.equal(generateUserSig(params), userSig);
  });

  it("makes a UserSig the emulator's own check accepts", () => {
    const now = Math.floor(Date.now() / 1000);
    const sig = generateUserSig({
      sdkAppId: 1400000000,
      userId: "support_bot",
      secretKey: "emulator-app-key",
    });
    assert.equal(
      verifyUserSig(sig, {
        userId: "support_bot",
        sdkAppId: 1400000000,
        key: "emulator-app-key",
        nowSeconds: now,
      }),
      undefined,
    );
  });

  it("makes a UserSig the emulator rejects when checked with another key", () => {
    const sig = generateUserSig({
      sdkAppId: 1400000000,
      userId: "support_bot",
      secretKey: "emulator-app-key",
    });
    assert.equal(
      verifyUserSig(sig, {
        userId: "support_bot",
        sdkAppId: 1400000000,
        key: "another-app-key",
        nowSeconds: Math.floor(Date.now() / 1000),
      }),
      "its signature does not match the app's UserSig key",
    );
  });

  it("signs for the given user and app only", () => {
    const sig = generateUserSig({ sdkAppId: 1400000000, userId: "bot_a", secretKey: "k-0123" });
    const now = Math.floor(Date.now() / 1000);
    assert.match(
      verifyUserSig(sig, {
        userId: "bot_b",
        sdkAppId: 1400000000,
        key: "k-0123",
        nowSeconds: now,
      }) ?? "",
      /issued for UserId `bot_a`/,
    );
    assert.match(
      verifyUserSig(sig, {
        userId: "bot_a",
        sdkAppId: 1400000001,
        key: "k-0123",
        nowSeconds: now,
      }) ?? "",
      /issued for SdkAppId 1400000000/,
    );
  });

  it("issues now and lasts 180 days (the TRTC console's default) unless told otherwise", () => {
    const before = Math.floor(Date.now() / 1000);
    const decoded = decodeUserSig(
      generateUserSig({ sdkAppId: 1400000000, userId: "bot", secretKey: "k-0123" }),
    );
    const after = Math.floor(Date.now() / 1000);
    assert.ok(decoded.time >= before && decoded.time <= after);
    assert.equal(decoded.expire, 180 * 86400);
  });

  it("uses the given lifetime, which the emulator enforces", () => {
    const sig = generateUserSig({
      sdkAppId: 1400000000,
      userId: "bot",
      secretKey: "k-0123",
      expireSeconds: 600,
      issuedAt: 1735689600,
    });
    assert.equal(decodeUserSig(sig).expire, 600);
    const expectation = { userId: "bot", sdkAppId: 1400000000, key: "k-0123" };
    assert.equal(verifyUserSig(sig, { ...expectation, nowSeconds: 1735689600 + 600 }), undefined);
    assert.match(
      verifyUserSig(sig, { ...expectation, nowSeconds: 1735689600 + 601 }) ?? "",
      /^it expired at /,
    );
  });
});
