/**
 * Failures that state must remember. The engine's dynamic-provider host packs an error's `id`
 * and `properties` (with `__provider`) into `ErrorResourceInitFailed`, for create and update
 * alike (@pulumi/pulumi cmd/dynamic-provider, grpcResponseFromError); the engine then records the
 * resource with those properties as its outputs and an init error (for an update it keeps the old
 * inputs), and the next `up` reaches update() for it even when the program did not change. The
 * diff compares with the outputs, so a revert is a real change.
 */

/** A failure recorded in state as the resource `id` with `properties`. */
export class InitFailure extends Error {
  override name = "InitFailure";
  /** What the engine shows as the failure's reasons. */
  readonly reasons: string[];

  constructor(
    message: string,
    /** The task's id: the resource's id in state. */
    readonly id: string,
    /** The state record to keep, `__provider` included. */
    readonly properties: Record<string, unknown>,
  ) {
    super(message);
    this.reasons = [message];
  }
}

/**
 * A bot that started but was not seen running: state knows the task, the next `up` finishes it
 * through update() and `destroy` stops it.
 */
export class PartiallyStartedError extends InitFailure {
  override name = "PartiallyStartedError";
}

/**
 * An UpdateAIConversation whose outcome is unknown (its answer was lost, or the API failed in a
 * way that may follow a commit): state's outputs record the new configuration, so a revert is
 * a real change, and mark it unverified, so the next in-place update sends every field (also
 * after a refresh, which clears the init error: the diff sees the mark).
 */
export class UpdateMayHaveAppliedError extends InitFailure {
  override name = "UpdateMayHaveAppliedError";
}
