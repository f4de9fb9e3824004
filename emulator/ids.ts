/**
 * Identifiers the service mints: RequestIds (uuid v4, as the real API returns) and TaskIds.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";

/** A fresh RequestId: a uuid v4 like `109ede3f-2389-45e5-88a7-3a99dddc6e2f`. */
export function newRequestId(): string {
  return randomUUID();
}

/** The length and trailing dots of one shape of TaskId. */
export interface TaskIdShape {
  /** Characters in all, dots included. */
  length: number;
  /** How many `.` end it. */
  dots: 0 | 1 | 2;
}

/**
 * The shapes of Tencent's own example TaskIds, which the emulator takes turns minting, so that no
 * client comes to rely on one length or on a trailing `.`:
 * - 72 characters ending `..`: `-m97l2ZU7kOlV5cTRMoU6yoGp2nDYkzbJ13EC4K-4pycoZXVv+XVrNoUXQ8++8Z2PwUlAQ..`
 *   (China StopAIConversation page, cloud.tencent.com/document/api/647/108513);
 * - 77 characters, no dot: `hKPD2Q7k…` (647/115506);
 * - 116 characters ending `.`: `SV1FR+…VH0.` (intl StopAIConversation page, 647/65296).
 */
export const TASK_ID_SHAPES: readonly TaskIdShape[] = [
  { length: 72, dots: 2 },
  { length: 77, dots: 0 },
  { length: 116, dots: 1 },
];

/**
 * The characters of a minted TaskId before its dots: those of the examples (base64 with `-` for
 * `/`). `-` is last, so the first character can be drawn from all the others.
 */
const TASK_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-";

/** Which shape the next TaskId takes; starts anywhere, so one run's first id is no fixed shape. */
let nextShape = randomInt(TASK_ID_SHAPES.length);

/**
 * A fresh TaskId in one of {@link TASK_ID_SHAPES}, taken in turn: opaque text of
 * `A-Z a-z 0-9 + -`, then its dots.
 *
 * It never starts with `-`, although Tencent's 72-character example does: a user can then paste
 * any TaskId the emulator issues into `pulumi config set` (or another command line) without a
 * `--` before it. Every minted TaskId is well-formed for {@link isTaskIdFormat}.
 */
export function newTaskId(): string {
  const shape = TASK_ID_SHAPES[nextShape];
  nextShape = (nextShape + 1) % TASK_ID_SHAPES.length;
  const bytes = randomBytes(shape.length - shape.dots);
  let text = TASK_ID_ALPHABET[bytes[0] % (TASK_ID_ALPHABET.length - 1)];
  // 64 characters: each byte's low six bits pick one without bias.
  for (let i = 1; i < bytes.length; i++) text += TASK_ID_ALPHABET[bytes[i] & 63];
  return text + ".".repeat(shape.dots);
}

/** The longest TaskId {@link isTaskIdFormat} accepts. */
export const MAX_TASK_ID_LENGTH = 256;

/**
 * What the emulator takes for a well-formed TaskId: 1–256 characters of `A-Z a-z 0-9 + - * . _`.
 * Assumed: Tencent does not document the grammar. It holds every example TaskId (above) and
 * base64's other variants (`_`, `*`), with room for longer ids.
 */
const TASK_ID_FORMAT = new RegExp(`^[A-Za-z0-9+\\-*._]{1,${MAX_TASK_ID_LENGTH}}$`);

/**
 * Whether `taskId` is well-formed: 1–256 characters of `A-Z a-z 0-9 + - * . _` (assumed). A well-formed TaskId no
 * task holds answers `FailedOperation.TaskNotExist`; anything else answers
 * `InvalidParameter.TaskId` ("TaskId parameter error", intl StopAIConversation page 647/65296)
 * on Stop, Describe and Control.
 *
 * @param taskId - A TaskId a client sent.
 */
export function isTaskIdFormat(taskId: string): boolean {
  return TASK_ID_FORMAT.test(taskId);
}
