/**
 * The outputs an AIConversation has beyond the inputs state records (RECORDED_INPUTS), in one list: the program
 * registers a placeholder for each (resource.ts), and state records them (ai-conversation/state.ts).
 * Zod-free, like secret-paths.ts, so that a program loads neither zod nor the provider.
 */
export const TASK_OUTPUTS = [
  "taskId",
  "requestId",
  "status",
  "startTime",
  "configurationUnverified",
] as const;

/**
 * The inputs state records as outputs too, because they identify the bot (the app, room and
 * region it runs in); the others are kept as digests only (ai-conversation/snapshot.ts).
 */
export const RECORDED_INPUTS = ["sdkAppId", "roomId", "region"] as const;

/** One of {@link TASK_OUTPUTS}. */
export type TaskOutputKey = (typeof TASK_OUTPUTS)[number];

/** What one output is: its description (the package schema's) and its primitive type. */
export interface OutputDoc {
  /** The description, in Markdown. */
  readonly description: string;
  /** Its type in the package schema. */
  readonly type: "string" | "boolean";
  /** Every resource has it (after create, adoption or import). */
  readonly always?: true;
}

/**
 * The outputs an AIConversation has beyond its inputs, documented once: the package schema's
 * `properties` (scripts/schema.ts) take them from here. `sessionId` is an input too; as an output
 * it is always set.
 */
export const OUTPUT_DOCS: Readonly<Record<TaskOutputKey | "sessionId", OutputDoc>> = {
  taskId: {
    description: "The task id TRTC assigned; also the resource id.",
    type: "string",
    always: true,
  },
  sessionId: {
    description: "The SessionId the bot was started with (yours or the derived one).",
    type: "string",
    always: true,
  },
  requestId: {
    description:
      "RequestId of the StartAIConversation call (absent when a lost start was adopted).",
    type: "string",
  },
  status: {
    description: "Status at the last create or refresh: `Preparing`, `InProgress` (or `Idle`).",
    type: "string",
    always: true,
  },
  startTime: {
    description: "Start time reported by DescribeAIConversation (`YYYY-MM-DD hh:mm:ss.ffffff`).",
    type: "string",
  },
  configurationUnverified: {
    description:
      "`true` while the bot may run another configuration than state records: it was adopted or found after a lost start, or an update's outcome is unknown. The next in-place update (`updateInPlace`) sends every field it can change and clears it.",
    type: "boolean",
  },
};
