/** Types for scripts/engine.js, the engine tool (see its header comment). */

/** Builds the engine unless an up-to-date build exists; returns the folder holding `pulumi`. */
export function ensureEngine(): string;
/**
 * Builds the SDK generator (scripts/engine/gensdk) unless an up-to-date build exists, even when
 * PULUMI_TRTC_ENGINE_DIR names a prebuilt engine; returns the path of the `gensdk` binary.
 */
export function ensureGensdk(): string;
/** Path of the `gensdk` binary that {@link ensureGensdk} builds. */
export function gensdkPath(): string;
/** Folder holding `pulumi`, `pulumi-language-nodejs` (and, on PATH, the dynamic-provider plugin). */
export function engineBinDir(): string;
/** Folder whose `bin/pulumi` the Automation API's `PulumiCommand.get({ root })` runs. */
export function engineRoot(): string;
/** Options of {@link engineEnv}. */
export interface EngineEnvOptions {
  /** The Node.js line of scripts/node.js the language host and the plugin run on; default "dev". */
  nodeLine?: "dev" | "compat";
  /** Folder of the @pulumi/pulumi package whose dynamic-provider plugin script to use; default this repository's. */
  pluginDir?: string;
}
/**
 * Environment for running the engine: the line's Node.js, the engine's folder and the plugin's
 * folder first on PATH, no update checks.
 */
export function engineEnv(base?: NodeJS.ProcessEnv, opts?: EngineEnvOptions): NodeJS.ProcessEnv;
/** The engine version pinned in scripts/engine/go.mod, e.g. "v3.276.0". */
export function engineVersion(): string;
/** What is missing of engine, language host and plugin, as human-readable phrases (empty when complete). */
export function checkInstalled(): string[];
/** Folder of the @pulumi/pulumi package, which ships the `pulumi-resource-pulumi-nodejs` plugin. */
export function dynamicProviderPluginDir(): string;
