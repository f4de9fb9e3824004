/**
 * The two sites TRTC's AI-conversation API is sold on, and what their pages say: the regions each
 * action serves and the default request caps. The emulator keeps its own copy of these facts
 * (emulator/sites.ts): it stands in for Tencent Cloud, so it must not share the provider's code.
 * The site is what the account says (`trtc:site`), never guessed from the endpoint; with none
 * set, only what both sites allow.
 *
 * Sources: intl pages tencentcloud.com/document/api/647/64963 (Start, 2026-05-21), /65296 (Stop),
 * /64964 (Describe), /64962 (Update), /64965 (Control); China pages cloud.tencent.com/document/api/
 * 647/108514 (Start), /108513 (Stop), /108515 (Describe), /110097 (Update), /109408 (Control).
 * That trtc.tencentcloudapi.com serves intl accounts too: the intl Go SDK's default root domain,
 * tencentcloudapi.com (tencentcloud-sdk-go-intl-en tencentcloud/common/http/request.go), and
 * tencentcloud.com 647/64963 of 2024-10-22 ("Domain name for API request:
 * trtc.tencentcloudapi.com").
 */
import { ACTIONS, DEFAULT_RATE_LIMITS, REGIONS, type Action, type Region } from "./constants";

/** `intl` (tencentcloud.com accounts) or `china` (cloud.tencent.com accounts). */
export type Site = "intl" | "china";

/** Both sites. */
export const SITES: readonly Site[] = ["intl", "china"];

/** The console each site's accounts are on. */
export const SITE_HOMES: Readonly<Record<Site, string>> = {
  intl: "tencentcloud.com",
  china: "cloud.tencent.com",
};

/** Whether `value` names a site. */
export function isSite(value: string): value is Site {
  return (SITES as readonly string[]).includes(value);
}

const INTL_TASK: readonly Region[] = [
  "ap-guangzhou",
  "ap-singapore",
  "ap-tokyo",
  "na-siliconvalley",
];
const INTL_START: readonly Region[] = [...INTL_TASK, "na-ashburn"];
/** The China pages list every region these actions serve anywhere (constants.ts REGIONS). */
const CHINA: readonly Region[] = REGIONS;

/** Regions each action serves, per site. */
export const SITE_REGIONS: Readonly<Record<Site, Readonly<Record<Action, readonly Region[]>>>> = {
  intl: {
    StartAIConversation: INTL_START,
    StopAIConversation: INTL_TASK,
    DescribeAIConversation: INTL_TASK,
    UpdateAIConversation: INTL_TASK,
    ControlAIConversation: INTL_START,
  },
  china: {
    StartAIConversation: CHINA,
    StopAIConversation: CHINA,
    DescribeAIConversation: CHINA,
    UpdateAIConversation: CHINA,
    ControlAIConversation: CHINA,
  },
};

/** The actions every bot's life needs: started, looked up, stopped. */
const LIFE: readonly Action[] = [
  "StartAIConversation",
  "DescribeAIConversation",
  "StopAIConversation",
];

/**
 * Regions where a bot can live on a site: those that serve Start, Describe and Stop, so that no
 * bot is started that could not be looked up or stopped (intl: not na-ashburn, whose Stop and
 * Describe pages do not list it).
 */
export function lifeRegions(site: Site): Region[] {
  return SITE_REGIONS[site].StartAIConversation.filter((r) =>
    LIFE.every((a) => SITE_REGIONS[site][a].includes(r)),
  );
}

/** Default caps, calls per second per action, as each site's pages give them. */
export const SITE_RATE_LIMITS: Readonly<Record<Site, Readonly<Record<Action, number>>>> = {
  intl: DEFAULT_RATE_LIMITS,
  china: {
    StartAIConversation: 50,
    StopAIConversation: 50,
    DescribeAIConversation: 50,
    UpdateAIConversation: 50,
    ControlAIConversation: 50,
  },
};

/**
 * Regions where a bot can live when no site is set (neither `trtc:site` nor
 * `TENCENTCLOUD_TRTC_SITE`): those where every site serves Start, Describe and Stop. The endpoint
 * cannot tell the site: trtc.tencentcloudapi.com serves accounts of both (the intl Go SDK's
 * default root domain is tencentcloudapi.com, and older intl pages name that host).
 */
export const SHARED_LIFE_REGIONS: readonly Region[] = SITES.map(lifeRegions).reduce((shared, rs) =>
  shared.filter((r) => rs.includes(r)),
);

/** Default caps when no site is set: per action, the lowest of the sites' caps. */
export const SHARED_RATE_LIMITS: Readonly<Record<Action, number>> = lowestCaps();

function lowestCaps(): Record<Action, number> {
  const caps = { ...SITE_RATE_LIMITS[SITES[0]] };
  for (const site of SITES) {
    for (const a of ACTIONS) caps[a] = Math.min(caps[a], SITE_RATE_LIMITS[site][a]);
  }
  return caps;
}

/** Regions where a bot can live on `site`, or on every site when it is unset (`undefined`). */
export function botRegions(site: Site | undefined): readonly Region[] {
  return site === undefined ? SHARED_LIFE_REGIONS : lifeRegions(site);
}

/** Default caps on `site`, or the lowest of every site's when it is unset (`undefined`). */
export function siteRateLimits(site: Site | undefined): Readonly<Record<Action, number>> {
  return site === undefined ? SHARED_RATE_LIMITS : SITE_RATE_LIMITS[site];
}

/** The site's name as messages say it. */
export function siteName(site: Site): string {
  return site === "intl" ? "international site (trtc:site intl)" : "China site (trtc:site china)";
}
