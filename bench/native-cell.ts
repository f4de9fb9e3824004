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
import { goal, goalLine, type GoalResult } from "./goals";
import { installPlugins, type NativePlugins } from "./native-plugins";
import { fleetRun, HEADLINE, type FleetRun } from "./runs";
import { floorSeconds, spread, summarize } from "./stats";

/** Results of the native cell, by key. */
export type NativeResults = Record<string, number | string | boolean | number[]>;

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

const s2 = (x: number) => x.toFixed(2);
const mib = (bytes: number) => bytes / 2 ** 20;

/** Which plugin a run's bots use: ours (`trtc`) or the no-op (`trtcnoop`). */
type NativeVariant = "ours" | "noop";

/** Measures the native cell; resolves to its results keys (see the module comment). */
export async function nativeCell(opts: NativeCellOptions): Promise<NativeResults> {
  const { programDir, plugins, n, repeats, log } = opts;
  const checked: FleetRun[] = [];
  const measure = async (label: string, variant: NativeVariant, bots: number) => {
    const plugin = variant === "ours" ? plugins.ours : plugins.noop;
    const r = await fleetRun({
      variant,
      n: bots,
      programDir,
      prepare: (t) => installPlugins(t, [plugins.ours, plugins.noop]),
      // Only the plugin of the run's variant runs (the engine starts a plugin for the packages
      // the program uses).
      providerProcess: `bin/pulumi-resource-${plugin.name}`,
    });
    // A no-op bot calls no API, so it never runs there: failures mean nothing for it.
    const outcome =
      variant === "noop"
        ? ""
        : `, failed ${r.failed}, throttled ${r.throttled}, unknown to state ${r.unknownToState}, left running ${r.leftRunning}`;
    log(
      `  ${label}: up ${s2(r.upSeconds)} s (exit ${r.upStatus}), destroy ${s2(r.destroySeconds)} s (exit ${r.destroyStatus})${outcome}, plugin peak RSS ${mib(r.peakRss).toFixed(1)} MiB`,
    );
    if (r.upTail) log(`    up's last lines:\n${r.upTail}`);
    checked.push(r);
    return r;
  };

  // Untimed: the first runs of a plugin pay for cold caches.
  log("native warm-up (not counted)");
  await measure("warm-up native ours N=1", "ours", 1);
  await measure("warm-up native no-op N=1", "noop", 1);
  const rounds: Record<"oursN" | "noopN" | "ours1" | "noop1", FleetRun[]> = {
    oursN: [],
    noopN: [],
    ours1: [],
    noop1: [],
  };
  for (let i = 1; i <= repeats; i++) {
    log(`native round ${i} of ${repeats} (N=${n} and N=1, ${HEADLINE.cap}/s, --parallel 64)`);
    rounds.oursN.push(await measure(`native ours N=${n}`, "ours", n));
    rounds.noopN.push(await measure(`native no-op N=${n}`, "noop", n));
    rounds.ours1.push(await measure("native ours N=1", "ours", 1));
    rounds.noop1.push(await measure("native no-op N=1", "noop", 1));
  }
  const up = (runs: FleetRun[]) => summarize(runs.map((r) => r.upSeconds));
  const destroy = (runs: FleetRun[]) => summarize(runs.map((r) => r.destroySeconds));
  const rss = (runs: FleetRun[]) => summarize(runs.map((r) => r.peakRss)).median;
  const ours = { up: up(rounds.oursN), destroy: destroy(rounds.oursN) };
  const noop = { up: up(rounds.noopN), destroy: destroy(rounds.noopN) };
  const noop1 = { up: up(rounds.noop1), destroy: destroy(rounds.noop1) };
  const upFloor = floorSeconds({
    noopSecondsAtN: noop.up.median,
    noopSecondsAt1: noop1.up.median,
    n,
    capPerSecond: HEADLINE.cap,
    readySeconds: HEADLINE.preparingMs / 1000,
  });
  const destroyFloor = floorSeconds({
    noopSecondsAtN: noop.destroy.median,
    noopSecondsAt1: noop1.destroy.median,
    n,
    capPerSecond: HEADLINE.cap,
  });
  return {
    ...spread("nativeUpSeconds200", ours.up),
    ...spread("nativeDestroySeconds200", ours.destroy),
    ...spread("nativeNoopUpSeconds200", noop.up),
    ...spread("nativeNoopDestroySeconds200", noop.destroy),
    ...spread("nativeUpSeconds1", up(rounds.ours1)),
    ...spread("nativeDestroySeconds1", destroy(rounds.ours1)),
    ...spread("nativeNoopUpSeconds1", noop1.up),
    ...spread("nativeNoopDestroySeconds1", noop1.destroy),
    nativeUpFloorSeconds200: upFloor,
    nativeDestroyFloorSeconds200: destroyFloor,
    nativeUpRatio200: ours.up.median / upFloor,
    nativeDestroyRatio200: ours.destroy.median / destroyFloor,
    nativeFailed200: Math.max(...rounds.oursN.map((r) => r.failed)),
    nativeFailed1: Math.max(...rounds.ours1.map((r) => r.failed)),
    nativeUnknownToState200: Math.max(...rounds.oursN.map((r) => r.unknownToState)),
    nativeThrottled200: rounds.oursN.reduce((a, r) => a + r.throttled, 0),
    nativeThrottled1: rounds.ours1.reduce((a, r) => a + r.throttled, 0),
    nativePeakRssMiB: mib(rss(rounds.oursN)),
    nativeNoopPeakRssMiB: mib(rss(rounds.noopN)),
    nativeRssRatio: rss(rounds.oursN) / rss(rounds.noopN),
    nativeStateBytesPerBot: rounds.oursN[0].stateBytesPerBot,
    nativeNoopStateBytesPerBot: rounds.noopN[0].stateBytesPerBot,
    nativePluginTarballMiB: mib(fs.statSync(plugins.ours.file).size),
    nativeNoopPluginTarballMiB: mib(fs.statSync(plugins.noop.file).size),
    nativeRunsChecked: checked.length,
    nativeNonZeroExits: checked.filter((r) => r.upStatus !== 0 || r.destroyStatus !== 0).length,
    nativeLeftRunningAfterDestroy: checked.reduce((a, r) => a + r.leftRunning, 0),
  };
}

/** The goals of the native cell, judged on its unrounded numbers. */
export function nativeGoals(r: NativeResults): GoalResult[] {
  const n = (k: string) => r[k] as number;
  return [
    goal(`native \`up\`, N = ${r.n}: median / L`, n("nativeUpRatio200"), "<=", 1.1),
    goal(`native \`destroy\`, N = ${r.n}: median / L`, n("nativeDestroyRatio200"), "<=", 1.1),
    goal(`native failed, N = ${r.n} (worst of ${r.repeats})`, n("nativeFailed200"), "==", 0),
    goal(
      `native throttled answers, N = ${r.n} (all ${r.repeats} runs)`,
      n("nativeThrottled200"),
      "==",
      0,
    ),
    goal(
      `native runs (ours and the no-op) whose \`up\` or \`destroy\` exited non-zero (of ${r.nativeRunsChecked})`,
      n("nativeNonZeroExits"),
      "==",
      0,
    ),
    goal(
      "bots still running after a native `destroy`, all runs",
      n("nativeLeftRunningAfterDestroy"),
      "==",
      0,
    ),
  ];
}

/** The native cell's block: one line of settings, the table, the goals. */
export function nativeTable(r: NativeResults): string {
  const n = (k: string) => r[k] as number;
  const range = (k: string) => `${s2(n(k))} (${s2(n(`${k}Min`))}–${s2(n(`${k}Max`))})`;
  const rows: string[][] = [
    [
      `\`up\`, N = ${r.n}, s`,
      range("nativeUpSeconds200"),
      range("nativeNoopUpSeconds200"),
      `${s2(n("nativeUpFloorSeconds200"))}; ratio ${n("nativeUpRatio200").toFixed(3)}`,
    ],
    [
      `\`destroy\`, N = ${r.n}, s`,
      range("nativeDestroySeconds200"),
      range("nativeNoopDestroySeconds200"),
      `${s2(n("nativeDestroyFloorSeconds200"))}; ratio ${n("nativeDestroyRatio200").toFixed(3)}`,
    ],
    ["`up`, N = 1, s", range("nativeUpSeconds1"), range("nativeNoopUpSeconds1"), ""],
    ["`destroy`, N = 1, s", range("nativeDestroySeconds1"), range("nativeNoopDestroySeconds1"), ""],
    [
      `Failed bots: N = ${r.n} (worst of ${r.repeats}) / N = 1; throttled answers (all runs): N = ${r.n} / N = 1`,
      `${r.nativeFailed200} / ${r.nativeFailed1}; ${r.nativeThrottled200} / ${r.nativeThrottled1}`,
      "",
      "",
    ],
    [
      "Plugin process peak RSS during `up`, MiB (median)",
      n("nativePeakRssMiB").toFixed(1),
      n("nativeNoopPeakRssMiB").toFixed(1),
      `ratio ${n("nativeRssRatio").toFixed(3)}`,
    ],
    [
      "State bytes per resource in the checkpoint",
      n("nativeStateBytesPerBot").toFixed(0),
      n("nativeNoopStateBytesPerBot").toFixed(0),
      "",
    ],
    [
      "Plugin tarball, MiB",
      n("nativePluginTarballMiB").toFixed(2),
      n("nativeNoopPluginTarballMiB").toFixed(2),
      "",
    ],
  ];
  const load = (k: string) => (r[k] as number[]).map((x) => x.toFixed(2)).join(", ");
  const lines = [
    `Native plugin cell (${r.only === "native" ? "`BENCH_ONLY=native npm run bench`, a run of its own" : "from the whole bench's run"}): engine ${r.engineVersion}, Node ${r.nodeVersion}, ${r.cpus} cores; \`pulumi-resource-trtc\` and the no-op plugin packed by \`scripts/plugin.js\` and installed from their tarballs with \`pulumi plugin install resource … --file\` into each stack's PULUMI_HOME; the native fleet declared with \`pulumi-trtc/native\` (installed from \`npm pack\`); N = ${r.n} bots, every action capped at ${r.capPerSecond}/s on the emulator and in \`trtc:rateLimits\`, \`--parallel ${r.parallel}\`, ${r.preparingMs} ms preparing, region ${r.region}; ${r.stateOnTmpfs ? "state and temporary folders on tmpfs" : "state on disk"}; medians of ${r.repeats} runs (min–max), ours and the no-op in turn. The no-op plugin is this plugin (the same package, entry, gRPC server and native face) serving \`trtcnoop:index:AIConversation\` over a core that calls nothing. L = max(T_noop(N), T_noop(1) + N / cap), + 0.5 s for \`up\`, from the no-op plugin. Load average (1, 5, 15 min) at the start: ${load("loadAverageStart")}; at the end: ${load("loadAverageEnd")}. The cell took ${n("nativeCellMinutes").toFixed(1)} minutes.`,
    "",
    "| Measure | pulumi-trtc's native plugin | No-op native plugin | Floor L and ratio |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
    "Goals of the native cell (judged on unrounded values):",
    "",
    ...nativeGoals(r).map((g) => `- ${goalLine(g)}`),
  ];
  return `${lines.join("\n")}\n`;
}
