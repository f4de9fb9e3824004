/**
 * The provider's own TRTC client (provider/trtc/api.ts over `tencentcloud-sdk-nodejs-common`)
 * against the client of record, the full `tencentcloud-sdk-nodejs` TRTC Client: for the same
 * credentials, clock, region, action and body, both put the same bytes on the wire (TC3-HMAC-SHA256
 * POST), and an emulator verifies and answers each. Also: nothing the package ships loads the full
 * SDK at run time.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { JsonObject } from "../../provider/trtc/api";
import { TrtcClient } from "../../provider/trtc/client";
import { SlidingWindowLimiter } from "../../provider/trtc/limiter";
import { Client, SDK_APP_ID, startRequest, startTask, trtcClient, UUID_V4 } from "./helpers";

const root = path.resolve(__dirname, "../..");

/** One HTTP request as it arrived: header lines in order, as sent, and the body's bytes. */
interface Captured {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
}

/**
 * A loopback server that records each request and forwards it, unchanged, to `target`. Both
 * clients talk to the same recorder, so they sign the same Host.
 */
class Recorder {
  readonly captured: Captured[] = [];
  target: RunningEmulator | undefined;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      this.captured.push({
        method: req.method ?? "",
        url: req.url ?? "",
        rawHeaders: req.rawHeaders,
        body,
      });
      const target = this.target;
      assert.ok(target, "the recorder has a target");
      const forward = http.request(
        {
          host: "127.0.0.1",
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent: false,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(body);
    });
  });

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as { port: number }).port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The request the last call sent. */
  last(): Captured {
    const last = this.captured.at(-1);
    assert.ok(last, "a request was recorded");
    return last;
  }
}

/** Replaces the global `Date`, for this process only, so every signer reads the instant `atMs`. */
async function withFixedClock<T>(atMs: number, fn: () => Promise<T>): Promise<T> {
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(atMs);
      else super(...(args as [number]));
    }
    static override now(): number {
      return atMs;
    }
  }
  globalThis.Date = FixedDate as DateConstructor;
  try {
    return await fn();
  } finally {
    globalThis.Date = RealDate;
  }
}

/** The value of header `name` (any case) in `rawHeaders`. */
function header(rawHeaders: string[], name: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === name.toLowerCase()) return rawHeaders[i + 1];
  }
  return undefined;
}

/**
 * The header lines with the two values that are not signed and differ by design blanked:
 * `X-TC-TraceId` (a fresh uuid per request) and `X-TC-RequestClient` (names the SDK release).
 */
function comparableHeaders(rawHeaders: string[]): string[] {
  return rawHeaders.map((value, i) =>
    i % 2 === 1 && /^x-tc-(traceid|requestclient)$/i.test(rawHeaders[i - 1]) ? "<varies>" : value,
  );
}

const versionOf = (pkg: string): string =>
  (
    JSON.parse(fs.readFileSync(path.join(root, "node_modules", pkg, "package.json"), "utf8")) as {
      version: string;
    }
  ).version;

/** Credentials a case signs with. */
interface Credentials {
  name: string;
  token?: string;
}

const CREDENTIALS: Credentials[] = [
  { name: "a permanent key" },
  { name: "a temporary key and its token", token: "emulator-session-token-0001" },
];

describe("contract: the provider's TRTC client signs and sends as the official SDK does", function () {
  this.timeout(30_000);

  for (const credentials of CREDENTIALS) {
    it(`with ${credentials.name}: the same headers and body for each of the five actions, both accepted`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slim-client-"));
      const emulators: RunningEmulator[] = [];
      const recorder = new Recorder();
      const token = credentials.token;
      try {
        // One running task, copied into two emulators: the SDK's requests go to one, ours to
        // the other, so each request meets the same state and both can succeed.
        const seedState = path.join(dir, "seed.json");
        const seed = await startEmulator({ statePath: seedState, preparingMs: 0, token });
        emulators.push(seed);
        const taskId = await startTask(trtcClient(seed, { token }), { SessionId: "seed" });
        await seed.stop();
        const [sdkSide, ourSide] = await Promise.all(
          ["sdk.json", "ours.json"].map((name) => {
            fs.copyFileSync(seedState, path.join(dir, name));
            return startEmulator({ statePath: path.join(dir, name), preparingMs: 0, token });
          }),
        );
        emulators.push(sdkSide, ourSide);
        const port = await recorder.listen();
        const host = `127.0.0.1:${port}`;
        const region = "ap-guangzhou";

        // Both configured as client.ts configures its API client.
        const sdk = new Client({
          credential: token
            ? { secretId: sdkSide.secretId, secretKey: sdkSide.secretKey, token }
            : { secretId: sdkSide.secretId, secretKey: sdkSide.secretKey },
          region,
          profile: {
            httpProfile: {
              endpoint: host,
              protocol: "http://",
              reqTimeout: 10,
              agent: new http.Agent({ keepAlive: true }),
            },
            language: "en-US",
          },
        });
        const ours = new TrtcClient({
          connection: {
            secretId: ourSide.secretId,
            secretKey: ourSide.secretKey,
            ...(token ? { token } : {}),
            host,
            protocol: "http://",
          },
          region,
          limiter: new SlidingWindowLimiter({}),
          retry: { maxRetries: 0, maxElapsedMs: 0 },
          requestTimeoutSeconds: 10,
        });

        const startBody: JsonObject = {
          ...startRequest({ SessionId: "slim-client", RoomId: "5678" }),
        };
        const updateBody: JsonObject = { TaskId: taskId, WelcomeMessage: "Hello again" };
        const controlBody = {
          TaskId: taskId,
          Command: "ServerPushText",
          ServerPushText: { Text: "hi", Interrupt: true },
        };
        const pairs: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
          [
            "StartAIConversation",
            () =>
              sdk.StartAIConversation(startRequest({ SessionId: "slim-client", RoomId: "5678" })),
            () => ours.start(startBody),
          ],
          [
            "DescribeAIConversation",
            () => sdk.DescribeAIConversation({ TaskId: taskId }),
            () => ours.describe({ taskId }),
          ],
          [
            "DescribeAIConversation",
            () => sdk.DescribeAIConversation({ SdkAppId: SDK_APP_ID, SessionId: "seed" }),
            () => ours.describe({ sdkAppId: SDK_APP_ID, sessionId: "seed" }),
          ],
          [
            "UpdateAIConversation",
            () => sdk.UpdateAIConversation({ TaskId: taskId, WelcomeMessage: "Hello again" }),
            () => ours.update(updateBody),
          ],
          [
            "ControlAIConversation",
            () => sdk.ControlAIConversation(controlBody),
            () => ours.call("ControlAIConversation", controlBody),
          ],
          [
            "StopAIConversation",
            () => sdk.StopAIConversation({ TaskId: taskId }),
            () => ours.stop(taskId),
          ],
        ];

        const at = Math.floor(Date.now() / 1000) * 1000;
        for (const [action, viaSdk, viaOurs] of pairs) {
          const [sent, answered] = await withFixedClock(at, async () => {
            recorder.target = sdkSide;
            const sdkAnswer = await viaSdk();
            const sdkRequest = recorder.last();
            recorder.target = ourSide;
            const ourAnswer = await viaOurs();
            return [
              [sdkRequest, recorder.last()],
              [sdkAnswer, ourAnswer],
            ] as const;
          });
          const [bySdk, byUs] = sent;
          assert.equal(header(byUs.rawHeaders, "X-TC-Action"), action);
          assert.equal(header(byUs.rawHeaders, "X-TC-Timestamp"), String(at / 1000));
          assert.equal(header(byUs.rawHeaders, "X-TC-Token"), token);
          assert.match(
            header(byUs.rawHeaders, "Authorization") ?? "",
            new RegExp(
              `^TC3-HMAC-SHA256 Credential=${ourSide.secretId}/\\d{4}-\\d{2}-\\d{2}/127/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$`,
            ),
          );
          assert.deepEqual(
            { method: byUs.method, url: byUs.url, headers: comparableHeaders(byUs.rawHeaders) },
            { method: bySdk.method, url: bySdk.url, headers: comparableHeaders(bySdk.rawHeaders) },
            `${action}: the header lines differ`,
          );
          assert.equal(byUs.body.toString("utf8"), bySdk.body.toString("utf8"), `${action}: body`);
          assert.ok(byUs.body.equals(bySdk.body), `${action}: the body's bytes differ`);
          for (const request of [bySdk, byUs]) {
            assert.match(header(request.rawHeaders, "X-TC-TraceId") ?? "", UUID_V4);
          }
          assert.equal(
            header(bySdk.rawHeaders, "X-TC-RequestClient"),
            `SDK_NODEJS_${versionOf("tencentcloud-sdk-nodejs")}`,
          );
          assert.equal(
            header(byUs.rawHeaders, "X-TC-RequestClient"),
            `SDK_NODEJS_${versionOf("tencentcloud-sdk-nodejs-common")}`,
          );
          // Each emulator verified the signature and carried the action out.
          for (const side of [sdkSide, ourSide]) {
            assert.deepEqual(
              side
                .requests()
                .slice(-1)
                .map((r) => [r.action, r.code]),
              [[action, null]],
            );
          }
          if (action === "DescribeAIConversation") {
            const [sdkAnswer, ourAnswer] = answered as [{ Status?: string }, { status: string }];
            assert.equal(sdkAnswer.Status, "InProgress");
            assert.equal(ourAnswer.status, "InProgress");
          }
        }
        assert.equal(recorder.captured.length, pairs.length * 2);
      } finally {
        await recorder.close();
        for (const emulator of emulators) await emulator.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe("contract: the shipped code does not load the full SDK", () => {
  /** Every .ts file under `dir`, recursively. */
  function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(full);
      return entry.name.endsWith(".ts") ? [full] : [];
    });
  }

  it("no module of provider/ or emulator/ requires tencentcloud-sdk-nodejs once compiled (type imports are erased)", () => {
    const files = ["provider", "emulator"].flatMap((dir) => sources(path.join(root, dir)));
    assert.ok(files.length > 40, `found ${files.length} source files`);
    const offenders = files.filter((file) => {
      const js = ts.transpileModule(fs.readFileSync(file, "utf8"), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
        fileName: file,
      }).outputText;
      return /require\(\s*["']tencentcloud-sdk-nodejs(["'/])/.test(js);
    });
    assert.deepEqual(
      offenders.map((f) => path.relative(root, f)),
      [],
      "these modules load the full tencentcloud-sdk-nodejs at run time; use provider/trtc/api.ts",
    );
  });

  it("depends at run time on tencentcloud-sdk-nodejs-common, pinned, and keeps the full SDK for tests only", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    assert.match(pkg.dependencies["tencentcloud-sdk-nodejs-common"] ?? "", /^\d+\.\d+\.\d+$/);
    assert.equal(pkg.dependencies["tencentcloud-sdk-nodejs"], undefined);
    assert.match(pkg.devDependencies["tencentcloud-sdk-nodejs"] ?? "", /^\d+\.\d+\.\d+$/);
  });
});
