/**
 * The AIConversation's state record: the inputs it was created or updated from, the task's
 * identity, and what DescribeAIConversation last said about it. Built here only, for create,
 * adoption, read and update alike.
 */
import type { TaskStatus } from "../trtc/constants";
import { SECRET_PATHS } from "./fields";

/** Outputs of an AIConversation beyond its echoed inputs. */
export interface TaskFacts {
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
}

/** Keys of the state record that are outputs, not inputs. */
const OUTPUT_ONLY: readonly string[] = [
  "taskId",
  "requestId",
  "status",
  "startTime",
  "configurationUnverified",
] satisfies (keyof TaskFacts)[];

/**
 * The state record for `inputs` and `task`: JSON-clean (no `undefined` values) and without the
 * engine's `__provider`. `derivedSessionId` records that the provider, not the user, chose the
 * SessionId, so that the diff never compares it.
 */
export function stateRecord(
  inputs: Readonly<Record<string, unknown>>,
  task: TaskFacts,
  derivedSessionId: boolean,
): Record<string, unknown> {
  const { __provider: _provider, ...rest } = inputs;
  const defaults = Array.isArray(rest.defaultsApplied) ? (rest.defaultsApplied as string[]) : [];
  const defaultsApplied =
    derivedSessionId && !defaults.includes("sessionId")
      ? [...defaults, "sessionId"]
      : rest.defaultsApplied;
  return JSON.parse(JSON.stringify({ ...rest, defaultsApplied, ...task })) as Record<
    string,
    unknown
  >;
}

/** The inputs part of a state record: what a read reports as the resource's inputs. */
export function inputsOf(state: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const defaults = Array.isArray(state.defaultsApplied) ? (state.defaultsApplied as string[]) : [];
  for (const [k, v] of Object.entries(state)) {
    if (OUTPUT_ONLY.includes(k)) continue;
    if (k === "sessionId" && defaults.includes("sessionId")) continue;
    out[k] = v;
  }
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
