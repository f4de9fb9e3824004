/** Fixed facts about the TRTC AI-conversation API that several modules share. */

/** Regions that serve the AI-conversation actions (union of the China and international pages). */
export const REGIONS = [
  "ap-beijing",
  "ap-guangzhou",
  "ap-shanghai",
  "ap-singapore",
  "ap-tokyo",
  "na-ashburn",
  "na-siliconvalley",
] as const;

/** A region that serves the AI-conversation actions. */
export type Region = (typeof REGIONS)[number];

/** The region used when neither the resource nor the stack config (`trtc:region`) names one. */
export const DEFAULT_REGION: Region = "ap-guangzhou";

/** The international endpoint, used unless `trtc:endpoint` or `TENCENTCLOUD_TRTC_ENDPOINT` says otherwise. */
export const DEFAULT_ENDPOINT = "https://trtc.intl.tencentcloudapi.com";

/** The China-site endpoint, for accounts on cloud.tencent.com. */
export const CHINA_ENDPOINT = "https://trtc.tencentcloudapi.com";

/** The five AI-conversation actions. */
export const ACTIONS = [
  "StartAIConversation",
  "StopAIConversation",
  "DescribeAIConversation",
  "UpdateAIConversation",
  "ControlAIConversation",
] as const;

/** One of the five AI-conversation actions. */
export type Action = (typeof ACTIONS)[number];

/**
 * Calls per second allowed for each action by default on the international site (its pages:
 * Start and Control 50/s, Stop, Describe and Update 20/s); the China site's are in sites.ts.
 * Override with the `trtc:rateLimits` stack config.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<Action, number>> = {
  StartAIConversation: 50,
  StopAIConversation: 20,
  DescribeAIConversation: 20,
  UpdateAIConversation: 20,
  ControlAIConversation: 50,
};

/** Task statuses DescribeAIConversation reports. */
export type TaskStatus = "Idle" | "Preparing" | "InProgress" | "Stopped";
