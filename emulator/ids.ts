/**
 * Identifiers the service mints: RequestIds (uuid v4, as the real API returns) and TaskIds.
 */
import { randomBytes, randomUUID } from "node:crypto";

/** A fresh RequestId: a uuid v4 like `109ede3f-2389-45e5-88a7-3a99dddc6e2f`. */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * A fresh TaskId resembling real ones (opaque base64-ish text of about 113 characters with `+`
 * and `-`, ending in `.`), so clients that mishandle those characters fail here too.
 */
export function newTaskId(): string {
  return `${randomBytes(84).toString("base64").replace(/\//g, "-").replace(/=+$/, "")}.`;
}

/** The shape of every TaskId {@link newTaskId} mints: 112 characters of `A-Z a-z 0-9 + -`, then `.`. */
const TASK_ID_FORMAT = /^[A-Za-z0-9+-]{112}\.$/;

/**
 * Whether `taskId` has the shape of a TaskId this emulator mints. Anything else answers
 * `InvalidParameter.TaskId` ("TaskId parameter error", intl StopAIConversation page 647/65296),
 * while a well-formed TaskId no task holds answers `FailedOperation.TaskNotExist`.
 *
 * @param taskId - A TaskId a client sent.
 */
export function isTaskIdFormat(taskId: string): boolean {
  return TASK_ID_FORMAT.test(taskId);
}
