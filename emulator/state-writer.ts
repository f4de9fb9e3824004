/**
 * When the `--state` file is written (hostile-input review F13, F14). A change only marks the
 * state dirty; a timer writes it at most once per interval (100 ms by default), so a call costs
 * the same whatever the number of tasks, and {@link StateWriter.close} writes the last changes
 * synchronously when the emulator stops. The interval grows to 4 times the last write's duration
 * when writes are slow (a huge state, a slow disk), so writing never takes more than a fifth of
 * the emulator's time. A write that fails never reaches the API's answer: the
 * call has committed in memory. The failure is logged once on stderr, the state stays dirty and
 * the next tick tries again; a recovery is logged too.
 */
import { type PersistedState, saveState } from "./state-file";

/** Writes a state file (saveState, or a test's stand-in). */
export type StateWrite = (path: string, state: PersistedState) => void;

/** The default interval between two writes, milliseconds. */
export const STATE_WRITE_INTERVAL_MS = 100;

/** Options of {@link StateWriter}. */
export interface StateWriterOptions {
  /** The `--state` path. */
  path: string;
  /** The state as it is now (called once per write). */
  snapshot: () => PersistedState;
  /**
   * Least time between two writes, milliseconds.
   * @default 100
   */
  intervalMs?: number;
  /**
   * How a state is written.
   * @default saveState (temporary file + rename)
   */
  write?: StateWrite;
  /**
   * The clock write durations are measured with, milliseconds.
   * @default performance.now
   */
  now?: () => number;
  /**
   * Where failures and recoveries are reported (one line each, no secrets: the path and the
   * file system's message).
   * @default a line on stderr
   */
  log?: (line: string) => void;
}

/** Batches and retries the writes of one state file. */
export class StateWriter {
  private dirty = false;
  private failing = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly write: StateWrite;
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private delay: number;

  /** @param options - Path, snapshot and the optional interval, writer and log. */
  constructor(private readonly options: StateWriterOptions) {
    this.intervalMs = options.intervalMs ?? STATE_WRITE_INTERVAL_MS;
    this.write = options.write ?? saveState;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.now = options.now ?? (() => performance.now());
    this.delay = this.intervalMs;
  }

  /** How long the next write waits after a change, milliseconds (see the header comment). */
  get delayMs(): number {
    return this.delay;
  }

  /**
   * Write now and let a failure throw: at start-up, so an unwritable path fails at once rather
   * than on the first call.
   */
  writeNow(): void {
    this.write(this.options.path, this.options.snapshot());
    this.dirty = false;
  }

  /** Note a change: it reaches the file within the interval. */
  markDirty(): void {
    this.dirty = true;
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => this.tick(), this.delay);
    // A pending write must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.flush()) this.markDirty();
  }

  /**
   * Write if anything changed since the last write. A failure is logged (once per run of
   * failures) and leaves the state dirty.
   *
   * @returns Whether the file now holds the latest state.
   */
  flush(): boolean {
    if (!this.dirty) return true;
    const began = this.now();
    try {
      this.write(this.options.path, this.options.snapshot());
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        this.log(
          `trtc-emulator: cannot write the state file ${this.options.path} ` +
            `(${(error as Error)?.message ?? String(error)}); the changes are kept in memory and ` +
            `the write is retried every ${this.delay} ms`,
        );
      }
      return false;
    }
    this.dirty = false;
    this.delay = Math.max(this.intervalMs, 4 * (this.now() - began));
    if (this.failing) {
      this.failing = false;
      this.log(`trtc-emulator: the state file ${this.options.path} is written again`);
    }
    return true;
  }

  /**
   * The last write, synchronous (the emulator stops): cancels the timer and flushes. Changes
   * after this are not written.
   *
   * @returns Whether the file holds the latest state.
   */
  close(): boolean {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const written = this.flush();
    if (!written) {
      this.log(
        `trtc-emulator: the state file ${this.options.path} misses the changes since its last ` +
          `successful write`,
      );
    }
    return written;
  }
}
