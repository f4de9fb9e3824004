/**
 * The AIConversation's state record: the inputs it was created or updated from, the task's
 * identity, and what DescribeAIConversation last said about it. Built here only, for create,
 * adoption, read and update alike.
 */
import type { TaskStatus } from "../trtc/constants";
import { TASK_OUTPUTS, type TaskOutputKey } from "../outputs";
import { SECRET_PATHS } from "./fields";
import type { NormalizedInputs } from "./model";

/** Outputs of an AIConversation beyond its echoed inputs. */
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
 * A resource's state: the inputs it was created or updated from and the task's facts. Written by
 * {@link stateRecord}; state an earlier release wrote may lack what this release adds.
 */
export type TaskState = Omit<NormalizedInputs, "sessionId"> & TaskFacts;

/**
 * The state record for `inputs` and `task`: JSON-clean (no `undefined` values) and without the
 * engine's `__provider`. `derivedSessionId` records that the provider, not the user, chose the
 * SessionId, so that the diff never compares it.
 */
export function stateRecord(
  inputs: Readonly<Record<string, unknown>>,
  task: TaskFacts,
  derivedSessionId: boolean,
): TaskState {
  const { __provider: _provider, ...rest } = inputs;
  const defaults = Array.isArray(rest.defaultsApplied) ? (rest.defaultsApplied as string[]) : [];
  const defaultsApplied =
    derivedSessionId && !defaults.includes("sessionId")
      ? [...defaults, "sessionId"]
      : rest.defaultsApplied;
  return JSON.parse(JSON.stringify({ ...rest, defaultsApplied, ...task })) as TaskState;
}

/** The inputs part of a state record: what a read reports as the resource's inputs. */
export function inputsOf(state: Readonly<Partial<TaskState>>): Partial<TaskState> {
  const out: Partial<TaskState> = { ...state };
  for (const key of TASK_OUTPUTS) delete out[key];
  if (state.defaultsApplied?.includes("sessionId")) delete out.sessionId;
  return out;
}

/** The secret values among inputs (see SECRET_PATHS), to scrub from any message. */
export function secretsOf(inputs: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const path of SECRET_PATHS) {
    const [group, key] = path.split(".");
    const v = (inputs[group] as Record<string, unknown> | undefined)?.[key];
    if (typeof v === "string") out.push(v);
  }
  return out;
}
