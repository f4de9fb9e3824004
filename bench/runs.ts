/**
 * One measured run of the fleet program (test/reliability/fixtures/fleet) through the engine's CLI
 * as a user runs it: a fresh emulator with every action capped alike, a fresh stack, `pulumi up
 * --skip-preview` and `pulumi destroy` timed as wall time, failures counted from the engine's
 * state and the emulator's task list, throttled answers from the emulator's request log, and the
 * dynamic-provider host's peak RSS sampled from /proc while `up` runs.
 */
import * as path from "node:path";
import * as fs from "node:fs";
import { startEmulator, type RunningEmulator } from "../emulator";
import { ACTIONS, type Action } from "../emulator/constants";
import { markedProcesses, peakRssBytes } from "../scripts/processes";
import {
  SHARED_ACCOUNT_KEYS,
  createFleetStack,
  createSharedAccountStacks,
  type FleetVariant,
  fleetProgramDir,
  runCli,
} from "../test/helpers/fleet";
import { stateResources, type TestStack } from "../test/helpers/pulumi";

/**
 * Which provider the fleet's bots use (see the fleet program; the native fleet knows `ours` and
 * `noop`).
 */
export type Variant = FleetVariant;

/**
 * The engine type-checks the program on each run, as it does for users by default (the test
 * suite runs its programs transpile-only): the bench times what users wait for.
 */
const AS_USERS_RUN = true;

/**
 * The bench's stacks keep their secrets with a passphrase, as a user's stack on a file backend
 * does: the test suite's Vault stand-in (test/helpers/test-vault.ts) spares each engine call the
 * passphrase's key derivation, which users pay.
 */
const USERS_SECRETS_PROVIDER = "passphrase";

/** The settings every run shares unless it says otherwise. */
export const HEADLINE = {
  /** Calls per second for every action, on the emulator and in `trtc:rateLimits`. */
  cap: 50,
  parallel: 64,
  preparingMs: 500,
  region: "ap-singapore",
} as const;

/** The emulator's caps: `cap` calls per second for every action. */
export function capsOf(cap: number): Record<Action, number> {
  return Object.fromEntries(ACTIONS.map((a) => [a, cap])) as Record<Action, number>;
}

/** What one CLI command did. */
export interface CliResult {
  seconds: number;
  status: number;
  output: string;
}

/**
 * Runs `pulumi ARGS` on a stack of the fleet program and times it (fleet.ts runCli), with
 * `--non-interactive` and without PULUMI_PARALLEL, so a run without `--parallel` gets the
 * engine's default.
 */
export function timedCli(
  t: TestStack,
  args: string[],
  programDir = fleetProgramDir,
  env: Record<string, string> = {},
): Promise<CliResult> {
  return runCli(t, [...args, "--non-interactive"], {
    programDir,
    env: { PULUMI_PARALLEL: undefined, ...env },
  });
}

/** `--parallel P`, or nothing for the engine's default. */
export function parallelArgs(parallel: number | "default"): string[] {
  return parallel === "default" ? [] : ["--parallel", String(parallel)];
}

/** What the command line of the dynamic-provider host holds (@pulumi/pulumi's script). */
export const DYNAMIC_PROVIDER_HOST = "cmd/dynamic-provider";

/**
 * Samples the peak RSS (VmHWM, bytes) of this stack's provider process every 100 ms while `fn`
 * runs: the process with this stack's PULUMI_HOME in its environment whose command line holds
 * `processMatch` (by default the dynamic-provider host, which runs @pulumi/pulumi's
 * cmd/dynamic-provider; for a native plugin, its `bin/pulumi-resource-NAME`).
 */
export async function withProviderRss<T>(
  t: TestStack,
  fn: () => Promise<T>,
  processMatch: string = DYNAMIC_PROVIDER_HOST,
): Promise<{ result: T; peakRss: number }> {
  let peak = 0;
  const sample = () => {
    for (const p of markedProcesses("PULUMI_HOME", t.env.PULUMI_HOME)) {
      if (p.cmd.includes(processMatch)) peak = Math.max(peak, peakRssBytes(p.pid));
    }
  };
  const timer = setInterval(sample, 100);
  try {
    const result = await fn();
    sample(); // the host may still be there
    return { result, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Bots of the stack that run as the engine recorded them: InProgress in the API, its TaskId in
 * state, and created without error (a bot recorded with init errors, one that started but did
 * not become ready in time, counts as failed even if it runs by now).
 */
export async function readyRecorded(t: TestStack, emulator: RunningEmulator): Promise<number> {
  const deployment = await t.stack.exportStack();
  const resources = (deployment.deployment?.resources ?? []) as Array<{
    type: string;
    id?: string;
    initErrors?: string[];
  }>;
  const inProgress = new Set(
    emulator
      .tasks()
      .filter((x) => x.status === "InProgress")
      .map((x) => x.taskId),
  );
  return resources.filter(
    (r) =>
      r.type.endsWith("AIConversation") &&
      r.id &&
      inProgress.has(r.id) &&
      (r.initErrors ?? []).length === 0,
  ).length;
}

/** Calls the emulator answered with RequestLimitExceeded. */
export function throttledAnswers(emulator: RunningEmulator): number {
  return emulator.requests().filter((r) => r.code === "RequestLimitExceeded").length;
}

/** Tasks that still run (Preparing or InProgress). */
export function runningTasks(emulator: RunningEmulator): number {
  return emulator.tasks().filter((x) => x.status === "Preparing" || x.status === "InProgress")
    .length;
}

/** Average `__provider` length per bot in the stack's state, in bytes. */
export async function providerBytes(t: TestStack): Promise<number> {
  const state = await stateResources(t.stack);
  const lengths = [...state.values()]
    .filter((r) => r.type.endsWith("AIConversation"))
    .map((r) => Buffer.byteLength(String(r.outputs.__provider ?? "")));
  return lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
}

/**
 * The types of the fleets' resources: the dynamic ones (an AIConversation, a no-op or a minimal
 * resource) and the native ones (trtc's and the no-op plugin's AIConversation).
 */
const FLEET_RESOURCE_TYPE = /^pulumi-nodejs:dynamic\/trtc:|^trtc(noop)?:index:AIConversation$/;

/**
 * The average size of one fleet resource (see FLEET_RESOURCE_TYPE) in the stack's checkpoint
 * file, as the engine wrote it (secrets encrypted): the bytes the engine rewrites for each bot at
 * every step.
 */
export function checkpointBytesPerResource(t: TestStack): number {
  const stacks = path.join(t.workDir, "backend", ".pulumi", "stacks");
  const files = fs
    .readdirSync(stacks, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === `${t.stack.name}.json`);
  if (files.length !== 1) throw new Error(`no single checkpoint for ${t.stack.name} in ${stacks}`);
  const checkpoint = JSON.parse(fs.readFileSync(path.join(stacks, files[0]), "utf8")) as {
    checkpoint?: { latest?: { resources?: Array<{ type: string }> } };
  };
  const resources = (checkpoint.checkpoint?.latest?.resources ?? []).filter((r) =>
    FLEET_RESOURCE_TYPE.test(r.type),
  );
  const bytes = resources.map((r) => Buffer.byteLength(JSON.stringify(r)));
  return bytes.reduce((a, b) => a + b, 0) / Math.max(1, bytes.length);
}

/** The outcome of one {@link fleetRun}. */
export interface FleetRun {
  upSeconds: number;
  upStatus: number;
  destroySeconds: number;
  destroyStatus: number;
  /** Bots not running as recorded after `up`: n − {@link readyRecorded}. */
  failed: number;
  /** Running tasks after `up` that state does not know. */
  unknownToState: number;
  /** Tasks still running after `destroy`. */
  leftRunning: number;
  /** RequestLimitExceeded answers over `up` and `destroy`. */
  throttled: number;
  /** Peak RSS of the provider process (see FleetRunOptions.providerProcess) during `up`, bytes. */
  peakRss: number;
  /** Average `__provider` bytes per bot. */
  providerBytes: number;
  /** Bytes of one resource in the stack's checkpoint as the engine writes it, averaged. */
  stateBytesPerBot: number;
  /** The last lines of `up`'s output when it failed. */
  upTail?: string;
}

/** Options of {@link fleetRun}. */
export interface FleetRunOptions {
  variant: Variant;
  n: number;
  cap?: number;
  parallel?: number | "default";
  preparingMs?: number;
  /** Pass `--continue-on-error` to `up` (for the naive baseline). */
  continueOnError?: boolean;
  /** The fleet program's folder; default the in-repo fixture. */
  programDir?: string;
  /** Extra environment for `up` and `destroy` (a setting users can make the same way). */
  env?: Record<string, string>;
  /**
   * Run and time `destroy` (default). Off for a no-op stack whose destroy time no figure needs:
   * the stack is then removed with its resources in state (they hold nothing outside).
   */
  destroy?: boolean;
  /** Untimed, once the stack exists (e.g. installing plugins into its PULUMI_HOME). */
  prepare?: (t: TestStack) => Promise<void>;
  /**
   * What the command line of the provider process whose RSS is sampled holds; default the
   * dynamic-provider host's ({@link DYNAMIC_PROVIDER_HOST}).
   */
  providerProcess?: string;
}

/** `up` then `destroy` of n bots on a fresh emulator and stack. */
export async function fleetRun(opts: FleetRunOptions): Promise<FleetRun> {
  const cap = opts.cap ?? HEADLINE.cap;
  const parallel = opts.parallel ?? HEADLINE.parallel;
  const emulator = await startEmulator({
    preparingMs: opts.preparingMs ?? HEADLINE.preparingMs,
    rates: capsOf(cap),
  });
  const programDir = opts.programDir ?? fleetProgramDir;
  const t = await createFleetStack(emulator, {
    count: opts.n,
    variant: opts.variant,
    programDir,
    config: { "trtc:region": HEADLINE.region, "trtc:rateLimits": String(cap) },
    typeCheck: AS_USERS_RUN,
    secretsProvider: USERS_SECRETS_PROVIDER,
  });
  try {
    await opts.prepare?.(t);
    const up = await withProviderRss(
      t,
      () =>
        timedCli(
          t,
          [
            "up",
            "--yes",
            "--skip-preview",
            ...parallelArgs(parallel),
            ...(opts.continueOnError ? ["--continue-on-error"] : []),
          ],
          programDir,
          opts.env,
        ),
      opts.providerProcess,
    );
    const ready = await readyRecorded(t, emulator);
    const state = await stateResources(t.stack);
    const ids = new Set([...state.values()].map((r) => r.id));
    const unknownToState = emulator
      .tasks()
      .filter(
        (x) => (x.status === "Preparing" || x.status === "InProgress") && !ids.has(x.taskId),
      ).length;
    const bytes = await providerBytes(t);
    const stateBytes = checkpointBytesPerResource(t);
    const destroy =
      opts.destroy === false
        ? { seconds: Number.NaN, status: 0 }
        : await timedCli(t, ["destroy", "--yes", ...parallelArgs(parallel)], programDir, opts.env);
    return {
      upSeconds: up.result.seconds,
      upStatus: up.result.status,
      destroySeconds: destroy.seconds,
      destroyStatus: destroy.status,
      failed: opts.n - ready,
      unknownToState,
      leftRunning: runningTasks(emulator),
      throttled: throttledAnswers(emulator),
      peakRss: up.peakRss,
      providerBytes: bytes,
      stateBytesPerBot: stateBytes,
      upTail:
        up.result.status === 0 ? undefined : up.result.output.split("\n").slice(-15).join("\n"),
    };
  } finally {
    await t.dispose({ destroy: opts.destroy !== false }).catch(() => undefined);
    await emulator.stop();
  }
}

/** `pulumi preview` of n bots (no API call is made), timed. */
export async function previewRun(
  variant: Variant,
  n: number,
  programDir = fleetProgramDir,
): Promise<number> {
  const emulator = await startEmulator({ rates: capsOf(HEADLINE.cap) });
  const t = await createFleetStack(emulator, {
    count: n,
    variant,
    programDir,
    config: { "trtc:region": HEADLINE.region, "trtc:rateLimits": String(HEADLINE.cap) },
    typeCheck: AS_USERS_RUN,
    secretsProvider: USERS_SECRETS_PROVIDER,
  });
  try {
    const r = await timedCli(t, ["preview", ...parallelArgs(HEADLINE.parallel)], programDir);
    if (r.status !== 0) throw new Error(`preview failed:\n${r.output.slice(-2000)}`);
    return r.seconds;
  } finally {
    await t.dispose().catch(() => undefined);
    await emulator.stop();
  }
}

/** The outcome of {@link twoStacksRun}. */
export interface TwoStacksRun {
  /** Wall time from both `up`s starting to the last one ending. */
  seconds: number;
  /** Bots of both stacks not running as recorded. */
  failed: number;
  /** RequestLimitExceeded answers over both `up`s. */
  throttled: number;
  statuses: number[];
}

/**
 * Two stacks of `perStack` bots, each with its own key of one account, run `up` at once: the
 * emulator caps the account at `cap` calls per second per action, and each stack's
 * `trtc:rateLimits` claims the whole cap, so together they overrun it and the limiters must
 * settle.
 */
export async function twoStacksRun(
  perStack: number,
  programDir: string,
  cap: number = HEADLINE.cap,
): Promise<TwoStacksRun> {
  const emulator = await startEmulator({
    preparingMs: HEADLINE.preparingMs,
    rates: capsOf(cap),
    keys: [...SHARED_ACCOUNT_KEYS],
  });
  const stacks: TestStack[] = [];
  try {
    stacks.push(
      ...(await createSharedAccountStacks(emulator, {
        count: perStack,
        programDir,
        config: { "trtc:region": HEADLINE.region, "trtc:rateLimits": String(cap) },
        typeCheck: AS_USERS_RUN,
        secretsProvider: USERS_SECRETS_PROVIDER,
      })),
    );
    const t0 = process.hrtime.bigint();
    const ups = await Promise.all(
      stacks.map((t) =>
        timedCli(
          t,
          ["up", "--yes", "--skip-preview", ...parallelArgs(HEADLINE.parallel)],
          programDir,
        ),
      ),
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    let ready = 0;
    for (const t of stacks) ready += await readyRecorded(t, emulator);
    return {
      seconds,
      failed: 2 * perStack - ready,
      throttled: throttledAnswers(emulator),
      statuses: ups.map((u) => u.status),
    };
  } finally {
    for (const t of stacks) await t.dispose().catch(() => undefined);
    await emulator.stop();
  }
}
