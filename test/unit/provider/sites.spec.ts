import assert from "node:assert/strict";
import { ACTIONS, REGIONS } from "../../../provider/trtc/constants";
import {
  SHARED_LIFE_REGIONS,
  SHARED_RATE_LIMITS,
  SITE_RATE_LIMITS,
  SITE_REGIONS,
  SITES,
  botRegions,
  isSite,
  lifeRegions,
  siteRateLimits,
} from "../../../provider/trtc/sites";

describe("sites", () => {
  it("keeps a bot where its site serves Start, Describe and Stop (intl: not na-ashburn)", () => {
    assert.deepEqual(lifeRegions("intl"), [
      "ap-guangzhou",
      "ap-singapore",
      "ap-tokyo",
      "na-siliconvalley",
    ]);
    assert.deepEqual(lifeRegions("china"), [...REGIONS]);
    assert.ok(SITE_REGIONS.intl.StartAIConversation.includes("na-ashburn"));
  });

  it("with no site set, allows only the regions every site serves for Start, Describe and Stop", () => {
    assert.deepEqual(
      [...SHARED_LIFE_REGIONS],
      ["ap-guangzhou", "ap-singapore", "ap-tokyo", "na-siliconvalley"],
    );
    for (const region of REGIONS) {
      const everywhere = SITES.every((site) =>
        (["StartAIConversation", "DescribeAIConversation", "StopAIConversation"] as const).every(
          (action) => SITE_REGIONS[site][action].includes(region),
        ),
      );
      assert.equal(SHARED_LIFE_REGIONS.includes(region), everywhere, region);
    }
    assert.equal(botRegions(undefined), SHARED_LIFE_REGIONS);
    assert.deepEqual(botRegions("china"), lifeRegions("china"));
    assert.deepEqual(botRegions("intl"), lifeRegions("intl"));
  });

  it("with no site set, caps each action at the lowest of the sites' caps", () => {
    for (const action of ACTIONS) {
      const lowest = Math.min(...SITES.map((site) => SITE_RATE_LIMITS[site][action]));
      assert.equal(SHARED_RATE_LIMITS[action], lowest, action);
    }
    assert.equal(SHARED_RATE_LIMITS.StopAIConversation, 20);
    assert.equal(SITE_RATE_LIMITS.china.StopAIConversation, 50);
    assert.equal(siteRateLimits(undefined), SHARED_RATE_LIMITS);
    assert.equal(siteRateLimits("china"), SITE_RATE_LIMITS.china);
  });

  it("knows the sites by name only", () => {
    assert.ok(isSite("intl"));
    assert.ok(isSite("china"));
    for (const name of ["cn", "China", "", "trtc.tencentcloudapi.com"]) assert.ok(!isSite(name));
  });
});
