/**
 * The policy pack's policies (policy/), each called as the engine calls it: its validateResource
 * with the bot's checked inputs (from the provider's own check), the policy's configuration and a
 * reportViolation that collects messages.
 */
import assert from "node:assert/strict";
import { trtcPolicies } from "../../policy/policies";
import {
  ALLOWED_LLM_HOSTS,
  allowedLlmHostsPolicy,
  hostAllowed,
  hostOf,
} from "../../policy/policies/allowed-llm-hosts";
import { ALLOWED_REGIONS, allowedRegionsPolicy } from "../../policy/policies/allowed-regions";
import { MAX_IDLE_TIME, maxIdleTimePolicy } from "../../policy/policies/max-idle-time";
import {
  looksLikePlaceholder,
  PLACEHOLDER_KEYS,
  placeholderKeysPolicy,
} from "../../policy/policies/placeholder-keys";
import {
  isProduction,
  UPDATE_IN_PLACE,
  updateInPlacePolicy,
} from "../../policy/policies/update-in-place";
import { readPath } from "../../policy/read";
import { stackFacts } from "../../policy/stack";
import {
  NATIVE_TYPE,
  checkedBot,
  devStack,
  rawBot,
  validationArgs,
  violations,
} from "./policy-fixtures";

describe("policy pack: the policies", () => {
  it("has the five policies, with their enforcement levels", () => {
    assert.deepEqual(
      trtcPolicies(devStack()).map((p) => [p.name, p.enforcementLevel]),
      [
        [MAX_IDLE_TIME, "mandatory"],
        [ALLOWED_REGIONS, "mandatory"],
        [ALLOWED_LLM_HOSTS, "advisory"],
        [PLACEHOLDER_KEYS, "advisory"],
        [UPDATE_IN_PLACE, "advisory"],
      ],
    );
  });

  it("checks only AIConversations, the dynamic and the native one", async () => {
    const props = checkedBot(rawBot({ agentConfig: { maxIdleTime: 3600 } }));
    const policy = maxIdleTimePolicy();
    assert.equal((await violations(policy, validationArgs(props))).length, 1);
    assert.equal(
      (await violations(policy, validationArgs(props, { type: NATIVE_TYPE }))).length,
      1,
    );
    for (const type of ["pulumi-nodejs:dynamic/other:Bot", "aws:s3/bucket:Bucket"]) {
      assert.deepEqual(await violations(policy, validationArgs(props, { type })), [], type);
    }
  });
});

describe(`policy ${MAX_IDLE_TIME}`, () => {
  const policy = maxIdleTimePolicy();
  const run = (maxIdleTime: number | undefined, config?: Record<string, unknown>) =>
    violations(
      policy,
      validationArgs(checkedBot(rawBot({ agentConfig: { maxIdleTime } })), {
        name: "support-bot",
        config,
      }),
    );

  it("passes at and under the default limit of 600 seconds", async () => {
    assert.deepEqual(await run(600), []);
    assert.deepEqual(await run(1), []);
  });

  it("fails above it, naming the resource, the field, the value and the limit", async () => {
    assert.deepEqual(await run(601), [
      'AIConversation "support-bot": agentConfig.maxIdleTime is 601 seconds, above the limit of 600 seconds (policy config maxSeconds). A bot bills while it waits in an empty room: set agentConfig.maxIdleTime to 600 or less, or raise maxSeconds in the file given to --policy-pack-config.',
    ]);
  });

  it("takes the limit from its config (maxSeconds)", async () => {
    assert.deepEqual(await run(3600, { maxSeconds: 3600 }), []);
    assert.match(
      (await run(3600, { maxSeconds: 1800 }))[0],
      /3600 seconds, above the limit of 1800/,
    );
  });

  it("judges an unset maxIdleTime by the provider's default of 60 seconds", async () => {
    assert.deepEqual(await run(undefined), []);
    assert.deepEqual(await run(undefined, { maxSeconds: 60 }), []);
    assert.deepEqual(await run(undefined, { maxSeconds: 30 }), [
      'AIConversation "support-bot": agentConfig.maxIdleTime is not set, so the provider\'s default of 60 seconds applies, above the limit of 30 seconds (policy config maxSeconds). A bot bills while it waits in an empty room: set agentConfig.maxIdleTime to 30 or less, or raise maxSeconds in the file given to --policy-pack-config.',
    ]);
  });

  it("declares its config schema with the default the engine fills in", () => {
    assert.deepEqual(policy.configSchema, {
      properties: { maxSeconds: { type: "integer", minimum: 1, default: 600 } },
    });
  });
});

describe(`policy ${ALLOWED_REGIONS}`, () => {
  it("checks nothing while no regions are configured", async () => {
    const props = checkedBot(rawBot({ region: "ap-tokyo" }));
    assert.deepEqual(await violations(allowedRegionsPolicy(devStack()), validationArgs(props)), []);
  });

  it("passes a bot in an allowed region and fails one outside, naming region and list", async () => {
    const policy = allowedRegionsPolicy(devStack());
    const config = { regions: ["ap-singapore", "ap-tokyo"] };
    const inTokyo = checkedBot(rawBot({ region: "ap-tokyo" }));
    assert.deepEqual(await violations(policy, validationArgs(inTokyo, { config })), []);
    const inGuangzhou = checkedBot(rawBot({ region: "ap-guangzhou" }));
    assert.deepEqual(await violations(policy, validationArgs(inGuangzhou, { config })), [
      'AIConversation "bot": region ap-guangzhou is not one of the allowed regions: ap-singapore, ap-tokyo (policy config regions). Set region on the resource to an allowed region, or add ap-guangzhou to regions in the file given to --policy-pack-config.',
    ]);
  });

  it("sees the region the provider's check filled in from trtc:region for a bot that names none", async () => {
    const policy = allowedRegionsPolicy(devStack());
    // The dynamic provider's check fills in trtc:region (here ap-singapore) and says it did.
    const props = checkedBot(rawBot(), { defaultRegion: "ap-singapore" });
    assert.equal(props.region, "ap-singapore");
    assert.deepEqual(props.defaultsApplied, ["roomIdType", "region"]);
    assert.deepEqual(
      await violations(policy, validationArgs(props, { config: { regions: ["ap-singapore"] } })),
      [],
    );
    const [message] = await violations(
      policy,
      validationArgs(props, { config: { regions: ["ap-tokyo"] } }),
    );
    assert.equal(
      message,
      'AIConversation "bot": region ap-singapore (the resource names no region, so it runs in the stack\'s: trtc:region, else TENCENTCLOUD_REGION, else ap-guangzhou) is not one of the allowed regions: ap-tokyo (policy config regions). Set region on the resource or trtc:region on the stack to an allowed region, or add ap-singapore to regions in the file given to --policy-pack-config.',
    );
  });

  it("falls back to the stack's region when the inputs hold none (a check that failed)", async () => {
    const { region: _region, ...props } = checkedBot(rawBot());
    const config = { regions: ["ap-tokyo"] };
    const fromStack = allowedRegionsPolicy(devStack({}, "ap-tokyo"));
    assert.deepEqual(await violations(fromStack, validationArgs(props, { config })), []);
    const byDefault = allowedRegionsPolicy(devStack());
    assert.match(
      (await violations(byDefault, validationArgs(props, { config })))[0],
      /region ap-guangzhou \(the resource names no region/,
    );
  });
});

describe(`policy ${ALLOWED_LLM_HOSTS}`, () => {
  const policy = allowedLlmHostsPolicy();
  const run = (apiUrl: string, hosts?: string[]) =>
    violations(
      policy,
      validationArgs(checkedBot(rawBot({ llmConfig: { apiUrl } })), {
        config: hosts ? { hosts } : {},
      }),
    );

  it("checks nothing while no hosts are configured", async () => {
    assert.deepEqual(await run("https://llm.example.net/v1"), []);
  });

  it("passes an allowed host (exactly, or under a *. pattern) and reports another by its host", async () => {
    const hosts = ["api.openai.com", "*.openai.azure.com"];
    assert.deepEqual(await run("https://API.OpenAI.com/v1/chat/completions", hosts), []);
    assert.deepEqual(await run("https://team.openai.azure.com/openai/deployments/x", hosts), []);
    assert.deepEqual(await run("https://llm.example.net/v1?token=abc123", hosts), [
      'AIConversation "bot": llmConfig.apiUrl\'s host llm.example.net is not one of the allowed LLM hosts: api.openai.com, *.openai.azure.com (policy config hosts). The LLM endpoint hears everything said in the room: use an allowed endpoint, or add llm.example.net to hosts in the file given to --policy-pack-config.',
    ]);
  });

  it("matches hosts without regard to case; *.x matches hosts under x, not x itself", () => {
    assert.equal(hostAllowed("openai.azure.com", ["*.openai.azure.com"]), false);
    assert.equal(hostAllowed("a.b.openai.azure.com", ["*.OpenAI.Azure.com"]), true);
    assert.equal(hostAllowed("evilopenai.azure.com", ["*.openai.azure.com"]), false);
    assert.equal(hostAllowed("api.openai.com.evil.net", ["api.openai.com"]), false);
    assert.equal(hostOf("not a url"), undefined);
    assert.equal(hostOf("https://User:pw@Host.Example:8443/x"), "host.example");
  });

  it("reads llmConfig given as the API's JSON text", async () => {
    const props = {
      ...checkedBot(),
      llmConfig: JSON.stringify({ llmType: "openai", apiUrl: "https://llm.example.net/v1" }),
    };
    const config = { hosts: ["api.openai.com"] };
    assert.match(
      (await violations(policy, validationArgs(props, { config })))[0],
      /host llm\.example\.net is not one of/,
    );
  });

  it("is advisory, and declares hosts in its config schema", () => {
    assert.equal(policy.enforcementLevel, "advisory");
    assert.deepEqual(Object.keys(policy.configSchema?.properties ?? {}), ["hosts"]);
  });
});

describe(`policy ${PLACEHOLDER_KEYS}`, () => {
  const policy = placeholderKeysPolicy();

  it("knows placeholder and test keys from real ones", () => {
    for (const key of [
      "sk-test-4f8a9c2d1e",
      "test-key-123456",
      "changeme",
      "please-change-me-now",
      "xxxxxxxxxxxx",
      "sk-xxxxxxxxxxxxxxxx",
      "your-api-key-here",
      "<OPENAI_API_KEY>",
      "placeholder-secret",
      "aaaaaaaaaaaa",
      "short",
      "1234567",
    ]) {
      assert.equal(looksLikePlaceholder(key), true, key);
    }
    for (const key of [
      "sk-live-7Hq2mZ9vK4pW8rT1",
      "0f3c9a7be21d4c5e8a6b",
      "emulator-app-key",
      "sk-proj-a1Xx9B",
    ]) {
      assert.equal(looksLikePlaceholder(key), false, key);
    }
  });

  it("passes a bot with real-looking keys", async () => {
    assert.deepEqual(await violations(policy, validationArgs(checkedBot())), []);
  });

  it("reports each secret field that holds one, by path, without the value", async () => {
    const props = checkedBot(
      rawBot({
        agentConfig: { userSigSecret: "changeme" },
        llmConfig: { apiKey: "sk-test-4f8a9c2d1e" },
        ttsConfig: {
          ttsType: "tencent",
          appId: 1300000000,
          voiceType: 101001,
          secretId: "xxxxxxxxxxxx",
          secretKey: "realistic-9Fq2Lm7Zp3Vx",
        },
      }),
    );
    const messages = await violations(policy, validationArgs(props));
    assert.deepEqual(
      messages.map((m) => m.split(" looks like")[0]),
      [
        'AIConversation "bot": agentConfig.userSigSecret',
        'AIConversation "bot": llmConfig.apiKey',
        'AIConversation "bot": ttsConfig.secretId',
      ],
    );
    assert.equal(
      messages[1],
      'AIConversation "bot": llmConfig.apiKey looks like a placeholder or test key (such as sk-test…, changeme, xxx… or fewer than 8 characters; the value is not shown). Set the real key as a secret, e.g. `pulumi config set --secret <key>`, before this bot goes live.',
    );
  });

  it("does not judge sttConfig.customParam (JSON text, not a key)", async () => {
    const props = checkedBot(rawBot({ sttConfig: { language: "en", customParam: "{}" } }));
    assert.deepEqual(await violations(policy, validationArgs(props)), []);
  });

  it("is advisory", () => {
    assert.equal(policy.enforcementLevel, "advisory");
  });
});

describe(`policy ${UPDATE_IN_PLACE}`, () => {
  const run = (
    stack: string,
    props: Record<string, unknown>,
    config?: Record<string, unknown>,
    production?: string,
  ) =>
    violations(
      updateInPlacePolicy(stackFacts({ stack, production })),
      validationArgs(props, { config }),
    );
  const plain = checkedBot();
  const inPlace = checkedBot(rawBot({ updateInPlace: true }));

  it("warns about a bot without updateInPlace: true in a stack named prod or production", async () => {
    for (const stack of ["prod", "Production"]) {
      assert.deepEqual(await run(stack, inPlace), [], stack);
      const [message] = await run(stack, plain);
      assert.equal(
        message,
        `AIConversation "bot": updateInPlace is not true in production stack ${stack} (named in productionStacks), so any change of this bot, even of its welcome message, LLM or TTS settings, replaces it and ends the call in progress. Set updateInPlace: true on the resource to apply those changes to the running conversation.`,
      );
    }
    assert.equal((await run("prod", checkedBot(rawBot({ updateInPlace: false })))).length, 1);
  });

  it("says nothing in other stacks", async () => {
    assert.deepEqual(await run("dev", plain), []);
    assert.deepEqual(await run("prod-eu", plain), []);
  });

  it("takes production stacks from its config, and trtc-policy:production over the name", async () => {
    assert.equal((await run("live", plain, { productionStacks: ["live"] })).length, 1);
    assert.deepEqual(await run("prod", plain, { productionStacks: ["live"] }), []);
    assert.match(
      (await run("dev", plain, {}, "true"))[0],
      /production stack dev \(trtc-policy:production is true\)/,
    );
    assert.deepEqual(await run("prod", plain, {}, "false"), []);
  });

  it("refuses a trtc-policy:production that is neither true nor false, without echoing it", () => {
    assert.throws(
      () => stackFacts({ stack: "dev", production: "yes-please" }),
      (e: Error) =>
        e.message ===
          "Invalid value for stack config trtc-policy:production. Allowed values are: true, false. Fix it with `pulumi config set trtc-policy:production true` (or false)." &&
        !e.message.includes("yes-please"),
    );
    assert.equal(isProduction(stackFacts({ stack: "x", production: "TRUE" }), []), true);
  });
});

describe("policy pack: values not known during preview", () => {
  // @pulumi/policy's own proxy: reading an unknown value throws its UnknownValueError.
  const {
    unknownCheckingProxy,
  }: { unknownCheckingProxy: (o: object) => Record<string, unknown> } = require("@pulumi/policy");
  const UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421";
  const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

  it("skips an unknown value and checks the rest", async () => {
    const raw = checkedBot(rawBot({ agentConfig: { userSigSecret: "changeme" } }));
    const props = unknownCheckingProxy({
      ...raw,
      agentConfig: { ...(raw.agentConfig as object), maxIdleTime: UNKNOWN_NUMBER },
      llmConfig: { ...(raw.llmConfig as object), apiKey: UNKNOWN_STRING },
    });
    assert.equal(readPath(props, "agentConfig.maxIdleTime").known, false);
    assert.deepEqual(
      await violations(maxIdleTimePolicy(), validationArgs(props, { config: { maxSeconds: 1 } })),
      [],
    );
    const messages = await violations(placeholderKeysPolicy(), validationArgs(props));
    assert.deepEqual(
      messages.map((m) => m.split(" looks like")[0]),
      ['AIConversation "bot": agentConfig.userSigSecret'],
    );
  });
});
