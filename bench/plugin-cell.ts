/**
 * What the bench's plugin cells share (native-cell.ts: the fleet from TypeScript; python-cell.ts:
 * the fleet from Python): ours (`pulumi-resource-trtc`) and the no-op plugin run in turn at N and at
 * 1 in each of `repeats` rounds, after an untimed warm-up, with both tarballs installed into every
 * run's PULUMI_HOME; the figures, the shared table rows and the goals come out under the cell's
 * key prefix (`nativeUpRatio200`, `pythonUpRatio200`, …).
 */
import { goal, goalLine, type GoalResult } from "./goals";
import { installPlugins, type NativePlugins } from "./native-plugins";
import { fleetRun, HEADLINE, type FleetRun } from "./runs";
import { floorSeconds, spread, summarize } from "./stats";

/** Results of a plugin cell, by key. */
export type PluginCellResults = Record<string, number | string | boolean | number[]>;

/** The runs of a plugin cell: each round's, and every run (warm-up included) for the checks. */
export interface PluginCellRuns {
  rounds: Record<"oursN" | "noopN" | "ours1" | "noop1", FleetRun[]>;
  checked: FleetRun[];
}

/** How one plugin cell runs. */
export interface PluginCellSpec {
  /** Word for the cell in log lines and goals: `native`, `Python`. */
  label: string;
  programDir: string;
  /** Extra environment for the engine (e.g. the language hosts on PATH). */
  env?: Record<string, string>;
  plugins: NativePlugins;
  /** Bots in the cell. */
  n: number;
  /** Rounds of ours and the no-op at N and at 1. */
  repeats: number;
  log: (line: string) => void;
}

const s2 = (x: number) => x.toFixed(2);

/** Bytes in MiB. */
export const mib = (bytes: number) => bytes / 2 ** 20;

/** Runs the cell's warm-up and rounds. */
export async function runPluginCell(spec: PluginCellSpec): Promise<PluginCellRuns> {
  const { label, programDir, env, plugins, n, repeats, log } = spec;
  const checked: FleetRun[] = [];
  const measure = async (name: string, variant: "ours" | "noop", bots: number) => {
    const plugin = variant === "ours" ? plugins.ours : plugins.noop;
    const r = await fleetRun({
      variant,
      n: bots,
      programDir,
      env,
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
      `  ${name}: up ${s2(r.upSeconds)} s (exit ${r.upStatus}), destroy ${s2(r.destroySeconds)} s (exit ${r.destroyStatus})${outcome}, plugin peak RSS ${mib(r.peakRss).toFixed(1)} MiB`,
    );
    if (r.upTail) log(`    up's last lines:\n${r.upTail}`);
    checked.push(r);
    return r;
  };

  // Untimed: the first runs of a plugin pay for cold caches.
  log(`${label} warm-up (not counted)`);
  await measure(`warm-up ${label} ours N=1`, "ours", 1);
  await measure(`warm-up ${label} no-op N=1`, "noop", 1);
  const rounds: PluginCellRuns["rounds"] = { oursN: [], noopN: [], ours1: [], noop1: [] };
  for (let i = 1; i <= repeats; i++) {
    log(`${label} round ${i} of ${repeats} (N=${n} and N=1, ${HEADLINE.cap}/s, --parallel 64)`);
    rounds.oursN.push(await measure(`${label} ours N=${n}`, "ours", n));
    rounds.noopN.push(await measure(`${label} no-op N=${n}`, "noop", n));
    rounds.ours1.push(await measure(`${label} ours N=1`, "ours", 1));
    rounds.noop1.push(await measure(`${label} no-op N=1`, "noop", 1));
  }
  return { rounds, checked };
}

/** The figures every plugin cell reports, under `prefix`: times, floors, ratios, checks. */
export function pluginCellFigures(
  prefix: string,
  n: number,
  { rounds, checked }: PluginCellRuns,
): PluginCellResults {
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
  const k = (name: string) => `${prefix}${name}`;
  return {
    ...spread(k("UpSeconds200"), ours.up),
    ...spread(k("DestroySeconds200"), ours.destroy),
    ...spread(k("NoopUpSeconds200"), noop.up),
    ...spread(k("NoopDestroySeconds200"), noop.destroy),
    ...spread(k("UpSeconds1"), up(rounds.ours1)),
    ...spread(k("DestroySeconds1"), destroy(rounds.ours1)),
    ...spread(k("NoopUpSeconds1"), noop1.up),
    ...spread(k("NoopDestroySeconds1"), noop1.destroy),
    [k("UpFloorSeconds200")]: upFloor,
    [k("DestroyFloorSeconds200")]: destroyFloor,
    [k("UpRatio200")]: ours.up.median / upFloor,
    [k("DestroyRatio200")]: ours.destroy.median / destroyFloor,
    [k("Failed200")]: Math.max(...rounds.oursN.map((r) => r.failed)),
    [k("Failed1")]: Math.max(...rounds.ours1.map((r) => r.failed)),
    [k("UnknownToState200")]: Math.max(...rounds.oursN.map((r) => r.unknownToState)),
    [k("Throttled200")]: rounds.oursN.reduce((a, r) => a + r.throttled, 0),
    [k("Throttled1")]: rounds.ours1.reduce((a, r) => a + r.throttled, 0),
    [k("PeakRssMiB")]: mib(rss(rounds.oursN)),
    [k("NoopPeakRssMiB")]: mib(rss(rounds.noopN)),
    [k("RssRatio")]: rss(rounds.oursN) / rss(rounds.noopN),
    [k("StateBytesPerBot")]: rounds.oursN[0].stateBytesPerBot,
    [k("NoopStateBytesPerBot")]: rounds.noopN[0].stateBytesPerBot,
    [k("RunsChecked")]: checked.length,
    [k("NonZeroExits")]: checked.filter((r) => r.upStatus !== 0 || r.destroyStatus !== 0).length,
    [k("LeftRunningAfterDestroy")]: checked.reduce((a, r) => a + r.leftRunning, 0),
  };
}

/** The table rows every plugin cell prints, from its `prefix`ed results. */
export function pluginCellRows(r: PluginCellResults, prefix: string): string[][] {
  const n = (name: string) => r[`${prefix}${name}`] as number;
  const range = (name: string) => `${s2(n(name))} (${s2(n(`${name}Min`))}–${s2(n(`${name}Max`))})`;
  const v = (name: string) => r[`${prefix}${name}`];
  return [
    [
      `\`up\`, N = ${r.n}, s`,
      range("UpSeconds200"),
      range("NoopUpSeconds200"),
      `${s2(n("UpFloorSeconds200"))}; ratio ${n("UpRatio200").toFixed(3)}`,
    ],
    [
      `\`destroy\`, N = ${r.n}, s`,
      range("DestroySeconds200"),
      range("NoopDestroySeconds200"),
      `${s2(n("DestroyFloorSeconds200"))}; ratio ${n("DestroyRatio200").toFixed(3)}`,
    ],
    ["`up`, N = 1, s", range("UpSeconds1"), range("NoopUpSeconds1"), ""],
    ["`destroy`, N = 1, s", range("DestroySeconds1"), range("NoopDestroySeconds1"), ""],
    [
      `Failed bots: N = ${r.n} (worst of ${r.repeats}) / N = 1; throttled answers (all runs): N = ${r.n} / N = 1`,
      `${v("Failed200")} / ${v("Failed1")}; ${v("Throttled200")} / ${v("Throttled1")}`,
      "",
      "",
    ],
    [
      "Plugin process peak RSS during `up`, MiB (median)",
      n("PeakRssMiB").toFixed(1),
      n("NoopPeakRssMiB").toFixed(1),
      `ratio ${n("RssRatio").toFixed(3)}`,
    ],
    [
      "State bytes per resource in the checkpoint",
      n("StateBytesPerBot").toFixed(0),
      n("NoopStateBytesPerBot").toFixed(0),
      "",
    ],
  ];
}

/**
 * The goals of a plugin cell, judged on its unrounded `prefix`ed numbers: `up` (and, when given,
 * `destroy`) at most its ratio of L, no failed or throttled bot, no non-zero exit, none left running.
 */
export function pluginCellGoals(
  r: PluginCellResults,
  prefix: string,
  label: string,
  ratioGoals: { up: number; destroy?: number },
): GoalResult[] {
  const n = (name: string) => r[`${prefix}${name}`] as number;
  return [
    goal(`${label} \`up\`, N = ${r.n}: median / L`, n("UpRatio200"), "<=", ratioGoals.up),
    ...(ratioGoals.destroy === undefined
      ? []
      : [
          goal(
            `${label} \`destroy\`, N = ${r.n}: median / L`,
            n("DestroyRatio200"),
            "<=",
            ratioGoals.destroy,
          ),
        ]),
    goal(`${label} failed, N = ${r.n} (worst of ${r.repeats})`, n("Failed200"), "==", 0),
    goal(
      `${label} throttled answers, N = ${r.n} (all ${r.repeats} runs)`,
      n("Throttled200"),
      "==",
      0,
    ),
    goal(
      `${label} runs (ours and the no-op) whose \`up\` or \`destroy\` exited non-zero (of ${n("RunsChecked")})`,
      n("NonZeroExits"),
      "==",
      0,
    ),
    goal(
      `bots still running after a ${label} \`destroy\`, all runs`,
      n("LeftRunningAfterDestroy"),
      "==",
      0,
    ),
  ];
}

/** What a plugin cell's README block holds besides the shared layout. */
export interface PluginCellBlock {
  /** The one line of settings above the table. */
  settings: string;
  /** The table's column headings for ours and the no-op. */
  columns: { ours: string; noop: string };
  rows: string[][];
  /** The cell's name in "Goals of the … cell". */
  label: string;
  goals: GoalResult[];
}

/** A plugin cell's block: its line of settings, the table, the goals. */
export function pluginCellBlock(b: PluginCellBlock): string {
  const lines = [
    b.settings,
    "",
    `| Measure | ${b.columns.ours} | ${b.columns.noop} | Floor L and ratio |`,
    "| --- | --- | --- | --- |",
    ...b.rows.map((row) => `| ${row.join(" | ")} |`),
    "",
    `Goals of the ${b.label} cell (judged on unrounded values):`,
    "",
    ...b.goals.map((g) => `- ${goalLine(g)}`),
  ];
  return `${lines.join("\n")}\n`;
}

/** A load average triple from the results (`loadAverageStart`, `loadAverageEnd`), as printed. */
export function loadAverages(r: PluginCellResults, key: string): string {
  return (r[key] as number[]).map((x) => x.toFixed(2)).join(", ");
}
