/**
 * The two sites TRTC's AI-conversation API is sold on, and what each one's pages say per action:
 * the regions `X-TC-Region` may name and the default request caps. Where a page is silent the
 * value is an assumption, marked here and in the README's "Emulator vs Tencent Cloud" table.
 *
 * Sources (see ../shared/reference/reviews/fidelity.md §3 for the quotes):
 * - intl Start: tencentcloud.com/document/api/647/64963 (2026-05-21) - regions ap-guangzhou,
 *   ap-singapore, ap-tokyo, na-ashburn, na-siliconvalley; 50 requests/s.
 * - intl Stop 647/65296, Describe 647/64964, Update 647/64962 - ap-guangzhou, ap-singapore,
 *   ap-tokyo, na-siliconvalley (no na-ashburn); 20 requests/s each.
 * - intl Control 647/64965 - the Start list (with na-ashburn); 50 requests/s.
 * - China Start cloud.tencent.com/document/api/647/108514, Stop /108513, Describe /108515 -
 *   ap-beijing, ap-guangzhou, ap-shanghai, ap-singapore, ap-tokyo, na-ashburn, na-siliconvalley;
 *   50 requests/s each.
 * - China Update /110097 and Control /109408 - the same 7 regions; 50 requests/s each.
 */
import type { Action } from "./constants";

/** A site: `intl` (tencentcloud.com, trtc.intl.tencentcloudapi.com) or `china` (cloud.tencent.com). */
export type Site = "intl" | "china";

/** Both sites. */
export const SITES: readonly Site[] = ["intl", "china"];

const INTL_START = ["ap-guangzhou", "ap-singapore", "ap-tokyo", "na-ashburn", "na-siliconvalley"];
const INTL_TASK = ["ap-guangzhou", "ap-singapore", "ap-tokyo", "na-siliconvalley"];
const CHINA = [
  "ap-beijing",
  "ap-guangzhou",
  "ap-shanghai",
  "ap-singapore",
  "ap-tokyo",
  "na-ashburn",
  "na-siliconvalley",
];

/** Regions each action accepts, per site, as the pages list them. */
export const SITE_REGIONS: Readonly<Record<Site, Readonly<Record<Action, readonly string[]>>>> = {
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
    UpdateAIConversation: CHINA, // 647/110097
    ControlAIConversation: CHINA, // 647/109408
  },
};

/** Default caps, requests per second per account and action, per site, as the pages give them. */
export const SITE_RATES: Readonly<Record<Site, Readonly<Record<Action, number>>>> = {
  intl: {
    StartAIConversation: 50,
    StopAIConversation: 20,
    DescribeAIConversation: 20,
    UpdateAIConversation: 20,
    ControlAIConversation: 50,
  },
  china: {
    StartAIConversation: 50,
    StopAIConversation: 50,
    DescribeAIConversation: 50,
    UpdateAIConversation: 50, // 647/110097
    ControlAIConversation: 50, // 647/109408
  },
};

/**
 * Whether `name` is a site.
 *
 * @param name - Any text, e.g. a `--site` value.
 */
export function isSite(name: string): name is Site {
  return (SITES as readonly string[]).includes(name);
}
