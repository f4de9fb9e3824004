import assert from "node:assert/strict";
import { ACTIONS, DEFAULT_RATE_LIMITS } from "../../../provider/trtc/constants";
import {
  defaultSettings,
  parseRateLimits,
  readSettings,
  regionFor,
  resolveConnection,
  type ProviderSettings,
} from "../../../provider/trtc/settings";
import { SHARED_RATE_LIMITS } from "../../../provider/trtc/sites";

function getter(map: Record<string, string>) {
  return (key: string) => map[key];
}

function settings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return { ...defaultSettings(), ...overrides };
}

const MISSING_CREDENTIALS =
  "Missing Tencent Cloud credentials. Set them in stack config (`pulumi config set trtc:secretId <id>` and " +
  "`pulumi config set --secret trtc:secretKey <key>`) or in the environment " +
  "(TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY).";

describe("readSettings", () => {
  it("takes the site from trtc:site, else TENCENTCLOUD_TRTC_SITE, else leaves it unset", () => {
    assert.equal(readSettings(getter({ "trtc:site": "china" }), {}).site, "china");
    assert.equal(readSettings(getter({}), { TENCENTCLOUD_TRTC_SITE: "china" }).site, "china");
    assert.equal(
      readSettings(getter({ "trtc:site": "intl" }), { TENCENTCLOUD_TRTC_SITE: "china" }).site,
      "intl",
    );
    assert.equal(
      readSettings(getter({ "trtc:site": "" }), { TENCENTCLOUD_TRTC_SITE: "" }).site,
      undefined,
    );
    assert.throws(
      () => readSettings(getter({ "trtc:site": "cn" }), {}),
      /Invalid value for stack config trtc:site: cn\. Allowed values are: intl \(accounts on tencentcloud\.com\), china \(accounts on cloud\.tencent\.com\)\./,
    );
  });

  it("never guesses the site from the endpoint: trtc.tencentcloudapi.com serves both sites", () => {
    for (const endpoint of [
      "https://trtc.tencentcloudapi.com",
      "trtc.tencentcloudapi.com",
      "https://trtc.intl.tencentcloudapi.com",
      "http://127.0.0.1:8787",
    ]) {
      const fromConfig = readSettings(getter({ "trtc:endpoint": endpoint }), {});
      assert.equal(fromConfig.site, undefined, endpoint);
      assert.deepEqual(fromConfig.rateLimits, SHARED_RATE_LIMITS, endpoint);
      const fromEnv = readSettings(getter({}), { TENCENTCLOUD_TRTC_ENDPOINT: endpoint });
      assert.equal(fromEnv.site, undefined, endpoint);
    }
  });

  it("defaults the caps to the site's (intl Stop 20/s, china 50/s), with none set the lower", () => {
    const intl = readSettings(getter({ "trtc:site": "intl" }), {}).rateLimits;
    const china = readSettings(getter({ "trtc:site": "china" }), {}).rateLimits;
    const unset = readSettings(getter({}), {}).rateLimits;
    assert.equal(intl.StopAIConversation, 20);
    assert.equal(china.StopAIConversation, 50);
    for (const action of ACTIONS) {
      assert.equal(unset[action], Math.min(intl[action], china[action]), action);
    }
    assert.deepEqual(unset, {
      StartAIConversation: 50,
      StopAIConversation: 20,
      DescribeAIConversation: 20,
      UpdateAIConversation: 20,
      ControlAIConversation: 50,
    });
  });

  it("returns the documented defaults when nothing is configured", () => {
    assert.deepEqual(readSettings(getter({}), {}), {
      secretId: undefined,
      secretKey: undefined,
      securityToken: undefined,
      region: undefined,
      endpoint: undefined,
      site: undefined,
      rateLimits: { ...DEFAULT_RATE_LIMITS },
      maxRetries: 6,
      retryTimeoutSeconds: 120,
      startTimeoutSeconds: 60,
      requestTimeoutSeconds: 20,
    });
  });

  it("reads every trtc: config key", () => {
    const s = readSettings(
      getter({
        "trtc:secretId": "AKIDcfg",
        "trtc:secretKey": "cfg-secret-key",
        "trtc:securityToken": "cfg-token",
        "trtc:region": "ap-singapore",
        "trtc:endpoint": "https://trtc.tencentcloudapi.com",
        "trtc:site": "china",
        "trtc:rateLimits": "50",
        "trtc:maxRetries": "0",
        "trtc:retryTimeoutSeconds": "30",
        "trtc:startTimeoutSeconds": "5",
        "trtc:requestTimeoutSeconds": "2.5",
      }),
      {},
    );
    assert.deepEqual(s, {
      secretId: "AKIDcfg",
      secretKey: "cfg-secret-key",
      securityToken: "cfg-token",
      region: "ap-singapore",
      endpoint: "https://trtc.tencentcloudapi.com",
      site: "china",
      rateLimits: {
        StartAIConversation: 50,
        StopAIConversation: 50,
        DescribeAIConversation: 50,
        UpdateAIConversation: 50,
        ControlAIConversation: 50,
      },
      maxRetries: 0,
      retryTimeoutSeconds: 30,
      startTimeoutSeconds: 5,
      requestTimeoutSeconds: 2.5,
    });
  });

  it("only asks for trtc:-namespaced keys", () => {
    const asked: string[] = [];
    readSettings((key) => {
      asked.push(key);
      return undefined;
    });
    assert.ok(asked.length > 0);
    for (const key of asked) assert.match(key, /^trtc:[a-zA-Z]+$/);
  });

  it("treats empty strings as unset", () => {
    const s = readSettings(
      getter({
        "trtc:secretId": "",
        "trtc:region": "",
        "trtc:maxRetries": "",
        "trtc:endpoint": "",
      }),
    );
    assert.equal(s.secretId, undefined);
    assert.equal(s.region, undefined);
    assert.equal(s.endpoint, undefined);
    assert.equal(s.maxRetries, 6);
  });

  it("rejects an unsupported region, listing the supported ones", () => {
    assert.throws(() => readSettings(getter({ "trtc:region": "eu-frankfurt" })), {
      message:
        "Invalid value for stack config trtc:region: eu-frankfurt. Allowed values are: ap-beijing, ap-guangzhou, ap-shanghai, ap-singapore, ap-tokyo, na-ashburn, na-siliconvalley.",
    });
  });

  it("rejects bad numbers with the key and the rule", () => {
    assert.throws(() => readSettings(getter({ "trtc:maxRetries": "-1" })), {
      message:
        'Invalid value for stack config trtc:maxRetries: "-1". Expected a non-negative number.',
    });
    assert.throws(() => readSettings(getter({ "trtc:startTimeoutSeconds": "0" })), {
      message:
        'Invalid value for stack config trtc:startTimeoutSeconds: "0". Expected a positive number.',
    });
    assert.throws(
      () => readSettings(getter({ "trtc:requestTimeoutSeconds": "soon" })),
      /trtc:requestTimeoutSeconds: "soon"/,
    );
    assert.throws(
      () => readSettings(getter({ "trtc:retryTimeoutSeconds": "Infinity" })),
      /trtc:retryTimeoutSeconds/,
    );
  });

  it("rejects bad rateLimits", () => {
    assert.throws(() => readSettings(getter({ "trtc:rateLimits": "fast" })), /trtc:rateLimits/);
  });
});

describe("parseRateLimits", () => {
  it("returns the international site's documented caps when unset", () => {
    assert.deepEqual(parseRateLimits(undefined), {
      StartAIConversation: 50,
      StopAIConversation: 20,
      DescribeAIConversation: 20,
      UpdateAIConversation: 20,
      ControlAIConversation: 50,
    });
    assert.deepEqual(parseRateLimits(""), DEFAULT_RATE_LIMITS);
  });

  it("applies one number to every action", () => {
    const limits = parseRateLimits("50");
    for (const cap of Object.values(limits)) assert.equal(cap, 50);
    assert.equal(Object.keys(limits).length, 5);
  });

  it("takes an object keyed by action name, keeping the others' defaults", () => {
    assert.deepEqual(parseRateLimits('{"StartAIConversation":50}'), {
      ...DEFAULT_RATE_LIMITS,
      StartAIConversation: 50,
    });
  });

  it("takes an object keyed by short action name", () => {
    assert.deepEqual(parseRateLimits('{"Start":50,"Describe":100}'), {
      ...DEFAULT_RATE_LIMITS,
      StartAIConversation: 50,
      DescribeAIConversation: 100,
    });
  });

  it("lifts the limit with 0, for every action or for one", () => {
    for (const cap of Object.values(parseRateLimits("0"))) assert.equal(cap, 0);
    assert.deepEqual(parseRateLimits('{"Stop":0}'), {
      ...DEFAULT_RATE_LIMITS,
      StopAIConversation: 0,
    });
  });

  it("rejects an unknown action, listing the allowed keys", () => {
    assert.throws(() => parseRateLimits('{"Begin":5}'), {
      message:
        "Invalid key in stack config trtc:rateLimits: Begin. Allowed keys are: StartAIConversation, StopAIConversation, DescribeAIConversation, UpdateAIConversation, ControlAIConversation (or Start, Stop, Describe, Update, Control).",
    });
  });

  it("rejects a negative cap", () => {
    assert.throws(() => parseRateLimits("-5"), {
      message:
        'Invalid value for stack config trtc:rateLimits: "-5". Expected a non-negative number.',
    });
    assert.throws(() => parseRateLimits('{"Start":-1}'), {
      message:
        'Invalid value for stack config trtc:rateLimits.Start: "-1". Expected a non-negative number.',
    });
  });

  it("rejects text, lists and non-numeric caps", () => {
    const expected = 'Expected a number or an object such as {"StartAIConversation": 50}.';
    assert.throws(() => parseRateLimits("fast"), {
      message: `Invalid value for stack config trtc:rateLimits: "fast". ${expected}`,
    });
    assert.throws(() => parseRateLimits("[50]"), {
      message: `Invalid value for stack config trtc:rateLimits: "[50]". ${expected}`,
    });
    assert.throws(() => parseRateLimits('{"Start":"fast"}'), /trtc:rateLimits\.Start: "fast"/);
    assert.throws(() => parseRateLimits('{"Start":null}'), /trtc:rateLimits\.Start/);
  });

  it("rejects an empty-string cap instead of lifting the limit", () => {
    assert.throws(() => parseRateLimits('{"Start":""}'), /trtc:rateLimits\.Start/);
  });
});

describe("resolveConnection", () => {
  const creds = { secretId: "AKIDcfg", secretKey: "cfg-secret-key" };

  it("uses the configured credentials and the international endpoint by default", () => {
    assert.deepEqual(resolveConnection(settings(creds), {}), {
      secretId: "AKIDcfg",
      secretKey: "cfg-secret-key",
      token: undefined,
      host: "trtc.intl.tencentcloudapi.com",
      protocol: "https://",
    });
  });

  it("falls back to TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY", () => {
    const c = resolveConnection(settings(), {
      TENCENTCLOUD_SECRET_ID: "AKIDenv",
      TENCENTCLOUD_SECRET_KEY: "env-secret-key",
    });
    assert.equal(c.secretId, "AKIDenv");
    assert.equal(c.secretKey, "env-secret-key");
  });

  it("prefers stack config over the environment", () => {
    const c = resolveConnection(settings({ ...creds, securityToken: "cfg-token" }), {
      TENCENTCLOUD_SECRET_ID: "AKIDenv",
      TENCENTCLOUD_SECRET_KEY: "env-secret-key",
      TENCENTCLOUD_SECURITY_TOKEN: "env-token",
    });
    assert.equal(c.secretId, "AKIDcfg");
    assert.equal(c.secretKey, "cfg-secret-key");
    assert.equal(c.token, "cfg-token");
  });

  it("takes the token of environment keys from TENCENTCLOUD_SECURITY_TOKEN, else TENCENTCLOUD_SESSION_TOKEN", () => {
    const keys = { TENCENTCLOUD_SECRET_ID: "AKIDenv", TENCENTCLOUD_SECRET_KEY: "env-key" };
    assert.equal(
      resolveConnection(settings(), { ...keys, TENCENTCLOUD_SECURITY_TOKEN: "sec-token" }).token,
      "sec-token",
    );
    assert.equal(
      resolveConnection(settings(), { ...keys, TENCENTCLOUD_SESSION_TOKEN: "sess-token" }).token,
      "sess-token",
    );
    assert.equal(
      resolveConnection(settings(), {
        ...keys,
        TENCENTCLOUD_SECURITY_TOKEN: "sec-token",
        TENCENTCLOUD_SESSION_TOKEN: "sess-token",
      }).token,
      "sec-token",
    );
  });

  it("never sends an environment token with keys from stack config, nor a config token with environment keys", () => {
    const env = {
      TENCENTCLOUD_SECRET_ID: "AKIDenv",
      TENCENTCLOUD_SECRET_KEY: "env-key",
      TENCENTCLOUD_SECURITY_TOKEN: "env-token",
    };
    assert.equal(resolveConnection(settings(creds), env).token, undefined);
    const envKeysConfigToken = resolveConnection(settings({ securityToken: "cfg-token" }), env);
    assert.equal(envKeysConfigToken.secretId, "AKIDenv");
    assert.equal(envKeysConfigToken.token, "env-token");
  });

  it("reads the endpoint from trtc:endpoint, else TENCENTCLOUD_TRTC_ENDPOINT", () => {
    const env = { TENCENTCLOUD_TRTC_ENDPOINT: "https://trtc.tencentcloudapi.com" };
    assert.equal(resolveConnection(settings(creds), env).host, "trtc.tencentcloudapi.com");
    const local = resolveConnection(
      settings({ ...creds, endpoint: "http://127.0.0.1:43521" }),
      env,
    );
    assert.equal(local.host, "127.0.0.1:43521");
    assert.equal(local.protocol, "http://");
  });

  it("assumes https for an endpoint given as a bare host", () => {
    const c = resolveConnection(settings({ ...creds, endpoint: "trtc.tencentcloudapi.com" }), {});
    assert.equal(c.host, "trtc.tencentcloudapi.com");
    assert.equal(c.protocol, "https://");
  });

  it("rejects an endpoint that is not an http(s) URL", () => {
    assert.throws(
      () => resolveConnection(settings({ ...creds, endpoint: "ftp://trtc.example.com" }), {}),
      {
        message:
          'Invalid TRTC endpoint "ftp://trtc.example.com": only http:// and https:// are supported.',
      },
    );
    assert.throws(
      () => resolveConnection(settings({ ...creds, endpoint: "http://[bad" }), {}),
      /Invalid TRTC endpoint "http:\/\/\[bad" \(trtc:endpoint or TENCENTCLOUD_TRTC_ENDPOINT\)/,
    );
  });

  it("fails with one error naming both ways to set missing credentials", () => {
    assert.throws(() => resolveConnection(settings(), {}), { message: MISSING_CREDENTIALS });
  });

  it("fails the same way when only one of the pair is set", () => {
    assert.throws(() => resolveConnection(settings({ secretId: "AKIDcfg" }), {}), {
      message: MISSING_CREDENTIALS,
    });
    assert.throws(
      () => resolveConnection(settings(), { TENCENTCLOUD_SECRET_KEY: "env-secret-key" }),
      { message: MISSING_CREDENTIALS },
    );
  });

  it("does not put a configured secret into the missing-credentials error", () => {
    assert.throws(
      () => resolveConnection(settings({ secretKey: "cfg-secret-key" }), {}),
      (err: Error) => !err.message.includes("cfg-secret-key"),
    );
  });
});

describe("regionFor", () => {
  it("prefers the resource's region, then trtc:region, then TENCENTCLOUD_REGION", () => {
    const env = { TENCENTCLOUD_REGION: "ap-beijing" };
    assert.equal(regionFor("ap-tokyo", settings({ region: "ap-singapore" }), env), "ap-tokyo");
    assert.equal(regionFor(undefined, settings({ region: "ap-singapore" }), env), "ap-singapore");
    assert.equal(regionFor(undefined, settings(), env), "ap-beijing");
    assert.equal(regionFor(undefined, settings(), {}), undefined);
  });
});
