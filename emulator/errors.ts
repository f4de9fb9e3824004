/**
 * API-level errors as TencentCloud API 3.0 reports them: a `Code` from the common or TRTC
 * error table and an English `Message`. Every one of them travels to the client as HTTP 200
 * inside the `{"Response": {"Error": ...}}` envelope, because the SDKs only parse `Error`
 * when the status is 200.
 */

/**
 * The longest `Error.Message` the emulator sends, in UTF-16 code units. Messages quote the
 * offending input (a parameter name, a value); without a cap an unknown parameter name of 1 MiB
 * would come back as a 1 MiB answer.
 */
export const MAX_MESSAGE_LENGTH = 1024;

/**
 * How much of the end of an over-long message is kept: that is where the fix (and, for an
 * unknown parameter, the list of allowed fields) is named.
 */
const KEPT_TAIL = 384;

/** Room left for the note that replaces the middle (it is about 50 characters). */
const NOTE_ROOM = 64;

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Shorten `message` to at most {@link MAX_MESSAGE_LENGTH} code units: the start and the end are
 * kept (they name the field and the fix), and the middle is replaced by a note saying how much
 * was left out. Surrogate pairs are never split.
 *
 * @param message - Any text.
 * @returns `message` itself when it is short enough, otherwise the shortened text.
 * @example
 * truncateMessage(`The parameter \`${"x".repeat(5000)}\` is not recognized.`).length; // <= 1024
 */
export function truncateMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  let headEnd = MAX_MESSAGE_LENGTH - KEPT_TAIL - NOTE_ROOM;
  if (isHighSurrogate(message.charCodeAt(headEnd - 1))) headEnd -= 1;
  let tailStart = message.length - KEPT_TAIL;
  if (isLowSurrogate(message.charCodeAt(tailStart))) tailStart += 1;
  const left = tailStart - headEnd;
  return (
    `${message.slice(0, headEnd)} … (truncated: ${left} characters left out) … ` +
    message.slice(tailStart)
  );
}

/**
 * An error the emulator answers with inside the API envelope.
 *
 * @example
 * throw new ApiError("FailedOperation.TaskNotExist", "The task does not exist or has ended.");
 */
export class ApiError extends Error {
  /** Always `"ApiError"`, so logs tell it apart from a programming error. */
  override name = "ApiError";

  /**
   * @param code - The API error code, e.g. `AuthFailure.SignatureFailure`.
   * @param message - The text sent as `Error.Message`; it names the offending field and the fix.
   *   Longer than {@link MAX_MESSAGE_LENGTH}, it is shortened by {@link truncateMessage}.
   */
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(truncateMessage(message));
  }
}

/**
 * Messages for codes whose wording is known or that have one natural text. Verbatim where the
 * reference quotes Tencent (SignatureFailure, Region); invented but consistent elsewhere.
 */
const DEFAULT_MESSAGES: Readonly<Record<string, string>> = {
  InternalError: "An internal error occurred. Please retry later.",
  RequestLimitExceeded: "Your requests are too frequent. Please reduce the request rate.",
  ServiceUnavailable: "The service is temporarily unavailable. Please retry later.",
  ResourceUnavailable: "The resource is temporarily unavailable. Please retry later.",
  ResourceInUse: "The resource is in use. Please retry later.",
  "ResourceInsufficient.RequestRejection": "Insufficient resources.",
  "AuthFailure.SignatureFailure":
    "The provided credentials could not be validated. Please check your signature is correct.",
  "FailedOperation.TaskNotExist": "The task does not exist or has ended.",
  "FailedOperation.TaskExist": "Task already exists.",
  "FailedOperation.NotAllowed":
    "This operation is not allowed, please submit a ticket to contact us.",
};

/**
 * The message the emulator uses for `code` when nothing more specific is known (used for
 * injected faults).
 *
 * @param code - An API error code.
 * @returns A sentence that is safe to show to a user.
 */
export function defaultMessage(code: string): string {
  return DEFAULT_MESSAGES[code] ?? `The operation failed with ${code}.`;
}

/**
 * `MissingParameter` with the wording Tencent uses ("The request is missing a required
 * parameter `Region`.").
 *
 * @param field - The dotted field path, e.g. `AgentConfig.UserSig`.
 * @param hint - Optional extra sentence telling the caller what to send.
 */
export function missingParameter(field: string, hint?: string): ApiError {
  const base = `The request is missing a required parameter \`${field}\`.`;
  return new ApiError("MissingParameter", hint ? `${base} ${hint}` : base);
}
