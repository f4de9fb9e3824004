/**
 * Integration-test harness: drives the real Pulumi engine (built by scripts/engine.js) through the
 * Automation API over an on-disk program folder, with a local file backend, throwaway secrets (a
 * local Vault stand-in's key, or a passphrase) and a private PULUMI_HOME in a temporary folder, so
 * tests never touch a user's Pulumi login or Vault.
 *
 * The engine runs a test program transpile-only unless the stack asks for type-checking
 * ({@link TestStackOptions.typeCheck}): `npm run typecheck` has already checked every program in
 * this repository (tsconfig.json includes test/ and examples/), and type-checking each one again
 * on every preview and up was the larger part of the integration tier's time.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type ConfigMap, LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import * as engine from "../../scripts/engine";
import { useFewerEngineCalls } from "./stack-results";
import { testVault } from "./test-vault";

/** A stack of a test program, with everything needed to inspect and tear it down. */
export interface TestStack {
  /**
   * The Automation API stack; its `up`, `destroy`, `refresh` and `outputs` make fewer engine calls
   * for the same answers (see stack-results.ts).
   */
  stack: Stack;
  /** Temporary folder holding the backend and PULUMI_HOME. */
  workDir: string;
  /** The environment the engine runs with. */
  env: Record<string, string>;
  /**
   * Destroys the resources left in the stack's state, then deletes the temporary folder (and with
   * it the backend that holds the stack) and the stack's config file beside the program. With
   * `{ destroy: false }` the stack goes with its resources still in state (for stacks whose
   * resources hold nothing outside, such as no-op baselines).
   */
  dispose(opts?: { destroy?: boolean }): Promise<void>;
}

/** Options for {@link createTestStack}. */
export interface TestStackOptions {
  /** Folder of the Pulumi program (holds Pulumi.yaml). */
  programDir: string;
  /**
   * Stack name; default a name of its own (process id, a counter, random text), so runs in
   * parallel never share a `Pulumi.<stack>.yaml` in a fixture folder.
   */
  stackName?: string;
  /** Plain stack config, `key: value`. */
  config?: Record<string, string>;
  /** Secret stack config, `key: value`. */
  secretConfig?: Record<string, string>;
  /** Extra environment variables for the engine and the program. */
  envVars?: Record<string, string>;
  /**
   * The Node.js line the program and the dynamic provider run on, and the @pulumi/pulumi whose
   * plugin script the engine runs; default: the dev line and this repository's @pulumi/pulumi.
   */
  engine?: engine.EngineEnvOptions;
  /**
   * Whether the engine type-checks the program each time it runs it, as it does by default for
   * users (ts-node through @pulumi/pulumi). Default false: the program runs transpile-only
   * (`PULUMI_NODEJS_TRANSPILE_ONLY=true`), for programs that `npm run typecheck` or the test
   * itself has already type-checked. Set it where the engine's own type-check is part of what is
   * tested or measured (the compat leg, the bench).
   */
  typeCheck?: boolean;
  /**
   * The stack's secrets provider. Default `"vault"`: `hashivault://` answered by this process's
   * stand-in ({@link testVault}), which spares each CLI call the passphrase's key derivation
   * (~0.15 s of CPU). `"passphrase"` ({@link TEST_PASSPHRASE}) is what a user without a cloud
   * secrets provider has: for tests of what users run as they run it, and for the bench.
   */
  secretsProvider?: "vault" | "passphrase";
}

/** The Vault transit key of the test stacks that use the stand-in ({@link testVault}). */
const TEST_VAULT_KEY = "pulumi-trtc-test";

/** The plain passphrase of the test stacks that use one; it protects nothing but throwaway state. */
export const TEST_PASSPHRASE = "pulumi-trtc-test-passphrase";

/**
 * Throws an error naming what is missing if the engine, the language host or the dynamic-provider
 * plugin cannot be found (run `npm run engine` to build them).
 */
export function assertEngineInstalled(): void {
  const missing = engine.checkInstalled();
  if (missing.length > 0) {
    throw new Error(
      `The Pulumi engine is incomplete: missing ${missing.join("; ")}. Run \`npm run engine\` to build it.`,
    );
  }
}

let stacksMade = 0;

/** The engine's command, found once per process (finding it runs `pulumi version`). */
let pulumiCommand: Promise<PulumiCommand> | undefined;

/** A stack name no other test or run uses: `t-<pid>-<counter>-<random>`. */
export function uniqueStackName(): string {
  stacksMade += 1;
  return `t-${process.pid}-${stacksMade}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Creates (or selects) a stack of the program with a local file backend in a fresh temp folder. */
export async function createTestStack(opts: TestStackOptions): Promise<TestStack> {
  assertEngineInstalled();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-trtc-test-"));
  const backendDir = path.join(workDir, "backend");
  const homeDir = path.join(workDir, "home");
  fs.mkdirSync(backendDir);
  fs.mkdirSync(homeDir);
  const secrets = opts.secretsProvider ?? "vault";
  const baseEnv = engine.engineEnv({ PATH: process.env.PATH ?? "" }, opts.engine);
  const env: Record<string, string> = {
    PATH: baseEnv.PATH ?? "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    ...(await secretsProviderEnv(secrets)),
    PULUMI_HOME: homeDir,
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    // npm run by the engine (`pulumi package add`, `pulumi install`) takes what npm's cache
    // holds (packages and the metadata it resolves ranges from) without asking the registry again.
    npm_config_prefer_offline: "true",
    // Both set, so that neither a TS_NODE_TRANSPILE_ONLY of the test run itself (the engine's
    // children inherit the caller's environment) nor an older @pulumi/pulumi that reads only
    // ts-node's variable decides it.
    PULUMI_NODEJS_TRANSPILE_ONLY: opts.typeCheck ? "false" : "true",
    TS_NODE_TRANSPILE_ONLY: opts.typeCheck ? "false" : "true",
    ...opts.envVars,
  };
  pulumiCommand ??= PulumiCommand.get({ root: engine.engineRoot(), skipVersionCheck: true });
  const ws = await LocalWorkspace.create({
    workDir: opts.programDir,
    pulumiCommand: await pulumiCommand,
    pulumiHome: homeDir,
    envVars: env,
    ...(secrets === "vault" ? { secretsProvider: `hashivault://${TEST_VAULT_KEY}` } : {}),
  });
  const stackName = opts.stackName ?? uniqueStackName();
  // A name of our own is new: `create` spares the failing `stack select` that createOrSelect tries.
  const stack =
    opts.stackName !== undefined
      ? await Stack.createOrSelect(stackName, ws)
      : await Stack.create(stackName, ws);
  useFewerEngineCalls(stack);
  const config: ConfigMap = {};
  for (const [k, v] of Object.entries(opts.config ?? {})) config[k] = { value: v };
  for (const [k, v] of Object.entries(opts.secretConfig ?? {})) {
    config[k] = { value: v, secret: true };
  }
  if (Object.keys(config).length > 0) await stack.setAllConfig(config);
  let disposed = false;
  return {
    stack,
    workDir,
    env,
    async dispose(disposeOpts = {}) {
      if (disposed) return;
      disposed = true;
      try {
        // The stack and its backend go with the temporary folder; only resources still in state
        // need a destroy (most tests end with one already).
        if (disposeOpts.destroy !== false && (await holdsResources(stack))) {
          await stack.destroy({ color: "never" }).catch(async () => {
            // A run killed mid-operation leaves the stack locked: release it and try again.
            await stack.cancel().catch(() => undefined);
            await stack.destroy({ color: "never" });
          });
        }
      } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
        // Stack config files are written next to Pulumi.yaml; leave the program folder as found.
        fs.rmSync(path.join(opts.programDir, `Pulumi.${stackName}.yaml`), { force: true });
      }
    },
  };
}

/** What the engine needs in its environment for the stack's secrets provider. */
async function secretsProviderEnv(
  provider: "vault" | "passphrase",
): Promise<Record<string, string>> {
  if (provider === "passphrase") return { PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE };
  const vault = await testVault();
  return {
    // gocloud's keeper reads VAULT_SERVER_* before VAULT_*; both name the stand-in, so a
    // developer's own Vault settings never receive a test stack's key.
    VAULT_SERVER_URL: vault.addr,
    VAULT_SERVER_TOKEN: vault.token,
    VAULT_ADDR: vault.addr,
    VAULT_TOKEN: vault.token,
    // And nothing of a developer's Vault setup reroutes the calls (empty means unset).
    VAULT_NAMESPACE: "",
    VAULT_PROXY_ADDR: "",
    VAULT_HTTP_PROXY: "",
  };
}

/** Whether the stack's state holds any resource or pending operation (true when it cannot tell). */
async function holdsResources(stack: Stack): Promise<boolean> {
  try {
    const state: { resources?: unknown[]; pending_operations?: unknown[] } | undefined = (
      await stack.exportStack()
    ).deployment;
    return (state?.resources?.length ?? 0) > 0 || (state?.pending_operations?.length ?? 0) > 0;
  } catch {
    return true;
  }
}

/**
 * `pulumi stack export` exactly as a user runs it (secrets stay encrypted). The Automation API's
 * exportStack passes --show-secrets, so it cannot prove that state holds no plaintext.
 */
export function exportStackAsUser(t: TestStack, programDir: string): string {
  const res = spawnSync(
    path.join(engine.engineBinDir(), "pulumi"),
    ["stack", "export", "--stack", t.stack.name, "--cwd", programDir],
    { encoding: "utf8", env: { ...process.env, ...t.env }, maxBuffer: 256 * 1024 * 1024 },
  );
  if (res.status !== 0) {
    throw new Error(`pulumi stack export failed (exit ${res.status}): ${res.stderr}`);
  }
  return res.stdout;
}

/** Resources of the stack's current state (from `pulumi stack export`), by logical name. */
export async function stateResources(
  stack: Stack,
): Promise<
  Map<
    string,
    { type: string; id?: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }
  >
> {
  const deployment = await stack.exportStack();
  const resources = (deployment.deployment?.resources ?? []) as Array<{
    urn: string;
    type: string;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
  }>;
  const byName = new Map();
  for (const r of resources) {
    const name = r.urn.split("::").pop() as string;
    byName.set(name, { type: r.type, id: r.id, inputs: r.inputs ?? {}, outputs: r.outputs ?? {} });
  }
  return byName;
}
