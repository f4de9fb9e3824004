/**
 * The bench's Python cell: wall time of `pulumi up --skip-preview` and `pulumi destroy` of N bots
 * of the Python fleet (test/reliability/fixtures/python-fleet), declared from Python with the
 * generated SDK `pulumi_trtc` and run by the project's Python language host, on pulumi-trtc's
 * plugin `pulumi-resource-trtc`, against the least time the no-op native plugin driven from the
 * same Python program could take on the same engine in the same run:
 *
 *   L = max(T_noop(N), T_noop(1) + N / cap) (+ the 500 ms preparing time for `up`)
 *
 * where T_noop is the time of the no-op plugin `pulumi-resource-trtcnoop` (native-plugins.ts).
 * The no-op plugin has no generated SDK: the program declares its resource as a plain
 * `pulumi.CustomResource("trtcnoop:index:AIConversation", …)` with the same inputs. Both plugins
 * are installed from their tarballs into every run's PULUMI_HOME; ours and the no-op run in turn
 * at N and at 1 in each of `repeats` rounds (medians, with min and max), on the headline settings
 * of the other cells (runs.ts HEADLINE). The program runs from a copy whose virtualenv is a kept
 * one (scripts/hosts/venv.js: pip once per SDK content). Its figures are a block of their own
 * (bench/results-python.json, bench/results-python.md, the README's bench-python block), written
 * by the run that measured them: the whole bench, or `BENCH_ONLY=python` alone.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { ensureVenv } from "../scripts/hosts/venv";
import {
  hostsEnvVars,
  pythonProgramCopy,
  type ProgramCopy,
} from "../test/integration/hosts-programs";
import { goal, goalLine, PYTHON_UP_RATIO_GOAL, type GoalResult } from "./goals";
import { installPlugins, type NativePlugins } from "./native-plugins";
import { fleetRun, HEADLINE, type FleetRun } from "./runs";
import { floorSeconds, spread, summarize } from "./stats";

/** Results of the Python cell, by key. */
export type PythonResults = Record<string, number | string | boolean | number[]>;

/** The Python fleet program in this checkout. */
export const pythonFleetProgramDir = path.resolve(
  __dirname,
  "..",
  "test",
  "reliability",
  "fixtures",
  "python-fleet",
);

/** Options of {@link pythonCell}. */
export interface PythonCellOptions {
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
type PythonVariant = "ours" | "noop";

/** A runnable copy of the Python fleet, and what its virtualenv runs. */
export interface PythonFleet extends ProgramCopy {
  /** `python --version` of the virtualenv, e.g. "Python 3.12.3". */
  pythonVersion: string;
  /** The version of PyPI's `pulumi` in the virtualenv. */
  pulumiVersion: string;
}

/**
 * A runnable copy of the Python fleet whose virtualenv (PyPI's pulumi and this checkout's
 * sdk/python) is made once and kept (scripts/hosts/venv.js).
 */
export function pythonFleetCopy(log: (line: string) => void): PythonFleet {
  const venv = ensureVenv(path.join(pythonFleetProgramDir, "requirements.txt"), log);
  const python = path.join(venv, "bin", "python");
  const ask = (args: string[]) => execFileSync(python, args, { encoding: "utf8" }).trim();
  const pythonVersion = ask(["--version"]);
  const pulumiVersion = ask(["-c", "import importlib.metadata as m; print(m.version('pulumi'))"]);
  log(`the Python fleet's virtualenv: ${venv} (${pythonVersion}, pulumi ${pulumiVersion})`);
  return {
    ...pythonProgramCopy(pythonFleetProgramDir, { virtualenv: venv }),
    pythonVersion,
    pulumiVersion,
  };
}

/** Measures the Python cell; resolves to its results keys (see the module comment). */
export async function pythonCell(opts: PythonCellOptions): Promise<PythonResults> {
  const { plugins, n, repeats, log } = opts;
  const program = pythonFleetCopy(log);
  // The engine finds the project's Python language host on PATH (scripts/hosts.js).
  const env = hostsEnvVars();
  const checked: FleetRun[] = [];
  const measure = async (label: string, variant: PythonVariant, bots: number) => {
    const plugin = variant === "ours" ? plugins.ours : plugins.noop;
    const r = await fleetRun({
      variant,
      n: bots,
      programDir: program.dir,
      env,
      prepare: (t) => installPlugins(t, [plugins.ours, plugins.noop]),
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

  const rounds: Record<"oursN" | "noopN" | "ours1" | "noop1", FleetRun[]> = {
    oursN: [],
    noopN: [],
    ours1: [],
    noop1: [],
  };
  try {
    // Untimed: the first runs pay for cold caches (Python's bytecode of the SDK among them).
    log("Python warm-up (not counted)");
    await measure("warm-up Python ours N=1", "ours", 1);
    await measure("warm-up Python no-op N=1", "noop", 1);
    for (let i = 1; i <= repeats; i++) {
      log(`Python round ${i} of ${repeats} (N=${n} and N=1, ${HEADLINE.cap}/s, --parallel 64)`);
      rounds.oursN.push(await measure(`Python ours N=${n}`, "ours", n));
      rounds.noopN.push(await measure(`Python no-op N=${n}`, "noop", n));
      rounds.ours1.push(await measure("Python ours N=1", "ours", 1));
      rounds.noop1.push(await measure("Python no-op N=1", "noop", 1));
    }
  } finally {
    program.remove();
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
    ...spread("pythonUpSeconds200", ours.up),
    ...spread("pythonDestroySeconds200", ours.destroy),
    ...spread("pythonNoopUpSeconds200", noop.up),
    ...spread("pythonNoopDestroySeconds200", noop.destroy),
    ...spread("pythonUpSeconds1", up(rounds.ours1)),
    ...spread("pythonDestroySeconds1", destroy(rounds.ours1)),
    ...spread("pythonNoopUpSeconds1", noop1.up),
    ...spread("pythonNoopDestroySeconds1", noop1.destroy),
    pythonUpFloorSeconds200: upFloor,
    pythonDestroyFloorSeconds200: destroyFloor,
    pythonUpRatio200: ours.up.median / upFloor,
    pythonDestroyRatio200: ours.destroy.median / destroyFloor,
    pythonFailed200: Math.max(...rounds.oursN.map((r) => r.failed)),
    pythonFailed1: Math.max(...rounds.ours1.map((r) => r.failed)),
    pythonUnknownToState200: Math.max(...rounds.oursN.map((r) => r.unknownToState)),
    pythonThrottled200: rounds.oursN.reduce((a, r) => a + r.throttled, 0),
    pythonThrottled1: rounds.ours1.reduce((a, r) => a + r.throttled, 0),
    pythonPeakRssMiB: mib(rss(rounds.oursN)),
    pythonNoopPeakRssMiB: mib(rss(rounds.noopN)),
    pythonRssRatio: rss(rounds.oursN) / rss(rounds.noopN),
    pythonStateBytesPerBot: rounds.oursN[0].stateBytesPerBot,
    pythonNoopStateBytesPerBot: rounds.noopN[0].stateBytesPerBot,
    pythonVersion: program.pythonVersion,
    pythonPulumiVersion: program.pulumiVersion,
    pythonRunsChecked: checked.length,
    pythonNonZeroExits: checked.filter((r) => r.upStatus !== 0 || r.destroyStatus !== 0).length,
    pythonLeftRunningAfterDestroy: checked.reduce((a, r) => a + r.leftRunning, 0),
  };
}

/** The goals of the Python cell, judged on its unrounded numbers. */
export function pythonGoals(r: PythonResults): GoalResult[] {
  const n = (k: string) => r[k] as number;
  return [
    goal(
      `Python \`up\`, N = ${r.n}: median / L`,
      n("pythonUpRatio200"),
      "<=",
      PYTHON_UP_RATIO_GOAL,
    ),
    goal(`Python failed, N = ${r.n} (worst of ${r.repeats})`, n("pythonFailed200"), "==", 0),
    goal(
      `Python throttled answers, N = ${r.n} (all ${r.repeats} runs)`,
      n("pythonThrottled200"),
      "==",
      0,
    ),
    goal(
      `Python runs (ours and the no-op) whose \`up\` or \`destroy\` exited non-zero (of ${r.pythonRunsChecked})`,
      n("pythonNonZeroExits"),
      "==",
      0,
    ),
    goal(
      "bots still running after a Python `destroy`, all runs",
      n("pythonLeftRunningAfterDestroy"),
      "==",
      0,
    ),
  ];
}

/** The Python cell's block: one line of settings, the table, the goals. */
export function pythonTable(r: PythonResults): string {
  const n = (k: string) => r[k] as number;
  const range = (k: string) => `${s2(n(k))} (${s2(n(`${k}Min`))}–${s2(n(`${k}Max`))})`;
  const rows: string[][] = [
    [
      `\`up\`, N = ${r.n}, s`,
      range("pythonUpSeconds200"),
      range("pythonNoopUpSeconds200"),
      `${s2(n("pythonUpFloorSeconds200"))}; ratio ${n("pythonUpRatio200").toFixed(3)}`,
    ],
    [
      `\`destroy\`, N = ${r.n}, s`,
      range("pythonDestroySeconds200"),
      range("pythonNoopDestroySeconds200"),
      `${s2(n("pythonDestroyFloorSeconds200"))}; ratio ${n("pythonDestroyRatio200").toFixed(3)}`,
    ],
    ["`up`, N = 1, s", range("pythonUpSeconds1"), range("pythonNoopUpSeconds1"), ""],
    ["`destroy`, N = 1, s", range("pythonDestroySeconds1"), range("pythonNoopDestroySeconds1"), ""],
    [
      `Failed bots: N = ${r.n} (worst of ${r.repeats}) / N = 1; throttled answers (all runs): N = ${r.n} / N = 1`,
      `${r.pythonFailed200} / ${r.pythonFailed1}; ${r.pythonThrottled200} / ${r.pythonThrottled1}`,
      "",
      "",
    ],
    [
      "Plugin process peak RSS during `up`, MiB (median)",
      n("pythonPeakRssMiB").toFixed(1),
      n("pythonNoopPeakRssMiB").toFixed(1),
      `ratio ${n("pythonRssRatio").toFixed(3)}`,
    ],
    [
      "State bytes per resource in the checkpoint",
      n("pythonStateBytesPerBot").toFixed(0),
      n("pythonNoopStateBytesPerBot").toFixed(0),
      "",
    ],
  ];
  const load = (k: string) => (r[k] as number[]).map((x) => x.toFixed(2)).join(", ");
  const lines = [
    `Python cell (${r.only === "python" ? "`BENCH_ONLY=python npm run bench`, a run of its own" : "from the whole bench's run"}): engine ${r.engineVersion}, ${r.pythonVersion}, PyPI pulumi ${r.pythonPulumiVersion}, ${r.cpus} cores; the Python fleet declared with the generated SDK \`pulumi_trtc\` (sdk/python, in a kept virtualenv) and run by the project's Python language host; \`pulumi-resource-trtc\` and the no-op plugin packed by \`scripts/plugin.js\` and installed from their tarballs with \`pulumi plugin install resource … --file\` into each stack's PULUMI_HOME; N = ${r.n} bots, every action capped at ${r.capPerSecond}/s on the emulator and in \`trtc:rateLimits\`, \`--parallel ${r.parallel}\`, ${r.preparingMs} ms preparing, region ${r.region}; ${r.stateOnTmpfs ? "state and temporary folders on tmpfs" : "state on disk"}; medians of ${r.repeats} runs (min–max), ours and the no-op in turn. The no-op is the native cell's no-op plugin (the trtc plugin's package, entry, gRPC server and native face over a core that calls nothing) driven from the same Python program: it has no generated SDK, so its bots are declared as \`pulumi.CustomResource("trtcnoop:index:AIConversation", …)\` with the same inputs. L = max(T_noop(N), T_noop(1) + N / cap), + 0.5 s for \`up\`, from the no-op plugin. Load average (1, 5, 15 min) at the start: ${load("loadAverageStart")}; at the end: ${load("loadAverageEnd")}. The cell took ${n("pythonCellMinutes").toFixed(1)} minutes.`,
    "",
    "| Measure | pulumi-trtc from Python (`pulumi_trtc`) | No-op native plugin from Python | Floor L and ratio |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
    "Goals of the Python cell (judged on unrounded values):",
    "",
    ...pythonGoals(r).map((g) => `- ${goalLine(g)}`),
  ];
  return `${lines.join("\n")}\n`;
}
