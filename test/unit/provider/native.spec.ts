import assert from "node:assert/strict";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { UNKNOWN_VALUE } from "../../../provider/ai-conversation/model";
import { bareKey, changedConfigKeys, checkConfig } from "../../../provider/native/config";
import { pathChanges } from "../../../provider/native/detailed-diff";
import { isImportId, parseImportId } from "../../../provider/native/import-id";
import { NativeProvider } from "../../../provider/native/provider";
import { sessionScopeOf } from "../../../provider/native/urn";
import { fromStruct, wrapSecrets } from "../../../provider/native/values";
import { version } from "../../../package.json";
import { flowTts, openAiLlm } from "./fixtures";

const URN = "urn:pulumi:dev::proj::trtc:index:AIConversation::bot";

function secret(value: unknown): Record<string, unknown> {
  return { [specialSigKey]: specialSecretSig, value };
}

function struct(value: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
}

function inputs(): Record<string, unknown> {
  return {
    sdkAppId: 1400000000,
    roomId: "room-1",
    agentConfig: { userId: "bot", userSigSecret: "0123456789abcdef", targetUserId: "user_1" },
    llmConfig: openAiLlm(),
    ttsConfig: flowTts(),
  };
}

describe("native plugin: values on the wire", () => {
  it("unwraps secrets at any depth and remembers their paths", () => {
    const { value, secrets } = fromStruct(
      struct({ a: secret("x"), b: { c: secret({ d: 1 }) }, e: [secret("y")], u: UNKNOWN_VALUE }),
    );
    assert.deepEqual(value, { a: "x", b: { c: { d: 1 } }, e: ["y"], u: UNKNOWN_VALUE });
    assert.deepEqual(secrets, ["a", "b.c", "e.0"]);
  });

  it("wraps the given paths once, outermost first, and skips paths with no value", () => {
    assert.deepEqual(
      wrapSecrets({ llmConfig: { apiKey: "k", model: "m" }, x: 1 }, [
        "llmConfig",
        "llmConfig.apiKey",
        "ttsConfig.apiKey",
      ]),
      { llmConfig: secret({ apiKey: "k", model: "m" }), x: 1 },
    );
  });
});

describe("native plugin: provider configuration", () => {
  it("accepts keys with and without the trtc namespace", () => {
    assert.equal(bareKey("trtc:config:region"), "region");
    assert.equal(bareKey("trtc:region"), "region");
    assert.equal(bareKey("region"), "region");
    assert.equal(bareKey("aws:region"), undefined);
  });

  it("reports each bad key once, in the dynamic provider's words", () => {
    assert.deepEqual(checkConfig({ region: "ap-mars", maxRetries: -1, version: "1.0.0" }), [
      {
        property: "region",
        reason:
          "Invalid value for stack config trtc:region: ap-mars. Allowed values are: ap-beijing, ap-guangzhou, ap-shanghai, ap-singapore, ap-tokyo, na-ashburn, na-siliconvalley.",
      },
      {
        property: "maxRetries",
        reason:
          'Invalid value for stack config trtc:maxRetries: "-1". Expected a non-negative number.',
      },
    ]);
    assert.deepEqual(checkConfig({ maxRetries: 0, rateLimits: { Start: 5 } }), []);
    assert.deepEqual(checkConfig({ region: UNKNOWN_VALUE }), [], "an unknown value is not bad");
  });

  it("a bad site is reported under its own key only", () => {
    const failures = checkConfig({ site: "moon", region: "ap-tokyo" });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["site"],
    );
  });

  it("lists the keys whose values changed", () => {
    assert.deepEqual(
      changedConfigKeys(
        { region: "ap-tokyo", maxRetries: "0" },
        { region: "ap-tokyo", maxRetries: 0 },
      ),
      [],
    );
    assert.deepEqual(changedConfigKeys({ region: "ap-tokyo" }, { "trtc:region": "ap-singapore" }), [
      "region",
    ]);
  });
});

describe("native plugin: import IDs and URNs", () => {
  it("parses SDKAPPID/REGION/TASKID", () => {
    assert.deepEqual(parseImportId("1400000000/ap-singapore/abc-1.x"), {
      sdkAppId: 1400000000,
      region: "ap-singapore",
      taskId: "abc-1.x",
    });
    assert.equal(isImportId("1400000000/ap-singapore/abc"), true);
    assert.equal(isImportId("abc+def.."), false);
  });

  it("names the part of a bad import ID that is wrong", () => {
    assert.throws(
      () => parseImportId("abc"),
      /Invalid import ID "abc": expected SDKAPPID\/REGION\/TASKID/,
    );
    assert.throws(() => parseImportId("14x/ap-tokyo/t"), /Invalid SDKAPPID in import ID .*: "14x"/);
    assert.throws(
      () => parseImportId("1/ap-mars/t"),
      /Invalid REGION .*"ap-mars"\. Allowed values are: ap-beijing/,
    );
    assert.throws(
      () => parseImportId("1/ap-tokyo/a b"),
      /Invalid TASKID .*"a b"\. A TaskId is 1 to 256 characters/,
    );
  });

  it("gives a bot the dynamic resource's SessionId scope", () => {
    assert.equal(sessionScopeOf(URN), "proj/dev/bot");
    assert.equal(sessionScopeOf("not-a-urn"), undefined);
  });
});

describe("native plugin: detailed diff", () => {
  it("labels additions, deletions and updates by what the record holds, replacing where the decision replaces", () => {
    const changes = pathChanges(
      [
        { path: "roomId", removed: false },
        { path: "agentConfig.welcomeMessage", removed: false },
        { path: "agentConfig.interruptMode", removed: true },
        { path: "llmConfig", removed: false },
      ],
      {
        configDigest: { roomId: "d1", "agentConfig.interruptMode": "d2" },
        llmConfig: { apiKey: "sk-old" },
      },
      ["roomId"],
    );
    assert.deepEqual(
      [...changes],
      [
        ["roomId", "update-replace"],
        ["agentConfig.welcomeMessage", "add"],
        ["agentConfig.interruptMode", "delete"],
        ["llmConfig", "update"],
      ],
    );
  });
});

describe("native plugin: the provider's answers", () => {
  it("returns every secret field of a check wrapped, plain-string or not, with the SessionId scope", async () => {
    const req = new provproto.CheckRequest()
      .setUrn(URN)
      .setNews(struct(inputs()))
      .setOlds(struct({}));
    const resp = await new NativeProvider().check(req);
    assert.deepEqual(resp.getFailuresList(), []);
    const checked = resp.getInputs()?.toJavaScript() as Record<string, Record<string, unknown>>;
    assert.deepEqual(checked.agentConfig.userSigSecret, secret("0123456789abcdef"));
    assert.deepEqual(checked.llmConfig.apiKey, secret(openAiLlm().apiKey));
    assert.equal(checked.llmConfig.model, openAiLlm().model);
    assert.equal(checked.sessionScope, "proj/dev/bot");
  });

  it("reports a bad field as a check failure naming it", async () => {
    const bad = {
      ...inputs(),
      agentConfig: { ...(inputs().agentConfig as object), maxIdleTime: 0 },
    };
    const req = new provproto.CheckRequest().setUrn(URN).setNews(struct(bad)).setOlds(struct({}));
    const failures = (await new NativeProvider().check(req)).getFailuresList();
    assert.deepEqual(
      failures.map((f) => f.getProperty()),
      ["agentConfig.maxIdleTime"],
    );
  });

  it("answers a preview create with unknown outputs and no id", async () => {
    const req = new provproto.CreateRequest()
      .setUrn(URN)
      .setPreview(true)
      .setProperties(struct(inputs()));
    const resp = await new NativeProvider().create(req);
    assert.equal(resp.getId(), "");
    const outs = resp.getProperties()?.toJavaScript() as Record<string, unknown>;
    assert.equal(outs.taskId, UNKNOWN_VALUE);
    assert.equal(outs.status, UNKNOWN_VALUE);
    assert.equal(outs.sessionId, UNKNOWN_VALUE);
  });

  it("keeps the instance's key secret in CheckConfig and refuses another resource type", async () => {
    const resp = new NativeProvider().checkConfig(
      new provproto.CheckRequest().setNews(struct({ region: "ap-tokyo", secretKey: "k" })),
    );
    assert.deepEqual(resp.getInputs()?.toJavaScript(), {
      region: "ap-tokyo",
      secretKey: secret("k"),
    });
    const other = new provproto.CheckRequest()
      .setUrn("urn:pulumi:dev::proj::trtc:index:Other::x")
      .setNews(struct({}));
    await assert.rejects(
      new NativeProvider().check(other),
      /Unknown resource type trtc:index:Other/,
    );
  });

  it("answers GetSchema with the committed schema.json and GetPluginInfo with the package version", () => {
    const provider = new NativeProvider();
    const schema = JSON.parse(provider.getSchema().getSchema()) as {
      name: string;
      resources: Record<string, unknown>;
    };
    assert.equal(schema.name, "trtc");
    assert.ok(schema.resources["trtc:index:AIConversation"]);
    assert.equal(provider.getPluginInfo().getVersion(), version);
  });
});
