import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { NativeProvider } from "../../provider/native/provider";
import { NOOP_TYPE, NoopCore } from "../reliability/fixtures/native-noop/core";

const URN = `urn:pulumi:dev::proj::${NOOP_TYPE}::bot-0`;

function struct(value: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
}

function secret(value: unknown): Record<string, unknown> {
  return { [specialSigKey]: specialSecretSig, value };
}

/** The no-op plugin's provider: the trtc plugin's face over the core that calls nothing. */
function noopProvider(): NativeProvider {
  return new NativeProvider({ core: new NoopCore(), resourceType: NOOP_TYPE });
}

/** Inputs the core would refuse (no llmConfig, a bad room): the no-op checks nothing. */
const INPUTS = {
  sdkAppId: 1400000000,
  roomId: "room 0 !",
  agentConfig: { userId: "fleet_bot", userSigSecret: "app-key", targetUserId: "guest_0" },
};

describe("the bench's no-op native plugin (the trtc face over a core that calls nothing)", () => {
  it("passes inputs through check, with the face's secret wrapping and SessionId scope", async () => {
    const resp = await noopProvider().check(
      new provproto.CheckRequest().setUrn(URN).setNews(struct(INPUTS)).setOlds(struct({})),
    );
    assert.deepEqual(resp.getFailuresList(), []);
    const checked = resp.getInputs()?.toJavaScript() as Record<string, Record<string, unknown>>;
    assert.equal(checked.roomId, INPUTS.roomId);
    assert.deepEqual(checked.agentConfig.userSigSecret, secret("app-key"));
    assert.equal(checked.sessionScope, "proj/dev/bot-0");
  });

  it("creates with an id of its own and the taskId output, and deletes, calling nothing", async () => {
    const provider = noopProvider();
    // No Configure: a core that made a call would have no endpoint or credentials.
    const resp = await provider.create(
      new provproto.CreateRequest().setUrn(URN).setProperties(struct(INPUTS)),
    );
    assert.match(resp.getId(), /^noop-room 0 !-/);
    const outs = resp.getProperties()?.toJavaScript() as Record<string, unknown>;
    assert.equal(outs.taskId, resp.getId());
    assert.equal(outs.sdkAppId, INPUTS.sdkAppId);
    await provider.delete(
      new provproto.DeleteRequest().setId(resp.getId()).setProperties(struct(outs)),
    );
  });

  it("serves its own type only, like the trtc plugin", async () => {
    const trtc = new provproto.CheckRequest()
      .setUrn("urn:pulumi:dev::proj::trtc:index:AIConversation::bot-0")
      .setNews(struct(INPUTS));
    await assert.rejects(
      noopProvider().check(trtc),
      /Unknown resource type trtc:index:AIConversation: the trtcnoop provider serves trtcnoop:index:AIConversation only/,
    );
  });
});

describe("scripts/plugin.js options", () => {
  const plugin = path.join(__dirname, "..", "..", "scripts", "plugin.js");
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [plugin, ...args], { encoding: "utf8" });

  it("refuses an unknown option, a bad name and a missing entry, saying what to use", () => {
    const unknown = run("--nmae", "x");
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /unknown option or missing value: --nmae; use --name NAME/);
    assert.match(run("--name", "Trtc Noop").stderr, /--name Trtc Noop: use lower-case letters/);
    assert.match(
      run("--entry", "/nonexistent/main.js").stderr,
      /--entry \/nonexistent\/main\.js is missing/,
    );
  });
});
