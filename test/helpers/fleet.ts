/** Helpers for fleet scenarios: stacks of the fleet program and "state agrees with the API" checks. */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import * as engine from "../../scripts/engine";
import { emulatorStackConfig } from "./emulator";
import { createTestStack, stateResources, type TestStack, type TestStackOptions } from "./pulumi";

/** The fleet program: one bot per room, `fleet:count` of them. */
export const fleetProgramDir = path.join(__dirname, "..", "reliability", "fixtures", "fleet");

/** Secret values every fleet stack is configured with, to search for in state and logs. */
export const FLEET_SECRETS = {
  "fleet:appKey": "emulator-app-key",
  "fleet:llmApiKey": "sk-fleet-llm-9d1e44a7c2",
  "fleet:ttsApiKey": "el-fleet-tts-31f0b6d8e5",
};

/** Which provider the fleet program's bots use (`fleet:variant`; see its index.ts). */
export type FleetVariant = "ours" | "naive" | "noop" | "minimal" | "inputs";

/** A stack of the fleet program against `emulator`. */
export async function createFleetStack(
  emulator: RunningEmulator,
  opts: {
    count: number;
    variant?: FleetVariant;
    config?: Record<string, string>;
    /** Secret config, over the emulator's key and the fleet's secrets. */
    secretConfig?: Record<string, string>;
    stackName?: string;
    /** A copy of the fleet program elsewhere (e.g. with the package installed from npm pack). */
    programDir?: string;
    /** Whether the engine type-checks the program on each run (TestStackOptions.typeCheck). */
    typeCheck?: boolean;
    /** The stack's secrets provider (TestStackOptions.secretsProvider). */
    secretsProvider?: TestStackOptions["secretsProvider"];
  },
): Promise<TestStack> {
  const { config, secretConfig } = emulatorStackConfig(emulator);
  return createTestStack({
    programDir: opts.programDir ?? fleetProgramDir,
    stackName: opts.stackName,
    config: {
      ...config,
      "fleet:count": String(opts.count),
      "fleet:variant": opts.variant ?? "ours",
      ...opts.config,
    },
    secretConfig: { ...secretConfig, ...FLEET_SECRETS, ...opts.secretConfig },
    typeCheck: opts.typeCheck,
    secretsProvider: opts.secretsProvider,
  });
}

/** How the emulator's running tasks and the stack's recorded TaskIds differ. */
export interface Agreement {
  /** Running tasks no resource in state knows. */
  unknownToState: string[];
  /** TaskIds in state with no running task. */
  missingInApi: string[];
  /** Number of running tasks. */
  running: number;
  /** Number of AIConversation resources in state. */
  recorded: number;
}

/** Compares the emulator's running tasks with the AIConversation ids in the stack's state. */
export async function agreement(t: TestStack, emulator: RunningEmulator): Promise<Agreement> {
  const state = await stateResources(t.stack);
  const ids = [...state.values()]
    .filter((r) => r.type.endsWith("AIConversation") && r.id)
    .map((r) => r.id as string);
  const running = emulator
    .tasks()
    .filter((x) => x.status === "Preparing" || x.status === "InProgress")
    .map((x) => x.taskId);
  return {
    unknownToState: running.filter((id) => !ids.includes(id)),
    missingInApi: ids.filter((id) => !running.includes(id)),
    running: running.length,
    recorded: ids.length,
  };
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** The program's folder; default the in-repo fleet. */
  programDir?: string;
  /** Environment over the caller's and the stack's; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
}

/**
 * Runs the engine CLI on the fleet program as a user would; resolves to exit code, all output
 * and the wall time in seconds. Asynchronous on purpose: the emulator serves from this same
 * process.
 */
export function runCli(
  t: TestStack,
  args: string[],
  opts: RunCliOptions = {},
): Promise<{ status: number; output: string; seconds: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...t.env, ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(engine.engineBinDir(), "pulumi"),
      [...args, "--stack", t.stack.name, "--cwd", opts.programDir ?? fleetProgramDir],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    const chunks: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => chunks.push(d));
    child.stderr.on("data", (d: Buffer) => chunks.push(d));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        status: code ?? -1,
        output: Buffer.concat(chunks).toString("utf8"),
        seconds: Number(process.hrtime.bigint() - t0) / 1e9,
      }),
    );
  });
}

/** Two keys of one account: stacks signing with them share the account's caps. */
export const SHARED_ACCOUNT_KEYS = [
  { secretId: "AKIDSTACKONE", secretKey: "stack-one-key", account: "100001" },
  { secretId: "AKIDSTACKTWO", secretKey: "stack-two-key", account: "100001" },
] as const;

/**
 * One fleet stack per key of {@link SHARED_ACCOUNT_KEYS} (start the emulator with those keys),
 * each with rooms of its own; `config` is added to each stack's.
 */
export async function createSharedAccountStacks(
  emulator: RunningEmulator,
  opts: {
    count: number;
    config?: Record<string, string>;
    programDir?: string;
    /** Whether the engine type-checks the program on each run (TestStackOptions.typeCheck). */
    typeCheck?: boolean;
    /** The stacks' secrets provider (TestStackOptions.secretsProvider). */
    secretsProvider?: TestStackOptions["secretsProvider"];
  },
): Promise<TestStack[]> {
  const stacks: TestStack[] = [];
  try {
    for (const [i, key] of SHARED_ACCOUNT_KEYS.entries()) {
      stacks.push(
        await createFleetStack(emulator, {
          count: opts.count,
          programDir: opts.programDir,
          typeCheck: opts.typeCheck,
          secretsProvider: opts.secretsProvider,
          config: {
            "fleet:roomPrefix": `room-${i + 1}`,
            "trtc:secretId": key.secretId,
            ...opts.config,
          },
          secretConfig: { "trtc:secretKey": key.secretKey },
        }),
      );
    }
  } catch (err) {
    for (const t of stacks) await t.dispose().catch(() => undefined);
    throw err;
  }
  return stacks;
}

/**
 * Starts the engine CLI in its own process group, for crash scenarios. `env` is added to its
 * environment (and so to every process it starts: a marker there finds them all later).
 */
export function spawnCli(
  t: TestStack,
  args: string[],
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(
    path.join(engine.engineBinDir(), "pulumi"),
    [...args, "--stack", t.stack.name, "--cwd", fleetProgramDir],
    {
      env: { ...process.env, ...t.env, ...env },
      detached: true,
      stdio: "ignore",
    },
  );
}
