import assert from "node:assert/strict";
import { decodeUserSig, generateUserSig, verifyUserSig } from "../../../emulator/usersig";

/** The worked example of reference §5 (TLS-NODE with Date.now pinned to 1735689600000). */
const EXAMPLE = {
  sdkAppId: 1400000000,
  key: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
  userId: "ai_bot",
  time: 1735689600,
  expire: 86400,
  userSig:
    "eJw1yVELgjAUhuH-cm4LUbO1DboMtBYISqQ3MdlJT1LJHBFG-z0w-e6*5-1ArjLvhRYkhJ4Py-GTwYejK42s6VI93VR60*quIwMyiPxp-*LojiCDzWrNuGCz4rsjiyA5i2bqqQYJB64z0cRM1XizYbFLWKMKp4cF7kWu8ZyW8dCWySnVxy18f81rMRE_",
};

const expectation = (nowSeconds: number) => ({
  userId: EXAMPLE.userId,
  sdkAppId: EXAMPLE.sdkAppId,
  key: EXAMPLE.key,
  nowSeconds,
});

describe("emulator UserSig (TLSSigAPIv2)", () => {
  it("decodes the reference worked example", () => {
    assert.deepEqual(decodeUserSig(EXAMPLE.userSig), {
      identifier: "ai_bot",
      sdkAppId: 1400000000,
      time: 1735689600,
      expire: 86400,
      sig: "K8aS9hH6Lgejr2YEI6hLYtaz+eJ9TaeXPZHzkZIVPaM=",
    });
  });

  it("verifies the worked example with its key while it is valid", () => {
    assert.equal(verifyUserSig(EXAMPLE.userSig, expectation(EXAMPLE.time + 3600)), undefined);
    assert.equal(
      verifyUserSig(EXAMPLE.userSig, expectation(EXAMPLE.time + EXAMPLE.expire)),
      undefined,
    );
  });

  it("reports the worked example as expired one second after time + expire", () => {
    assert.equal(
      verifyUserSig(EXAMPLE.userSig, expectation(EXAMPLE.time + EXAMPLE.expire + 1)),
      "it expired at 2025-01-02T00:00:00.000Z",
    );
  });

  it("rejects the worked example under another key", () => {
    assert.equal(
      verifyUserSig(EXAMPLE.userSig, { ...expectation(EXAMPLE.time), key: "emulator-app-key" }),
      "its signature does not match the app's UserSig key",
    );
  });

  it("rejects it for another UserId or SdkAppId", () => {
    assert.equal(
      verifyUserSig(EXAMPLE.userSig, { ...expectation(EXAMPLE.time), userId: "other_bot" }),
      "it was issued for UserId `ai_bot`, not `other_bot`",
    );
    assert.equal(
      verifyUserSig(EXAMPLE.userSig, { ...expectation(EXAMPLE.time), sdkAppId: 1400000001 }),
      "it was issued for SdkAppId 1400000000, not 1400000001",
    );
  });

  it("generates byte-identical output to TLSSigAPIv2 for Node", () => {
    const generated = generateUserSig({
      sdkAppId: EXAMPLE.sdkAppId,
      key: EXAMPLE.key,
      userId: EXAMPLE.userId,
      expireSeconds: EXAMPLE.expire,
      nowSeconds: EXAMPLE.time,
    });
    assert.equal(generated, EXAMPLE.userSig);
  });

  it("says which decoding step fails for garbage", () => {
    assert.match(verifyUserSig("sig", expectation(EXAMPLE.time)) ?? "", /does not inflate as zlib/);
    assert.match(
      verifyUserSig("not base64!", expectation(EXAMPLE.time)) ?? "",
      /not TLSSigAPIv2 base64/,
    );
  });
});
