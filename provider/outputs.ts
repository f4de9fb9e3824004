/**
 * The outputs an AIConversation has beyond the inputs it echoes, in one list: the program
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

/** One of {@link TASK_OUTPUTS}. */
export type TaskOutputKey = (typeof TASK_OUTPUTS)[number];
