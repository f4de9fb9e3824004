/**
 * The record of API calls that `GET /_emulator/requests` returns. It holds only what a test needs
 * to assert on - never a secret, a signature or a request body.
 */

/** One API call as logged. */
export interface RequestLogEntry {
  /** When the call arrived, ISO 8601 real time. */
  time: string;
  /** The `X-TC-Action` header (or a v1 request's `Action`), or `null` when there was none. */
  action: string | null;
  /** The `X-TC-Region` header (or a v1 request's `Region`), or `null` when there was none. */
  region: string | null;
  /** Whether the call sent a token (`X-TC-Token` or v1 `Token`); the token itself never. */
  tokenSent: boolean;
  /**
   * `null` on success, otherwise the error code answered, or `DROPPED` (connection destroyed by
   * a `drop` fault) or `LOST` (operation performed, response lost by `commit-then-lose`).
   */
  code: string | null;
  /** The RequestId answered (also minted for dropped and lost calls). */
  requestId: string;
}

/** Entries beyond this are discarded oldest first, so a long-running emulator stays small. */
const MAX_ENTRIES = 10000;

/** An append-only, bounded list of {@link RequestLogEntry}. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  /**
   * Append one entry.
   *
   * @param entry - The call's outcome.
   */
  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES)
      this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  /** A copy of all entries, oldest first. */
  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** Remove all entries. */
  clear(): void {
    this.entries = [];
  }
}
