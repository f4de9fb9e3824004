/**
 * The policy pack keeps its own copies of provider facts (it is a package of its own, loaded from
 * its own folder): this spec fails when a copy and the provider differ.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as facts from "../../policy/facts";
import { DEFAULT_MAX_IDLE_TIME } from "../../provider/ai-conversation/model";
import { SECRET_PATHS } from "../../provider/secret-paths";
import { DEFAULT_REGION } from "../../provider/trtc/constants";
import { DYNAMIC_TYPE } from "./policy-fixtures";

const root = path.join(__dirname, "..", "..");

describe("policy pack: its copies of the provider's facts", () => {
  it("has the provider's default maxIdleTime, default region and secret paths", () => {
    assert.equal(facts.DEFAULT_MAX_IDLE_TIME, DEFAULT_MAX_IDLE_TIME);
    assert.equal(facts.DEFAULT_REGION, DEFAULT_REGION);
    assert.deepEqual(facts.SECRET_PATHS, SECRET_PATHS);
    for (const p of facts.SECRET_JSON_PATHS) assert.ok(SECRET_PATHS.includes(p), p);
  });

  it("knows the dynamic resource's type (registered as trtc, AIConversation) and the native one", () => {
    const resource = fs.readFileSync(path.join(root, "provider", "resource.ts"), "utf8");
    assert.match(resource, /super\(provider, name, [^;]*, "trtc", "AIConversation"\);/);
    assert.deepEqual(facts.BOT_TYPES, [DYNAMIC_TYPE, "trtc:index:AIConversation"]);
  });
});
