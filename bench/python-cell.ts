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
 * The no-op plugin has no generated SDK: the program declares its resource through a small
 * `pulumi.CustomResource` subclass, with the same inputs. A subclass, as in every generated SDK:
 * the Python SDK records a resource's stack trace only for a subclass's constructor, and a bare
 * `pulumi.CustomResource(…)` call made a floor that skipped that work and ~1 KB of state per bot. Both plugins
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
import { PYTHON_UP_RATIO_GOAL, type GoalResult } from "./goals";
import type { NativePlugins } from "./native-plugins";
import {
  loadAverages,
  pluginCellBlock,
  pluginCellFigures,
  pluginCellGoals,
  pluginCellRows,
  runPluginCell,
  type PluginCellResults,
} from "./plugin-cell";

/** Results of the Python cell, by key. */
export type PythonResults = PluginCellResults;

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
  const program = pythonFleetCopy(opts.log);
  try {
    // The engine finds the project's Python language host on PATH (scripts/hosts.js).
    const runs = await runPluginCell({
      label: "Python",
      programDir: program.dir,
      env: hostsEnvVars(),
      ...opts,
    });
    return {
      ...pluginCellFigures("python", opts.n, runs),
      pythonVersion: program.pythonVersion,
      pythonPulumiVersion: program.pulumiVersion,
    };
  } finally {
    program.remove();
  }
}

/** The goals of the Python cell, judged on its unrounded numbers. */
export function pythonGoals(r: PythonResults): GoalResult[] {
  return pluginCellGoals(r, "python", "Python", { up: PYTHON_UP_RATIO_GOAL });
}

/** The Python cell's block: one line of settings, the table, the goals. */
export function pythonTable(r: PythonResults): string {
  const n = (k: string) => r[k] as number;
  return pluginCellBlock({
    settings: `Python cell (${r.only === "python" ? "`BENCH_ONLY=python npm run bench`, a run of its own" : "from the whole bench's run"}): engine ${r.engineVersion}, ${r.pythonVersion}, PyPI pulumi ${r.pythonPulumiVersion}, ${r.cpus} cores; the Python fleet declared with the generated SDK \`pulumi_trtc\` (sdk/python, in a kept virtualenv) and run by the project's Python language host; \`pulumi-resource-trtc\` and the no-op plugin packed by \`scripts/plugin.js\` and installed from their tarballs with \`pulumi plugin install resource … --file\` into each stack's PULUMI_HOME; N = ${r.n} bots, every action capped at ${r.capPerSecond}/s on the emulator and in \`trtc:rateLimits\`, \`--parallel ${r.parallel}\`, ${r.preparingMs} ms preparing, region ${r.region}; ${r.stateOnTmpfs ? "state and temporary folders on tmpfs" : "state on disk"}; medians of ${r.repeats} runs (min–max), ours and the no-op in turn. The no-op is the native cell's no-op plugin (the trtc plugin's package, entry, gRPC server and native face over a core that calls nothing) driven from the same Python program: it has no generated SDK, so its bots are declared through a small \`pulumi.CustomResource\` subclass (as a generated SDK declares its resources; the Python SDK records a stack trace only for a subclass) with the same inputs. L = max(T_noop(N), T_noop(1) + N / cap), + 0.5 s for \`up\`, from the no-op plugin. Load average (1, 5, 15 min) at the start: ${loadAverages(r, "loadAverageStart")}; at the end: ${loadAverages(r, "loadAverageEnd")}. The cell took ${n("pythonCellMinutes").toFixed(1)} minutes.`,
    columns: {
      ours: "pulumi-trtc from Python (`pulumi_trtc`)",
      noop: "No-op native plugin from Python",
    },
    rows: pluginCellRows(r, "python"),
    label: "Python",
    goals: pythonGoals(r),
  });
}
