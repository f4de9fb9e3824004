import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
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

describe("TrtcClient error messages", () => {
  it("scrub the SecretKey and the session token an API error echoes", async () => {
    const server = http.createServer((_req, res) => {
      res.setHeader("Content-Type", "application/json");
      res.end(
        JSON.stringify({
          Response: {
            Error: {
              Code: "AuthFailure.TokenFailure",
              Message: "token tok-3f9a1c7e2b5d44 key key-9b8c7d6e5f4a",
            },
            RequestId: "r-1",
          },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new TrtcClient(
        options({
          connection: {
            secretId: "AKID1",
            secretKey: "key-9b8c7d6e5f4a",
            token: "tok-3f9a1c7e2b5d44",
            host: `127.0.0.1:${port}`,
            protocol: "http://",
          },
        }),
      );
      const err = await client.describe({ taskId: "t-1" }).then(
        () => undefined,
        (e: Error) => e,
      );
      assert.ok(err);
      assert.ok(!err.message.includes("tok-3f9a1c7e2b5d44"), err.message);
      assert.ok(!err.message.includes("key-9b8c7d6e5f4a"), err.message);
      assert.match(err.message, /AuthFailure\.TokenFailure/);
    } finally {
      server.close();
    }
  });
});
