/**
 * A bounded, seeded fuzz run against an in-process emulator, the cheap version of the run in
 * the review `hostile-input.md` (part A): a few thousand requests, 16 in flight, drawn from a
 * seeded PRNG so a failure can be replayed. Signed requests with mutated bodies, unsigned and
 * badly signed ones, wrong content types and methods, random paths and malformed control calls.
 *
 * It holds the emulator to: no exception escapes, every request is answered within 10 s, every
 * answer off `/_emulator` is HTTP 200 with a `{"Response": {..., "RequestId"}}` envelope (never
 * InternalError), no answer carries a stack trace, the control endpoints answer 4xx (never 5xx)
 * to bad input, the emulator still serves a valid Start and Describe afterwards, and its heap
 * settles back near where it started.
 *
 * Replay a failure with `FUZZ_SEED=<seed>` (and `FUZZ_REQUESTS=<n>` for a longer run).
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import { deflateSync } from "node:zlib";
import { ACTIONS, startEmulator, type RunningEmulator } from "../../emulator";
import { MAX_MESSAGE_LENGTH } from "../../emulator/errors";
import { SDK_APP_ID, UUID_V4, startRequest, trtcClient } from "./helpers";
import { mulberry32 } from "../../emulator/faults";

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
const IN_FLIGHT = 16;
const ANSWER_TIMEOUT_MS = 10_000;
const MiB = 1024 * 1024;

/** Random choices drawn from one seeded stream. */
class Dice {
  constructor(private readonly next: () => number) {}

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** A length skewed towards small values, at most `max`. */
  length(max: number): number {
    return Math.min(max, Math.floor(Math.pow(this.next(), 3) * (max + 1)));
  }
}

/** TLSSigAPIv2's text encoding of deflated bytes. */
function userSigOf(bytes: Buffer): string {
  return deflateSync(bytes)
    .toString("base64")
    .replace(/\+/g, "*")
    .replace(/\//g, "-")
    .replace(/=/g, "_");
}

/** Hostile UserSigs of the review: a zlib bomb (A2) and crafted numbers without a key (A3). */
const HOSTILE_USERSIGS = [
  userSigOf(Buffer.alloc(12 * MiB)),
  userSigOf(
    Buffer.from(
      JSON.stringify({
        "TLS.ver": "2.0",
        "TLS.identifier": "ai_bot",
        "TLS.sdkappid": SDK_APP_ID,
        "TLS.time": 1796000000,
        "TLS.expire": -9e12,
        "TLS.sig": "x",
      }),
    ),
  ),
  userSigOf(Buffer.from('{"TLS.time":1e300,"TLS.expire":1e300}')),
  `eJw${"A".repeat(20_000)}`,
];

const STRING_ALPHABETS = [
  "abcdefghijklmnopqrstuvwxyz0123456789_-",
  " \t\n\r\u0000\u0001\u001f\u007f\"\\/'`{}[]<>%$",
  "中文字符テスト한국어עבריתالعربية",
  "😀🔥👍🏽🇨🇳\u200d\u200b\ufeff\u0301\u0300",
  "\ud800\udbff\udc00\udfff", // lone surrogates once split
];

function randomString(dice: Dice, max = 64 * 1024): string {
  if (dice.chance(0.05)) return "";
  const alphabet = [...dice.pick(STRING_ALPHABETS)];
  const length = dice.chance(0.1) ? dice.int(max + 1) : dice.length(64);
  if (length > 256) return dice.pick(alphabet).repeat(length); // big: one character, cheaply
  let text = "";
  for (let i = 0; i < length; i++) text += dice.pick(alphabet);
  return text;
}

function deeplyNested(dice: Dice): unknown {
  let value: unknown = dice.chance(0.5) ? 1 : "leaf";
  const depth = 10 + dice.int(1000);
  const asArray = dice.chance(0.5);
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

const NUMBERS = [0, -1, 1, 1.5, -0.5, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 4294967296, 1e-300];

function randomValue(dice: Dice, depth = 0): unknown {
  switch (dice.int(depth > 2 ? 5 : 9)) {
    case 0:
      return dice.pick(NUMBERS);
    case 1:
      return dice.chance(0.5);
    case 2:
      return null;
    case 3:
    case 4:
      return randomString(dice);
    case 5:
      return Array.from({ length: dice.length(8) }, () => randomValue(dice, depth + 1));
    case 6: {
      const value: Record<string, unknown> = {};
      for (let i = dice.length(8); i > 0; i--)
        value[randomKey(dice)] = randomValue(dice, depth + 1);
      return value;
    }
    case 7:
      return deeplyNested(dice);
    default:
      return JSON.stringify(randomValue(dice, depth + 1));
  }
}

const ODD_KEYS = ["__proto__", "constructor", "prototype", "", " ", "toString", "hasOwnProperty"];

function randomKey(dice: Dice): string {
  if (dice.chance(0.3)) return dice.pick(ODD_KEYS);
  return randomString(dice, dice.chance(0.05) ? 64 * 1024 : 32) || "k";
}

/** Set an own property, even one called `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** The known fields of each action's body, as paths, so mutations mostly hit real fields. */
const FIELD_PATHS: Record<string, string[]> = {
  StartAIConversation: [
    "SdkAppId",
    "RoomId",
    "RoomIdType",
    "SessionId",
    "LLMConfig",
    "TTSConfig",
    "AvatarConfig",
    "ExperimentalParams",
    "AgentConfig",
    "AgentConfig.UserId",
    "AgentConfig.UserSig",
    "AgentConfig.TargetUserId",
    "AgentConfig.MaxIdleTime",
    "AgentConfig.WelcomeMessage",
    "AgentConfig.InterruptMode",
    "AgentConfig.TurnDetectionMode",
    "AgentConfig.FilterOneWord",
    "AgentConfig.AmbientSound",
    "AgentConfig.VoicePrint",
    "AgentConfig.InterruptWordList",
    "STTConfig",
    "STTConfig.Language",
    "STTConfig.AlternativeLanguage",
    "STTConfig.CustomParam",
    "STTConfig.VadSilenceTime",
    "STTConfig.HotWordList",
  ],
  DescribeAIConversation: ["TaskId", "SdkAppId", "SessionId"],
  StopAIConversation: ["TaskId"],
  UpdateAIConversation: [
    "TaskId",
    "WelcomeMessage",
    "InterruptMode",
    "InterruptSpeechDuration",
    "LLMConfig",
    "TTSConfig",
  ],
  ControlAIConversation: [
    "TaskId",
    "Command",
    "ServerPushText",
    "ServerPushText.Text",
    "ServerPushText.Audio",
    "ServerPushText.MetaInfo",
    "InvokeLLM",
    "InvokeLLM.Content",
    "TransparentData",
  ],
};

const LLM_BASE = {
  LLMType: "openai",
  Model: "gpt-4o-mini",
  APIKey: "sk-test",
  APIUrl: "https://api.openai.com/v1/chat/completions",
  Streaming: true,
};
const TTS_BASE = { TTSType: "flow", VoiceId: "v-female-R2s4N9qJ", Model: "flow_01_turbo" };

/** A JSON-in-a-string config (LLMConfig/TTSConfig) with one inner field mutated, or broken. */
function mutatedConfig(dice: Dice, base: Record<string, unknown>): string {
  if (dice.chance(0.2)) return dice.pick(["{", "[]", "null", '"x"', "{}", '{"a":}', "\u0000"]);
  const config: Record<string, unknown> = { ...base };
  const keys = Object.keys(base);
  if (dice.chance(0.3)) setOwn(config, randomKey(dice), randomValue(dice));
  else config[dice.pick(keys)] = randomValue(dice);
  return JSON.stringify(config);
}

function validBody(
  action: string,
  taskIds: readonly string[],
  dice: Dice,
): Record<string, unknown> {
  const taskId = dice.chance(0.8) ? dice.pick(taskIds) : "task-that-does-not-exist";
  switch (action) {
    case "StartAIConversation":
      return startRequest({
        RoomId: String(100000 + dice.int(900000)),
        SessionId: `fuzz-${dice.int(1e9)}`,
      }) as unknown as Record<string, unknown>;
    case "DescribeAIConversation":
      return { TaskId: taskId };
    case "StopAIConversation":
      return { TaskId: taskId };
    case "UpdateAIConversation":
      return { TaskId: taskId, WelcomeMessage: "hi", LLMConfig: JSON.stringify(LLM_BASE) };
    default:
      return { TaskId: taskId, Command: "ServerPushText", ServerPushText: { Text: "hello" } };
  }
}

function mutate(dice: Dice, action: string, body: Record<string, unknown>): void {
  const paths = FIELD_PATHS[action] ?? ["TaskId"];
  for (let n = 1 + dice.int(3); n > 0; n--) {
    const path = dice.pick(paths).split(".");
    let target = body;
    for (const segment of path.slice(0, -1)) {
      const inner = target[segment];
      if (typeof inner !== "object" || inner === null || Array.isArray(inner)) {
        target[segment] = {};
      }
      target = target[segment] as Record<string, unknown>;
    }
    const field = path[path.length - 1];
    switch (dice.int(6)) {
      case 0:
        delete target[field];
        break;
      case 1:
        setOwn(target, randomKey(dice), randomValue(dice));
        break;
      case 2:
        if (field === "UserSig") target[field] = dice.pick(HOSTILE_USERSIGS);
        else if (field === "LLMConfig") target[field] = mutatedConfig(dice, LLM_BASE);
        else if (field === "TTSConfig") target[field] = mutatedConfig(dice, TTS_BASE);
        else target[field] = randomValue(dice);
        break;
      default:
        target[field] = randomValue(dice);
    }
  }
}

/** Bodies that are not a JSON object: bad JSON, other JSON types, invalid UTF-8, NULs. */
function brokenBody(dice: Dice): Buffer {
  const texts = [
    "",
    "{",
    "}",
    "[]",
    "null",
    "42",
    '"text"',
    '{"TaskId":"t"',
    '{"TaskId":"t"}garbage',
    '\ufeff{"TaskId":"t"}',
    '{"TaskId":"t",}',
    "{'TaskId':'t'}",
    '{"a":' + "[".repeat(5000),
    "[".repeat(100_000) + "]".repeat(100_000),
    '{"TaskId":"\u0000"}',
    "NaN",
  ];
  if (dice.chance(0.2)) {
    return Buffer.from(Array.from({ length: 1 + dice.length(4096) }, () => dice.int(256)));
  }
  return Buffer.from(dice.pick(texts), "utf8");
}

/** One request to send, and where it is going. */
interface Probe {
  kind: string;
  method: string;
  path: string;
  headers: http.OutgoingHttpHeaders;
  body?: Buffer;
}

type Signer = (body: Buffer, contentType: string, secretKey?: string, timestamp?: number) => string;

function tc3Signer(emulator: RunningEmulator): Signer {
  const Sign = require("tencentcloud-sdk-nodejs/tencentcloud/common/sign").default as {
    sign3(args: Record<string, unknown>): string;
  };
  return (payload, contentType, secretKey = emulator.secretKey, timestamp) =>
    Sign.sign3({
      method: "POST",
      url: `http://127.0.0.1:${emulator.port}/`,
      payload,
      timestamp: timestamp ?? Math.floor(Date.now() / 1000),
      service: "127",
      secretId: emulator.secretId,
      secretKey,
      multipart: false,
      headers: { "Content-Type": contentType },
    });
}

function apiHeaders(action: string, contentType: string, timestamp: number) {
  return {
    "Content-Type": contentType,
    "X-TC-Action": action,
    "X-TC-Version": "2019-07-22",
    "X-TC-Region": "ap-guangzhou",
    "X-TC-Timestamp": String(timestamp),
  };
}

const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/jsonx",
  "",
];

const CONTROL_PROBES: Array<[string, string, string | undefined]> = [
  ["POST", "/_emulator/clock", "{"],
  ["POST", "/_emulator/clock", '{"advanceSeconds":1e13}'],
  ["POST", "/_emulator/clock", '{"advanceSeconds":1e308}'],
  ["POST", "/_emulator/clock", '{"advanceSeconds":-1}'],
  ["POST", "/_emulator/clock", '{"advanceSeconds":"60"}'],
  ["POST", "/_emulator/clock", '{"advanceSeconds":30}'],
  ["POST", "/_emulator/clock", "[]"],
  ["GET", "/_emulator/clock", undefined],
  ["PUT", "/_emulator/clock", "{}"],
  ["POST", "/_emulator/faults", "{"],
  ["POST", "/_emulator/faults", '{"action":"*","mode":"boom"}'],
  ["POST", "/_emulator/faults", '{"action":"Nope","mode":"error"}'],
  ["POST", "/_emulator/faults", '{"action":"*","mode":"latency","latencyMs":-1}'],
  ["POST", "/_emulator/faults", '{"action":"*","mode":"error","code":5}'],
  ["POST", "/_emulator/faults", '{"action":"*","mode":"error","unknown":1}'],
  ["GET", "/_emulator/faults", undefined],
  ["POST", "/_emulator/rooms/1234/users/u1", '{"streaming":"yes"}'],
  ["POST", "/_emulator/rooms/%E0%A4%A/users/u1", '{"streaming":true}'],
  ["POST", "/_emulator/rooms/1234/users/u1", "null"],
  ["GET", "/_emulator/rooms/1234/users/u1", undefined],
  ["GET", "/_emulator/health", undefined],
  ["POST", "/_emulator/health", "{"],
  ["GET", "/_emulator/requests", undefined],
  ["GET", "/_emulator/reset", undefined],
  ["DELETE", "/_emulator/nothing-here", "{"],
  ["GET", "/_emulator", undefined],
  ["GET", "/_emulator/../_emulator/tasks", undefined],
];

/** A path of one percent-encoded segment (a lone surrogate cannot be encoded: it is dropped). */
function encodedPath(text: string): string {
  try {
    return `/${encodeURIComponent(text)}`;
  } catch {
    return "/lone-surrogate";
  }
}

/** Draw the next request. */
function nextProbe(dice: Dice, sign: Signer, taskIds: readonly string[]): Probe {
  const roll = dice.int(100);
  const action = dice.chance(0.05) ? randomString(dice, 40) || "X" : dice.pick(ACTIONS);
  const safeAction = /^[\x21-\x7e]+$/.test(action) ? action : "InvalidActionName";
  const now = Math.floor(Date.now() / 1000);

  if (roll < 50) {
    // Signed, mutated bodies (half of the traffic).
    let body: Buffer;
    if (dice.chance(0.15)) body = brokenBody(dice);
    else {
      const value = validBody(safeAction, taskIds, dice);
      mutate(dice, safeAction, value);
      body = Buffer.from(JSON.stringify(value), "utf8");
    }
    const headers = {
      ...apiHeaders(safeAction, "application/json", now),
      Authorization: sign(body, "application/json"),
    };
    return { kind: "signed", method: "POST", path: "/", headers, body };
  }
  if (roll < 62) {
    // Unsigned or badly signed.
    const body = Buffer.from(JSON.stringify(validBody(safeAction, taskIds, dice)), "utf8");
    const headers: http.OutgoingHttpHeaders = apiHeaders(safeAction, "application/json", now);
    switch (dice.int(7)) {
      case 0:
        break;
      case 1:
        headers.Authorization = "garbage";
        break;
      case 2:
        headers.Authorization = sign(body, "application/json", "wrong-secret-key");
        break;
      case 3: {
        const stale = now - 3600;
        headers["X-TC-Timestamp"] = String(stale);
        headers.Authorization = sign(body, "application/json", undefined, stale);
        break;
      }
      case 4:
        headers["X-TC-Timestamp"] = "abc";
        headers.Authorization = sign(body, "application/json");
        break;
      case 5:
        headers.Authorization = `TC3-HMAC-SHA256 Credential=${"A".repeat(8000)}`;
        break;
      default:
        headers.Authorization = sign(Buffer.from("{}"), "application/json"); // body tampered
    }
    if (dice.chance(0.2)) headers["X-TC-Action"] = [safeAction, "StopAIConversation"];
    if (dice.chance(0.1)) delete headers["X-TC-Version"];
    if (dice.chance(0.1)) headers["X-TC-Region"] = "mars-north-1";
    return { kind: "auth", method: "POST", path: "/", headers, body };
  }
  if (roll < 70) {
    const contentType = dice.pick(CONTENT_TYPES);
    const body = Buffer.from(JSON.stringify(validBody(safeAction, taskIds, dice)), "utf8");
    const headers: http.OutgoingHttpHeaders = {
      ...apiHeaders(safeAction, contentType, now),
      Authorization: sign(body, contentType),
    };
    if (contentType === "") delete headers["Content-Type"];
    return { kind: "content-type", method: "POST", path: "/", headers, body };
  }
  if (roll < 78) {
    const method = dice.pick(["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]);
    const body = method === "GET" || method === "HEAD" ? undefined : brokenBody(dice);
    return {
      kind: "method",
      method,
      path: dice.pick(["/", "/?Action=DescribeAIConversation"]),
      headers: apiHeaders(safeAction, "application/json", now),
      ...(body === undefined ? {} : { body }),
    };
  }
  if (roll < 88) {
    const path = dice.pick([
      "/foo",
      "//",
      "/%zz",
      "/?a=%ff",
      "/_emulatorx",
      "/index.html",
      `/${"a".repeat(2000)}`,
      encodedPath(randomString(dice, 200)),
    ]);
    const body = Buffer.from(JSON.stringify(validBody(safeAction, taskIds, dice)), "utf8");
    return {
      kind: "path",
      method: dice.pick(["POST", "GET"]),
      path,
      headers: {
        ...apiHeaders(safeAction, "application/json", now),
        Authorization: sign(body, "application/json"),
      },
      body,
    };
  }
  const [method, path, text] = dice.pick(CONTROL_PROBES);
  const body = dice.chance(0.2)
    ? brokenBody(dice)
    : text === undefined
      ? undefined
      : Buffer.from(text);
  return {
    kind: "control",
    method,
    path,
    headers: { "Content-Type": dice.chance(0.8) ? "application/json" : "text/plain" },
    ...(body === undefined ? {} : { body }),
  };
}

interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

function send(emulator: RunningEmulator, probe: Probe): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: emulator.port,
        method: probe.method,
        path: probe.path,
        // An explicit length: without one Node sends a GET or DELETE body unframed, and the
        // server's parser (rightly) takes it for a broken next request.
        headers: { ...probe.headers, "Content-Length": probe.body?.length ?? 0 },
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers["content-type"],
            text: Buffer.concat(chunks).toString("utf8"),
            ms: performance.now() - started,
          }),
        );
        response.on("error", reject);
      },
    );
    request.setTimeout(ANSWER_TIMEOUT_MS, () =>
      request.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)),
    );
    request.on("error", reject);
    request.end(probe.body);
  });
}

/** A frame of a JS stack trace, as it would appear in a message. */
const STACK_FRAME = /\s{4}at [^\n"]*:\d+:\d+/;

function describeProbe(probe: Probe): string {
  const body = probe.body?.subarray(0, 200).toString("utf8") ?? "";
  return `${probe.kind} ${probe.method} ${probe.path.slice(0, 80)} ${JSON.stringify(probe.headers).slice(0, 300)} ${JSON.stringify(body)}`;
}

/** The checks every answer must pass; returns what is wrong, or undefined. */
function judge(probe: Probe, answer: Answer): string | undefined {
  if (STACK_FRAME.test(answer.text)) return "a stack trace in the answer";
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (probe.path === "/_emulator" || probe.path.startsWith("/_emulator/")) {
    // POST and DELETE need application/json there (415 otherwise), so a web page cannot call them.
    const json = /^application\/json\s*(;|$)/i.test(String(probe.headers["Content-Type"] ?? ""));
    const refusable = (probe.method === "POST" || probe.method === "DELETE") && !json;
    if (answer.status === 415 && !refusable) return "HTTP 415 for a JSON request";
    if (refusable && (answer.status === 200 || answer.status === 400)) {
      return `HTTP ${answer.status} for a ${probe.method} without the JSON Content-Type`;
    }
    if (![200, 400, 404, 405, 413, 415].includes(answer.status)) return `HTTP ${answer.status}`;
    const body = JSON.parse(answer.text) as { error?: unknown };
    if (answer.status !== 200 && typeof body.error !== "string") return "no error message";
    return undefined;
  }
  if (answer.status !== 200) return `HTTP ${answer.status} on an API path`;
  if (probe.method === "HEAD") return answer.text === "" ? undefined : "a body on HEAD";
  if (answer.contentType !== "application/json") return `Content-Type ${answer.contentType}`;
  let envelope: { Response?: Record<string, unknown> };
  try {
    envelope = JSON.parse(answer.text) as typeof envelope;
  } catch {
    return "an answer that is not JSON";
  }
  const response = envelope.Response;
  if (typeof response !== "object" || response === null) return "no Response object";
  if (typeof response.RequestId !== "string" || !UUID_V4.test(response.RequestId)) {
    return "no RequestId";
  }
  const error = response.Error as { Code?: unknown; Message?: unknown } | undefined;
  if (error === undefined) return undefined;
  if (typeof error.Code !== "string" || error.Code === "") return "an Error without Code";
  if (typeof error.Message !== "string" || error.Message === "") return "an Error without Message";
  if (error.Code === "InternalError") return `InternalError: ${error.Message}`;
  if (error.Message.length > MAX_MESSAGE_LENGTH) {
    return `a ${error.Message.length}-character Message`;
  }
  return undefined;
}

describe("contract: seeded fuzz run against the emulator", function () {
  this.timeout(120_000);
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({
      port: 0,
      rates: {
        StartAIConversation: 0,
        StopAIConversation: 0,
        DescribeAIConversation: 0,
        UpdateAIConversation: 0,
        ControlAIConversation: 0,
      },
    });
  });
  after(async () => {
    agent.destroy();
    await emulator.stop();
  });

  it(`answers ${REQUESTS} hostile requests (seed ${SEED}) with envelopes, no hang, and keeps working`, async () => {
    const client = trtcClient(emulator);
    const taskIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const started = await client.StartAIConversation(
        startRequest({ RoomId: String(900 + i), SessionId: `seed-${i}` }),
      );
      taskIds.push(started.TaskId as string);
    }
    await new Promise((resolve) => setImmediate(resolve));
    const heapBefore = process.memoryUsage().heapUsed;

    const dice = new Dice(mulberry32(SEED));
    const sign = tc3Signer(emulator);
    const byClass: Record<string, number> = {};
    const byKind: Record<string, number> = {};
    const failures: string[] = [];
    let sent = 0;
    let maxMs = 0;
    let largest = 0;
    const runStarted = performance.now();

    async function worker(): Promise<void> {
      while (sent < REQUESTS && failures.length < 10) {
        sent++;
        const probe = nextProbe(dice, sign, taskIds);
        byKind[probe.kind] = (byKind[probe.kind] ?? 0) + 1;
        let answer: Answer;
        try {
          answer = await send(emulator, probe);
        } catch (error) {
          failures.push(`${(error as Error).message}: ${describeProbe(probe)}`);
          continue;
        }
        maxMs = Math.max(maxMs, answer.ms);
        if (!probe.path.startsWith("/_emulator")) largest = Math.max(largest, answer.text.length);
        const statusClass = `${Math.floor(answer.status / 100)}xx`;
        byClass[statusClass] = (byClass[statusClass] ?? 0) + 1;
        let problem: string | undefined;
        try {
          problem = judge(probe, answer);
        } catch (error) {
          problem = `unreadable answer (${(error as Error).message})`;
        }
        if (problem) {
          failures.push(
            `${problem}: ${describeProbe(probe)} -> ${answer.status} ${answer.text.slice(0, 300)}`,
          );
        }
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT }, () => worker()));
    const seconds = (performance.now() - runStarted) / 1000;

    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const heapAfter = process.memoryUsage().heapUsed;
    const classes = Object.entries(byClass)
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    const kinds = Object.entries(byKind)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    console.log(
      `      fuzz seed ${SEED}: ${sent} requests in ${seconds.toFixed(1)} s (${kinds}); ` +
        `answers ${classes}; max latency ${maxMs.toFixed(0)} ms; largest API answer ${largest} B; ` +
        `heap ${(heapBefore / MiB).toFixed(0)} -> ${(heapAfter / MiB).toFixed(0)} MiB`,
    );
    assert.deepEqual(failures, [], `replay with FUZZ_SEED=${SEED}`);
    assert.ok(maxMs < ANSWER_TIMEOUT_MS);

    // Still fully working: a valid Start and Describe through the official SDK.
    emulator.reset();
    const { TaskId } = await client.StartAIConversation(
      startRequest({ RoomId: "4242", SessionId: "after-fuzz" }),
    );
    assert.ok(TaskId);
    const described = await client.DescribeAIConversation({ TaskId });
    assert.equal(described.TaskId, TaskId);
    assert.equal(described.SessionId, "after-fuzz");
    assert.match(described.Status ?? "", /^(Preparing|InProgress)$/);

    assert.ok(
      heapAfter < heapBefore + 100 * MiB,
      `heap grew from ${heapBefore} to ${heapAfter} bytes`,
    );
  });
});
