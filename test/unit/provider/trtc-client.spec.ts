import assert from "node:assert/strict";
import { TrtcClient, type TrtcClientOptions } from "../../../provider/trtc/client";
import { sharedLimiter } from "../../../provider/trtc/limiter";

function options(overrides: Partial<TrtcClientOptions> = {}): TrtcClientOptions {
  return {
    connection: { secretId: "AKID1", secretKey: "key-1", host: "127.0.0.1:1", protocol: "http://" },
    region: "ap-singapore",
    limiter: sharedLimiter({}),
    retry: { maxRetries: 0, maxElapsedMs: 0 },
    requestTimeoutSeconds: 5,
    ...overrides,
  };
}

/** The SDK client a TrtcClient calls through. */
function sdkOf(client: TrtcClient): unknown {
  return (client as unknown as { sdk: unknown }).sdk;
}

describe("TrtcClient", () => {
  it("shares one SDK client (and its keep-alive agent) among clients of the same connection, credentials, region and timeout", () => {
    const a = new TrtcClient(options({ secrets: ["a"] }));
    const b = new TrtcClient(options({ secrets: ["b"] }));
    assert.equal(sdkOf(a), sdkOf(b));
  });

  it("builds another SDK client when the region, the credentials, the token or the timeout differ", () => {
    const base = sdkOf(new TrtcClient(options()));
    const others = [
      options({ region: "ap-tokyo" }),
      options({ connection: { ...options().connection, secretKey: "key-2" } }),
      options({ connection: { ...options().connection, token: "token-1" } }),
      options({ requestTimeoutSeconds: 6 }),
    ].map((o) => sdkOf(new TrtcClient(o)));
    for (const other of others) assert.notEqual(other, base);
    assert.equal(new Set(others).size, others.length);
  });
});
