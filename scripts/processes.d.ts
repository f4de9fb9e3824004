/** Types for scripts/processes.js (see its header comment). */

/** A running process: its pid and its command line. */
export interface ProcessInfo {
  pid: number;
  cmd: string;
}
/** The environment variable that marks every process of one `npm test` or `npm run bench`. */
export const RUN_MARKER: string;
/** Processes (other than this one) whose environment holds `name=value`. */
export function markedProcesses(name: string, value: string): ProcessInfo[];
/** Peak resident memory (VmHWM) of a process in bytes, or 0 once it is gone. */
export function peakRssBytes(pid: number): number;
/** Sends SIGKILL to each pid; one already gone is skipped. */
export function killAll(pids: number[]): void;
/** Waits up to `timeoutMs` for the marked processes to end; resolves to those still alive. */
export function waitForMarkedToEnd(
  name: string,
  value: string,
  timeoutMs: number,
): Promise<ProcessInfo[]>;
