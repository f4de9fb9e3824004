/**
 * The bench's native cell: wall time of `pulumi up --skip-preview` and `pulumi destroy` of N bots
 * of the native fleet (test/reliability/fixtures/native-fleet) on pulumi-trtc's plugin,
 * `pulumi-resource-trtc`, installed from its tarball, against the least time a native plugin
 * built the same way could take on the same engine in the same run:
 *
 *   L = max(T_noop(N), T_noop(1) + N / cap) (+ the 500 ms preparing time for `up`)
 *
 * where T_noop is the time of the no-op plugin `pulumi-resource-trtcnoop` (native-plugins.ts: the
 * same package, entry, gRPC server and native face over a core that calls nothing). Both tarballs
 * are installed into every run's PULUMI_HOME with `pulumi plugin install --file`; ours and the
 * no-op run in turn at N and at 1 in each of `repeats` rounds (medians, with min and max), on the
 * headline settings of the dynamic cells (runs.ts HEADLINE). Its figures are a block of their own
 * (bench/results-native.json, bench/results-native.md, the README's bench-native block), written
 * by the run that measured them: the whole bench, or `BENCH_ONLY=native` alone.
 */
import * as fs from "node:fs";
import type { GoalResult } from "./goals";
import type { NativePlugins } from "./native-plugins";
import {
  loadAverages,
  mib,
  pluginCellBlock,
  pluginCellFigures,
  pluginCellGoals,
  pluginCellRows,
  runPluginCell,
  type PluginCellResults,
} from "./plugin-cell";

/** Results of the native cell, by key. */
export type NativeResults = PluginCellResults;

/** Options of {@link nativeCell}. */
export interface NativeCellOptions {
  /** The native fleet program, installed with the package (installed.ts). */
  programDir: string;
  plugins: NativePlugins;
  /** Bots in the cell. */
  n: number;
  /** Rounds of ours and the no-op at N and at 1. */
  repeats: number;
  log: (line: string) => void;
}

/** Measures the native cell; resolves to its results keys (see the module comment). */
export async function nativeCell(opts: NativeCellOptions): Promise<NativeResults> {
  const runs = await runPluginCell({ label: "native", ...opts });
  return {
    ...pluginCellFigures("native", opts.n, runs),
    nativePluginTarballMiB: mib(fs.statSync(opts.plugins.ours.file).size),
    nativeNoopPluginTarballMiB: mib(fs.statSync(opts.plugins.noop.file).size),
  };
}

/** The goals of the native cell, judged on its unrounded numbers. */
export function nativeGoals(r: NativeResults): GoalResult[] {
  return pluginCellGoals(r, "native", "native", { up: 1.1, destroy: 1.1 });
}

/** The native cell's block: one line of settings, the table, the goals. */
export function nativeTable(r: NativeResults): string {
  const n = (k: string) => r[k] as number;
  const rows: string[][] = [
    ...pluginCellRows(r, "native"),
    [
      "Plugin tarball, MiB",
      n("nativePluginTarballMiB").toFixed(2),
      n("nativeNoopPluginTarballMiB").toFixed(2),
      "",
    ],
  ];
  return pluginCellBlock({
    settings: `Native plugin cell (${r.only === "native" ? "`BENCH_ONLY=native npm run bench`, a run of its own" : "from the whole bench's run"}): engine ${r.engineVersion}, Node ${r.nodeVersion}, ${r.cpus} cores; \`pulumi-resource-trtc\` and the no-op plugin packed by \`scripts/plugin.js\` and installed from their tarballs with \`pulumi plugin install resource … --file\` into each stack's PULUMI_HOME; the native fleet declared with \`pulumi-trtc/native\` (installed from \`npm pack\`); N = ${r.n} bots, every action capped at ${r.capPerSecond}/s on the emulator and in \`trtc:rateLimits\`, \`--parallel ${r.parallel}\`, ${r.preparingMs} ms preparing, region ${r.region}; ${r.stateOnTmpfs ? "state and temporary folders on tmpfs" : "state on disk"}; medians of ${r.repeats} runs (min–max), ours and the no-op in turn. The no-op plugin is this plugin (the same package, entry, gRPC server and native face) serving \`trtcnoop:index:AIConversation\` over a core that calls nothing. L = max(T_noop(N), T_noop(1) + N / cap), + 0.5 s for \`up\`, from the no-op plugin. Load average (1, 5, 15 min) at the start: ${loadAverages(r, "loadAverageStart")}; at the end: ${loadAverages(r, "loadAverageEnd")}. The cell took ${n("nativeCellMinutes").toFixed(1)} minutes.`,
    columns: { ours: "pulumi-trtc's native plugin", noop: "No-op native plugin" },
    rows,
    label: "native",
    goals: nativeGoals(r),
  });
}
