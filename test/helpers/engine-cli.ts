/**
 * Runs the project's engine as a user runs it on the command line, for commands the Automation
 * API does not cover with exit codes and printed output kept apart (`pulumi import`, `pulumi
 * convert`, `pulumi package gen-sdk`, `pulumi preview --policy-pack`).
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as engine from "../../scripts/engine";
import type { TestStack } from "./pulumi";

/** What a `pulumi` command printed and how it exited. */
export interface CliResult {
  /** The exit code (null when a signal ended it). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pulumi ARGS --non-interactive --color never` in `cwd` with the test stack's environment
 * (its backend, PULUMI_HOME and secrets provider); the caller adds `--stack` where the command takes it.
 */
export function runPulumi(t: TestStack, cwd: string, args: string[]): CliResult {
  const res = spawnSync(
    path.join(engine.engineBinDir(), "pulumi"),
    [...args, "--non-interactive", "--color", "never"],
    { cwd, encoding: "utf8", env: { ...process.env, ...t.env }, maxBuffer: 64 * 1024 * 1024 },
  );
  if (res.error) throw res.error;
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}
