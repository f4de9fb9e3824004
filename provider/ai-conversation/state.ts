/**
 * The AIConversation's state record: the task's identity, what DescribeAIConversation last said
 * about it, and what the next diff needs of the configuration it was created or updated from
 * (snapshot.ts). Built here only, for create, adoption, read and update alike.
 */
import type { TaskStatus } from "../trtc/constants";
import type { RECORDED_INPUTS, TaskOutputKey } from "../outputs";
import type { JsonObject, NormalizedInputs } from "./model";
import {
  type ConfigDigest,
  configDigestOf,
  nestSecrets,
  secretRecordOf,
  secretValuesOf,
  snapshotOfState,
} from "./snapshot";

/** What state records about an AIConversation's task. */
export type TaskFacts = {
  /** The task's id, also the resource's id. */
  taskId: string;
  /** The SessionId the task was started with. */
  sessionId?: string;
  /** RequestId of the StartAIConversation call, when this resource made it. */
  requestId?: string;
  /** Status at the last create, update or refresh. */
  status: TaskStatus;
  /** Start time DescribeAIConversation reported. */
  startTime?: string;
  /**
   * The bot may run another configuration than the inputs recorded with it: it was adopted
   * (Describe cannot show a task's configuration), or an update failed in a way that may have
   * been applied. The next in-place update sends every field it can change, so the two converge.
   */
  configurationUnverified?: true;
};

/** Every fact but the SessionId (an input too) is one of the outputs the program declares. */
type FactsAreOutputs = [Exclude<keyof TaskFacts, "sessionId">] extends [TaskOutputKey]
  ? [TaskOutputKey] extends [Exclude<keyof TaskFacts, "sessionId">]
    ? true
    : never
  : never;
const factsAreOutputs: FactsAreOutputs = true;
void factsAreOutputs;

/**
 * A resource's state record: the task's facts, what identifies it (app, room, region), the paths
 * `check()` filled in with defaults, and the configuration as snapshot.ts keeps it (digests and
 * the secrets at their own paths), never a full copy of the inputs (the engine keeps those).
 * State an earlier release wrote echoes every input instead, and may lack what this release
 * adds; snapshot.ts reads both.
 */
export type TaskState = TaskFacts &
  Pick<NormalizedInputs, (typeof RECORDED_INPUTS)[number] | "defaultsApplied"> & {
    /** Digests of the configuration's plain values (snapshot.ts); absent for an imported bot. */
    configDigest?: ConfigDigest;
  } & Partial<Record<"agentConfig" | "sttConfig" | "llmConfig" | "ttsConfig", JsonObject>>;

/**
 * The state record for `inputs` (checked) and `task`: JSON-clean (no `undefined` values).
 * `derivedSessionId` records that the provider, not the user, chose the SessionId, so that the
 * diff never compares it.
 */
export function stateRecord(
  inputs: Readonly<NormalizedInputs>,
  task: TaskFacts,
  derivedSessionId: boolean,
): TaskState {
  const defaults = inputs.defaultsApplied ?? [];
  const defaultsApplied =
    derivedSessionId && !defaults.includes("sessionId") ? [...defaults, "sessionId"] : defaults;
  const record: TaskState = {
    sdkAppId: inputs.sdkAppId,
    roomId: inputs.roomId,
    region: inputs.region,
    defaultsApplied,
    configDigest: configDigestOf(inputs),
    ...secretRecordOf(inputs),
    ...task,
  };
  return JSON.parse(JSON.stringify(record)) as TaskState;
}

/**
 * `state` (a record of any release, or of an imported bot) with new facts about its task, its
 * configuration as it was: what a refresh records. A full echo an earlier release wrote keeps its
 * configuration as digests.
 */
export function refreshedRecord(state: Readonly<Partial<TaskState>>, task: TaskFacts): TaskState {
  const { digests, secrets, onlyThese } = snapshotOfState(state);
  const record: Record<string, unknown> = {
    sdkAppId: state.sdkAppId,
    roomId: state.roomId,
    region: state.region,
    defaultsApplied: state.defaultsApplied,
    configDigest: onlyThese ? undefined : digests,
    ...nestSecrets(secrets),
    ...task,
  };
  return JSON.parse(JSON.stringify(record)) as TaskState;
}

/** The secret values among inputs or a state record (see SECRET_PATHS), to scrub from any message. */
export function secretsOf(source: Readonly<Record<string, unknown>>): string[] {
  return Object.values(secretValuesOf(source)).filter((v): v is string => typeof v === "string");
}
