/**
 * `npm run bench`: the end-to-end benchmark. Wall time of `pulumi up` and `pulumi destroy` of a
 * fleet of bots, as a user runs them (the engine's CLI, the package installed from `npm pack`),
 * against the least time any dynamic provider could take on the same engine in the same run:
 *
 *   L = max(T_noop(N), T_noop(1) + N / cap) (+ the 500 ms preparing time for `up`)
 *
 * where T_noop is the time of a no-op dynamic resource of the same shape, and, for the goals of
 * the minimal floor, of a minimal one (an id and one property). Beside them, for reference, the
 * minimal resource given the bots' whole inputs: its time above the minimal one's is what the
 * engine and @pulumi/pulumi spend on those inputs, which any dynamic provider of them pays. Headline settings:
 * N = 200, every action capped at 50/s on the emulator and in `trtc:rateLimits`, `--parallel 64`,
 * 500 ms preparing, region ap-singapore; medians of 3 runs with min and max. N = 1000: ours and
 * the no-op twice each, interleaved, compared by their means. Once each: the same at 20/s, the
 * engine's default `--parallel`, the naive baseline, two stacks sharing an account's cap, and
 * the reliability scenarios at N = 200. Preview and
 * provider-host RSS are compared with the no-op.
 *
 * The native cell (native-cell.ts) times the native plugin `pulumi-resource-trtc`, installed
 * from its tarball, against a no-op native plugin built the same way, in the same run.
 *
 * The Python cell (python-cell.ts) times the same plugin driven from a Python program (the
 * generated SDK `pulumi_trtc`, the project's Python language host) against the no-op native
 * plugin driven from the same program, in the same run.
 *
 * Writes bench/results.json, bench/results.md and the README's table from the same run, and the
 * native and Python cells' bench/results-native.*, bench/results-python.* and README blocks
 * (their own markers) likewise; every goal is judged on unrounded numbers (goals.ts).
 * BENCH_ONLY=native or BENCH_ONLY=python runs that cell alone and writes only its own files and
 * block, leaving the others as the run that measured them wrote them. BENCH_QUICK=1 runs a small
 * subset (N = 50, one repeat) to try the harness and writes nothing.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as engine from "../scripts/engine";
import { goal, goalLine, type GoalResult } from "./goals";
import { installFleetProgram, type InstalledProgram } from "./installed";
import { measureInstalledSize } from "./installed-size";
import { nativeCell, nativeTable, type NativeResults } from "./native-cell";
import { packNativePlugins } from "./native-plugins";
import { pythonCell, pythonTable, type PythonResults } from "./python-cell";
import { writeReadmeBlock } from "./readme";
import {
  fleetRun,
  HEADLINE,
  previewRun,
  twoStacksRun,
  type FleetRun,
  type FleetRunOptions,
} from "./runs";
import { floorSeconds, parallelFloorSeconds, spread, summarize, type Summary } from "./stats";

const root = path.resolve(__dirname, "..");
const quick = process.env.BENCH_QUICK === "1";

/** The cells BENCH_ONLY may pick; unset runs the whole bench. */
const ONLY = ["native", "python"] as const;

/** BENCH_ONLY, checked: the one cell to run, or undefined for the whole bench. */
function benchOnly(): (typeof ONLY)[number] | undefined {
  const raw = process.env.BENCH_ONLY;
  if (raw === undefined || raw === "") return undefined;
  const only = ONLY.find((c) => c === raw);
  if (only === undefined) {
    throw new Error(
      `BENCH_ONLY is "${raw}": use ${ONLY.join(", ")}, or leave it unset for the whole bench`,
    );
  }
  return only;
}
const REPEATS = quick ? 1 : 3;
/** Bots in the headline cells. */
const N = quick ? 50 : 200;
/** Bots in the large cell. */
const BIG = quick ? 100 : 1000;
/** Bots per stack in the two-stacks cell. */
const PER_STACK = quick ? 25 : 100;
const CAP = HEADLINE.cap;
const LOW_CAP = 20;
const READY_SECONDS = HEADLINE.preparingMs / 1000;
/**
 * The CPUs Go gives the engine as GOMAXPROCS: those the process may run on, lowered to a cgroup
 * v2 CPU quota when one is set (Go 1.25 and later).
 */
function goMaxProcs(): number {
  const cpus = os.availableParallelism();
  try {
    const [quota, period] = fs.readFileSync("/sys/fs/cgroup/cpu.max", "utf8").trim().split(/\s+/);
    if (quota !== "max")
      return Math.max(1, Math.min(cpus, Math.ceil(Number(quota) / Number(period))));
  } catch {
    // no cgroup v2 quota to read
  }
  return cpus;
}

/**
 * The engine's default `--parallel`: 4 × GOMAXPROCS (pkg/cmd/pulumi/operations/up.go,
 * defaultParallel, v3.276.0).
 */
const DEFAULT_PARALLEL = 4 * goMaxProcs();

function log(line: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

const s2 = (x: number) => x.toFixed(2);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/** A cell measured REPEATS times. */
interface Cell {
  up: Summary;
  destroy: Summary;
  rss: Summary;
  runs: FleetRun[];
}

function cellOf(runs: FleetRun[]): Cell {
  return {
    up: summarize(runs.map((r) => r.upSeconds)),
    destroy: summarize(runs.map((r) => r.destroySeconds)),
    rss: summarize(runs.map((r) => r.peakRss)),
    runs,
  };
}

async function measured(label: string, opts: FleetRunOptions): Promise<FleetRun> {
  const r = await fleetRun(opts);
  // A no-op bot calls no API, so it never runs there: failures mean nothing for it.
  const outcome =
    opts.variant === "noop" || opts.variant === "minimal" || opts.variant === "inputs"
      ? ""
      : `, failed ${r.failed}, throttled ${r.throttled}, unknown to state ${r.unknownToState}, left running ${r.leftRunning}`;
  log(
    `  ${label}: up ${s2(r.upSeconds)} s (exit ${r.upStatus}), destroy ${s2(r.destroySeconds)} s (exit ${r.destroyStatus})${outcome}, provider host peak RSS ${mib(r.peakRss)} MiB`,
  );
  if (opts.variant !== "naive") checkedRuns.push(r);
  if (r.upTail) log(`    up's last lines:\n${r.upTail}`);
  return r;
}

/** Runs reliability specs at N bots in a child mocha; resolves to pass/fail and the summary. */
function reliabilityAtScale(n: number): Promise<{ passed: boolean; summary: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      path.join(root, "node_modules", ".bin", "mocha"),
      ["--timeout", "1800000", "test/reliability/faults.spec.ts", "test/reliability/crash.spec.ts"],
      {
        cwd: root,
        env: { ...process.env, RELIABILITY_N: String(n) },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      process.stdout.write(d);
    });
    child.on("close", (code) => {
      const summary = out
        .split("\n")
        .filter((l) => /passing|failing/.test(l))
        .map((l) => l.trim())
        .join(", ");
      resolve({ passed: code === 0, summary });
    });
  });
}

type Results = Record<string, number | string | boolean | number[]>;

/** Every measured run of pulumi-trtc and the no-op: none may exit non-zero or leave a bot. */
const checkedRuns: FleetRun[] = [];

/** Name prefix of the bench's tmpfs folders; the bench's pid follows it. */
const TMPFS_PREFIX = "pulumi-trtc-bench-";

/** Whether a process with this pid is alive (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes tmpfs folders of benches that are gone: a bench killed mid-run never reaches its
 * `finally`, and its folder (state, installed program) would stay in memory until reboot.
 */
function removeStaleTmpfs(root: string): void {
  for (const name of fs.readdirSync(root)) {
    const m = new RegExp(`^${TMPFS_PREFIX}(\\d+)-`).exec(name);
    if (m && !alive(Number(m[1]))) {
      log(`removing ${path.join(root, name)}, left by bench process ${m[1]}, which is gone`);
      try {
        fs.rmSync(path.join(root, name), { recursive: true, force: true });
      } catch (err) {
        log(`  could not remove it: ${(err as Error).message}`);
      }
    }
  }
}

/**
 * Puts every temporary folder of the bench (the installed program, each stack's file backend
 * and PULUMI_HOME) on tmpfs when the machine has one: the engine writes the whole state after
 * every step, and on a disk the writes' timing varies by seconds from run to run, for the no-op
 * and for pulumi-trtc alike. Returns the folder, or undefined without tmpfs.
 */
function useTmpfs(): string | undefined {
  if (!fs.existsSync("/dev/shm")) return undefined;
  try {
    removeStaleTmpfs("/dev/shm");
    const dir = fs.mkdtempSync(path.join("/dev/shm", `${TMPFS_PREFIX}${process.pid}-`));
    process.env.TMPDIR = dir;
    return dir;
  } catch {
    return undefined;
  }
}

async function reliability(results: Results): Promise<void> {
  log(`reliability scenarios (faults, crash) at N=${N}`);
  const rel = await reliabilityAtScale(N);
  results.reliability200Passed = rel.passed;
  results.reliability200Summary = rel.summary;
}

/**
 * The dynamic provider's cells: headline, minimal floor, installed size, 20/s, N = 1000, default
 * `--parallel`, the naive baseline, preview and two stacks, into `results`.
 */
async function dynamicCells(results: Results, programDir: string): Promise<void> {
  // Untimed: the first engine run in a fresh program folder pays for cold caches (seconds).
  log("warm-up (not counted)");
  await measured("warm-up ours N=1", { variant: "ours", n: 1, programDir });
  await measured("warm-up no-op N=1", { variant: "noop", n: 1, programDir });
  await measured("warm-up minimal N=1", { variant: "minimal", n: 1, programDir });
  await measured("warm-up inputs N=1", { variant: "inputs", n: 1, programDir });
  // Headline cells, one of each per round so that machine noise falls on all of them alike.
  const rounds: Record<string, FleetRun[]> = {
    oursN: [],
    noopN: [],
    minimalN: [],
    inputsN: [],
    ours1: [],
    noop1: [],
    minimal1: [],
  };
  for (let i = 1; i <= REPEATS; i++) {
    log(`headline round ${i} of ${REPEATS} (N=${N} and N=1, ${CAP}/s, --parallel 64)`);
    rounds.oursN.push(await measured(`ours N=${N}`, { variant: "ours", n: N, programDir }));
    rounds.noopN.push(await measured(`no-op N=${N}`, { variant: "noop", n: N, programDir }));
    rounds.minimalN.push(
      await measured(`minimal N=${N}`, { variant: "minimal", n: N, programDir }),
    );
    rounds.inputsN.push(
      await measured(`minimal with the bots' inputs N=${N}`, {
        variant: "inputs",
        n: N,
        programDir,
      }),
    );
    rounds.ours1.push(await measured("ours N=1", { variant: "ours", n: 1, programDir }));
    rounds.noop1.push(await measured("no-op N=1", { variant: "noop", n: 1, programDir }));
    rounds.minimal1.push(await measured("minimal N=1", { variant: "minimal", n: 1, programDir }));
  }
  const ours = cellOf(rounds.oursN);
  const noop = cellOf(rounds.noopN);
  const minimal = cellOf(rounds.minimalN);
  const inputs = cellOf(rounds.inputsN);
  const ours1 = cellOf(rounds.ours1);
  const noop1 = cellOf(rounds.noop1);
  const minimal1 = cellOf(rounds.minimal1);
  // The floor of any dynamic provider: a minimal resource (an id and one property).
  const upFloorMin = floorSeconds({
    noopSecondsAtN: minimal.up.median,
    noopSecondsAt1: minimal1.up.median,
    n: N,
    capPerSecond: CAP,
    readySeconds: READY_SECONDS,
  });
  const destroyFloorMin = floorSeconds({
    noopSecondsAtN: minimal.destroy.median,
    noopSecondsAt1: minimal1.destroy.median,
    n: N,
    capPerSecond: CAP,
  });
  const upFloor = floorSeconds({
    noopSecondsAtN: noop.up.median,
    noopSecondsAt1: noop1.up.median,
    n: N,
    capPerSecond: CAP,
    readySeconds: READY_SECONDS,
  });
  const destroyFloor = floorSeconds({
    noopSecondsAtN: noop.destroy.median,
    noopSecondsAt1: noop1.destroy.median,
    n: N,
    capPerSecond: CAP,
  });
  Object.assign(results, {
    ...spread("upSeconds200", ours.up),
    ...spread("destroySeconds200", ours.destroy),
    ...spread("noopUpSeconds200", noop.up),
    ...spread("noopDestroySeconds200", noop.destroy),
    ...spread("upSeconds1", ours1.up),
    ...spread("destroySeconds1", ours1.destroy),
    ...spread("noopUpSeconds1", noop1.up),
    ...spread("noopDestroySeconds1", noop1.destroy),
    upFloorSeconds200: upFloor,
    destroyFloorSeconds200: destroyFloor,
    upRatio200: ours.up.median / upFloor,
    destroyRatio200: ours.destroy.median / destroyFloor,
    failed200: Math.max(...ours.runs.map((r) => r.failed)),
    unknownToState200: Math.max(...ours.runs.map((r) => r.unknownToState)),
    leftRunning200: Math.max(...ours.runs.map((r) => r.leftRunning)),
    throttled200: ours.runs.reduce((a, r) => a + r.throttled, 0),
    providerPeakRssMiB: ours.rss.median / 2 ** 20,
    noopPeakRssMiB: noop.rss.median / 2 ** 20,
    rssRatio: ours.rss.median / noop.rss.median,
    providerBytesInstalled: ours.runs[0].providerBytes,
    noopProviderBytes: noop.runs[0].providerBytes,
    ...spread("minimalUpSeconds200", minimal.up),
    ...spread("minimalDestroySeconds200", minimal.destroy),
    ...spread("minimalUpSeconds1", minimal1.up),
    ...spread("minimalDestroySeconds1", minimal1.destroy),
    upFloorMinSeconds200: upFloorMin,
    destroyFloorMinSeconds200: destroyFloorMin,
    upRatioMin200: ours.up.median / upFloorMin,
    destroyRatioMin200: ours.destroy.median / destroyFloorMin,
    ...spread("inputsUpSeconds200", inputs.up),
    ...spread("inputsDestroySeconds200", inputs.destroy),
    inputsUpRatioMin200: inputs.up.median / upFloorMin,
    inputsDestroyRatioMin200: inputs.destroy.median / destroyFloorMin,
    inputsStateBytesPerBot: inputs.runs[0].stateBytesPerBot,
    stateBytesPerBot: ours.runs[0].stateBytesPerBot,
    noopStateBytesPerBot: noop.runs[0].stateBytesPerBot,
    minimalStateBytesPerBot: minimal.runs[0].stateBytesPerBot,
  });

  log("what installing the packed package adds to a program beyond @pulumi/pulumi");
  const installed = measureInstalledSize();
  log(`  installed: ${installed.installedMiB.toFixed(2)} MiB`);
  results.installedMiB = installed.installedMiB;

  log(`the same at ${LOW_CAP}/s (once)`);
  const low = await measured(`ours N=${N} at ${LOW_CAP}/s`, {
    variant: "ours",
    n: N,
    cap: LOW_CAP,
    programDir,
  });
  const lowUpFloor = floorSeconds({
    noopSecondsAtN: noop.up.median,
    noopSecondsAt1: noop1.up.median,
    n: N,
    capPerSecond: LOW_CAP,
    readySeconds: READY_SECONDS,
  });
  const lowDestroyFloor = floorSeconds({
    noopSecondsAtN: noop.destroy.median,
    noopSecondsAt1: noop1.destroy.median,
    n: N,
    capPerSecond: LOW_CAP,
  });
  Object.assign(results, {
    upSeconds200At20: low.upSeconds,
    upRatio200At20: low.upSeconds / lowUpFloor,
    destroySeconds200At20: low.destroySeconds,
    destroyRatio200At20: low.destroySeconds / lowDestroyFloor,
    failed200At20: low.failed,
    throttled200At20: low.throttled,
  });

  // One run each cannot tell a 10 % goal from this machine's drift at this size (the no-op's
  // `up` alone took 146–201 s within an hour): ours and the no-op run twice each, interleaved
  // ours, no-op, no-op, ours, so drift over the cell weighs on both alike; the ratio is of the
  // means. The no-op's destroy is not timed at this size: no figure needs it.
  log(`N=${BIG} at ${CAP}/s (twice each, in the order ours, no-op, no-op, ours)`);
  const big: Record<"ours" | "noop", FleetRun[]> = { ours: [], noop: [] };
  for (const [i, variant] of (["ours", "noop", "noop", "ours"] as const).entries()) {
    big[variant].push(
      await measured(`${variant === "ours" ? "ours" : "no-op"} N=${BIG} (${i + 1} of 4)`, {
        variant,
        n: BIG,
        programDir,
        destroy: variant === "ours",
      }),
    );
  }
  const bigOurs = cellOf(big.ours);
  const bigNoopUp = summarize(big.noop.map((r) => r.upSeconds));
  const bigUpFloor = floorSeconds({
    noopSecondsAtN: bigNoopUp.median,
    noopSecondsAt1: noop1.up.median,
    n: BIG,
    capPerSecond: CAP,
    readySeconds: READY_SECONDS,
  });
  Object.assign(results, {
    ...spread("upSeconds1000", bigOurs.up),
    ...spread("noopUpSeconds1000", bigNoopUp),
    upFloorSeconds1000: bigUpFloor,
    upRatio1000: bigOurs.up.median / bigUpFloor,
    ...spread("destroySeconds1000", bigOurs.destroy),
    failed1000: Math.max(...big.ours.map((r) => r.failed)),
    throttled1000: big.ours.reduce((a, r) => a + r.throttled, 0),
    leftRunning1000: big.ours.reduce((a, r) => a + r.leftRunning, 0),
  });

  log(`N=${N} at the engine's default --parallel (${DEFAULT_PARALLEL}) (once)`);
  const dflt = await measured(`ours N=${N} --parallel default`, {
    variant: "ours",
    n: N,
    parallel: "default",
    programDir,
  });
  Object.assign(results, {
    defaultParallel: DEFAULT_PARALLEL,
    upSecondsDefaultParallel: dflt.upSeconds,
    floorSecondsDefaultParallel: parallelFloorSeconds({
      noopSecondsAt1: noop1.up.median,
      n: N,
      readySeconds: READY_SECONDS,
      parallel: DEFAULT_PARALLEL,
    }),
    failedDefaultParallel: dflt.failed,
  });

  log(`the naive baseline at N=${N} (once; the engine continues on error)`);
  const naive = await measured(`naive N=${N}`, {
    variant: "naive",
    n: N,
    continueOnError: true,
    programDir,
  });
  Object.assign(results, {
    baselineFailed200: naive.failed,
    baselineThrottled200: naive.throttled,
    baselineUpSeconds200: naive.upSeconds,
    baselineLeftRunning200: naive.leftRunning,
    baselinePeakRssMiB: naive.peakRss / 2 ** 20,
  });

  log(
    `preview of N=${N}, ours, the no-op, the minimal resource and it with the bots' inputs (${REPEATS} each)`,
  );
  const previews = {
    ours: [] as number[],
    noop: [] as number[],
    minimal: [] as number[],
    inputs: [] as number[],
  };
  for (let i = 0; i < REPEATS; i++) {
    for (const v of ["ours", "noop", "minimal", "inputs"] as const) {
      const seconds = await previewRun(v, N, programDir);
      log(`  preview ${v} N=${N}: ${s2(seconds)} s`);
      previews[v].push(seconds);
    }
  }
  const previewOurs = summarize(previews.ours);
  const previewNoop = summarize(previews.noop);
  const previewMinimal = summarize(previews.minimal);
  const previewInputs = summarize(previews.inputs);
  Object.assign(results, {
    previewSeconds200: previewOurs.median,
    previewSeconds200Min: previewOurs.min,
    previewSeconds200Max: previewOurs.max,
    noopPreviewSeconds200: previewNoop.median,
    noopPreviewSeconds200Min: previewNoop.min,
    noopPreviewSeconds200Max: previewNoop.max,
    previewRatio: previewOurs.median / previewNoop.median,
    ...spread("minimalPreviewSeconds200", previewMinimal),
    previewRatioMin: previewOurs.median / previewMinimal.median,
    ...spread("inputsPreviewSeconds200", previewInputs),
    inputsPreviewRatioMin: previewInputs.median / previewMinimal.median,
  });

  log(`two stacks of ${PER_STACK} bots, keys of one account, at its ${CAP}/s cap (once)`);
  const two = await twoStacksRun(PER_STACK, programDir);
  log(
    `  two stacks: ${s2(two.seconds)} s, failed ${two.failed}, throttled ${two.throttled}, exits ${two.statuses.join(", ")}`,
  );
  Object.assign(results, {
    twoStacksSeconds: two.seconds,
    twoStacksFailed: two.failed,
    twoStacksThrottled: two.throttled,
  });
}

async function main(): Promise<void> {
  const only = benchOnly();
  const started = Date.now();
  const loadAverageStart = os.loadavg();
  engine.ensureEngine();
  const tmpfs = useTmpfs();
  log(tmpfs ? `temporary folders on tmpfs: ${tmpfs}` : "no tmpfs: temporary folders on disk");
  if (only !== undefined) log(`BENCH_ONLY=${only}: the ${only} cell only`);
  // The Python cell needs no npm-installed program: only the plugins, packed into a folder of
  // their own.
  const program = only === "python" ? pluginsOnlyFolder() : installFleetProgram(log);
  const settings: Results = {
    engineVersion: engine.engineVersion(),
    nodeVersion: process.version,
    cpus: os.availableParallelism(),
    quick,
    repeats: REPEATS,
    n: N,
    capPerSecond: CAP,
    parallel: HEADLINE.parallel,
    preparingMs: HEADLINE.preparingMs,
    region: HEADLINE.region,
    stateOnTmpfs: tmpfs !== undefined,
  };
  const results: Results = { ...settings };
  let native: NativeResults | undefined;
  let python: PythonResults | undefined;
  try {
    if (only === undefined) await dynamicCells(results, program.dir);
    const plugins = packNativePlugins(path.join(program.dir, "plugins"), log);
    if (only !== "python") {
      const nativeStarted = Date.now();
      const nativeLoadStart = os.loadavg();
      native = {
        ...settings,
        only: only ?? "all",
        ...(await nativeCell({
          programDir: program.nativeDir,
          plugins,
          n: N,
          repeats: REPEATS,
          log,
        })),
        loadAverageStart: only === "native" ? loadAverageStart : nativeLoadStart,
        loadAverageEnd: os.loadavg(),
        nativeCellMinutes: (Date.now() - nativeStarted) / 60_000,
      };
    }
    if (only !== "native") {
      const pythonStarted = Date.now();
      const pythonLoadStart = os.loadavg();
      python = {
        ...settings,
        only: only ?? "all",
        ...(await pythonCell({ plugins, n: N, repeats: REPEATS, log })),
        loadAverageStart: only === "python" ? loadAverageStart : pythonLoadStart,
        loadAverageEnd: os.loadavg(),
        pythonCellMinutes: (Date.now() - pythonStarted) / 60_000,
      };
    }
  } finally {
    program.remove();
  }
  try {
    if (only === undefined) await reliability(results);
  } finally {
    if (tmpfs) fs.rmSync(tmpfs, { recursive: true, force: true });
  }

  const readme = path.join(root, "README.md");
  if (only === undefined) {
    results.benchMinutes = (Date.now() - started) / 60_000;
    results.nonZeroExits = checkedRuns.filter(
      (r) => r.upStatus !== 0 || r.destroyStatus !== 0,
    ).length;
    results.leftRunningAfterDestroy = checkedRuns.reduce((a, r) => a + r.leftRunning, 0);
    results.runsChecked = checkedRuns.length;
    const report = table(results);
    if (!quick) {
      writeResults("results", results, report);
      writeReadmeBlock(readme, report);
      log("wrote bench/results.json, bench/results.md and the README's table");
    }
    process.stdout.write(`\n${report}`);
  }
  if (native) {
    const nativeReport = nativeTable(native);
    if (!quick) {
      writeResults("results-native", native, nativeReport);
      writeReadmeBlock(readme, nativeReport, "bench-native", "bench");
      log("wrote bench/results-native.json, bench/results-native.md and the README's native table");
    }
    process.stdout.write(`\n${nativeReport}`);
  }
  if (python) {
    const pythonReport = pythonTable(python);
    if (!quick) {
      writeResults("results-python", python, pythonReport);
      writeReadmeBlock(readme, pythonReport, "bench-python", "bench-native");
      log("wrote bench/results-python.json, bench/results-python.md and the README's Python table");
    }
    process.stdout.write(`\n${pythonReport}`);
  }
}

/**
 * A temporary folder shaped like an installed program (installed.ts) that holds only what the
 * Python cell needs from it: the packed plugins go into its `plugins` folder.
 */
function pluginsOnlyFolder(): InstalledProgram {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-trtc-bench-"));
  return {
    dir,
    nativeDir: path.join(dir, "native-fleet"),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Writes bench/NAME.json and bench/NAME.md. The JSON is as Prettier formats it (`npm run lint`
 * checks it): two-space indents, a list of numbers on one line.
 */
function writeResults(name: string, results: Results, report: string): void {
  const json = JSON.stringify(results, null, 2).replace(
    /\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g,
    (_all, items: string) => `[${items.split(/,\s*/).join(", ")}]`,
  );
  fs.writeFileSync(path.join(__dirname, `${name}.json`), `${json}\n`);
  fs.writeFileSync(path.join(__dirname, `${name}.md`), report);
}

/** The goals of the benchmark, judged on this run's unrounded numbers. */
function goals(r: Results): GoalResult[] {
  const n = (k: string) => r[k] as number;
  return [
    goal(`\`up\`, N = ${r.n}: median / L`, n("upRatio200"), "<=", 1.1),
    goal(`\`destroy\`, N = ${r.n}: median / L`, n("destroyRatio200"), "<=", 1.1),
    goal(`\`up\`, N = ${r.n}: median / L of the minimal resource`, n("upRatioMin200"), "<=", 1.25),
    goal(
      `\`destroy\`, N = ${r.n}: median / L of the minimal resource`,
      n("destroyRatioMin200"),
      "<=",
      1.25,
    ),
    goal(`\`up\`, N = ${BIG}: mean of 2 / L`, n("upRatio1000"), "<=", 1.1),
    goal(`failed, N = ${BIG}`, n("failed1000"), "==", 0),
    goal(`failed, N = ${r.n} (worst of ${r.repeats})`, n("failed200"), "==", 0),
    goal("preview: median / the minimal resource's", n("previewRatioMin"), "<=", 1.3),
    goal("provider host peak RSS: median / the no-op's", n("rssRatio"), "<=", 1.3),
    goal(
      "installed beyond @pulumi/pulumi, MiB (`npm install` of the packed package)",
      n("installedMiB"),
      "<=",
      10,
    ),
    goal("`__provider` bytes per resource, installed", n("providerBytesInstalled"), "<=", 1024),
    goal(`throttled answers, N = ${r.n} (all ${r.repeats} runs)`, n("throttled200"), "==", 0),
    goal(
      `runs of pulumi-trtc and the no-op whose \`up\` or \`destroy\` exited non-zero (of ${r.runsChecked})`,
      n("nonZeroExits"),
      "==",
      0,
    ),
    goal("bots still running after `destroy`, all runs", n("leftRunningAfterDestroy"), "==", 0),
    goal(
      `reliability scenarios at N = ${r.n} passed (1 = yes)`,
      r.reliability200Passed ? 1 : 0,
      "==",
      1,
    ),
  ];
}

function table(r: Results): string {
  const n = (k: string) => r[k] as number;
  const range = (k: string) => `${s2(n(k))} (${s2(n(`${k}Min`))}–${s2(n(`${k}Max`))})`;
  const rows: string[][] = [
    [
      `\`up\`, N = ${r.n}, s`,
      range("upSeconds200"),
      range("noopUpSeconds200"),
      `${s2(n("upFloorSeconds200"))}; ratio ${n("upRatio200").toFixed(3)}`,
    ],
    [
      `\`destroy\`, N = ${r.n}, s`,
      range("destroySeconds200"),
      range("noopDestroySeconds200"),
      `${s2(n("destroyFloorSeconds200"))}; ratio ${n("destroyRatio200").toFixed(3)}`,
    ],
    [`\`up\`, N = 1, s`, range("upSeconds1"), range("noopUpSeconds1"), ""],
    [
      `\`up\` / \`destroy\`, N = ${r.n}, against the minimal resource, s`,
      `${s2(n("upSeconds200"))} / ${s2(n("destroySeconds200"))}`,
      `minimal ${range("minimalUpSeconds200")} / ${range("minimalDestroySeconds200")}; N = 1: ${s2(n("minimalUpSeconds1"))} / ${s2(n("minimalDestroySeconds1"))}`,
      `${s2(n("upFloorMinSeconds200"))} / ${s2(n("destroyFloorMinSeconds200"))}; ratios ${n("upRatioMin200").toFixed(3)} / ${n("destroyRatioMin200").toFixed(3)}`,
    ],
    [
      `\`up\` / \`destroy\`, N = ${r.n}, the minimal resource given the bots' inputs (any provider of them pays this), s`,
      "",
      `${range("inputsUpSeconds200")} / ${range("inputsDestroySeconds200")}`,
      `against the minimal resource's L: ratios ${n("inputsUpRatioMin200").toFixed(3)} / ${n("inputsDestroyRatioMin200").toFixed(3)}`,
    ],
    [
      "State bytes per resource in the checkpoint",
      n("stateBytesPerBot").toFixed(0),
      `${n("noopStateBytesPerBot").toFixed(0)} (no-op); ${n("minimalStateBytesPerBot").toFixed(0)} (minimal); ${n("inputsStateBytesPerBot").toFixed(0)} (minimal with the bots' inputs)`,
      "",
    ],
    [
      `\`up\`, N = ${r.n} at ${LOW_CAP}/s, s (once)`,
      s2(n("upSeconds200At20")),
      "",
      `ratio ${n("upRatio200At20").toFixed(3)}`,
    ],
    [
      `\`destroy\`, N = ${r.n} at ${LOW_CAP}/s, s (once)`,
      s2(n("destroySeconds200At20")),
      "",
      `ratio ${n("destroyRatio200At20").toFixed(3)}`,
    ],
    [
      `\`up\`, N = ${BIG}, s (mean of 2, interleaved)`,
      range("upSeconds1000"),
      range("noopUpSeconds1000"),
      `${s2(n("upFloorSeconds1000"))}; ratio ${n("upRatio1000").toFixed(3)}`,
    ],
    [`\`destroy\`, N = ${BIG}, s (mean of 2)`, range("destroySeconds1000"), "not timed", ""],
    [
      `\`up\`, N = ${r.n}, default \`--parallel\` (${r.defaultParallel}), s (once)`,
      s2(n("upSecondsDefaultParallel")),
      "",
      `its own floor ${s2(n("floorSecondsDefaultParallel"))} (T_noop(1) + N × 0.5 s / ${r.defaultParallel}); ratio ${(n("upSecondsDefaultParallel") / n("floorSecondsDefaultParallel")).toFixed(3)}`,
    ],
    [
      `Failed bots: N = ${r.n} (worst of ${r.repeats}) / ${r.n} at ${LOW_CAP}/s / ${BIG} (worst of 2) / default \`--parallel\``,
      `${r.failed200} / ${r.failed200At20} / ${r.failed1000} / ${r.failedDefaultParallel}`,
      "",
      "",
    ],
    [
      `Naive baseline (no limiter, no retry, continue on error), N = ${r.n}: failed, throttled`,
      "",
      `${r.baselineFailed200} failed, ${r.baselineThrottled200} throttled, \`up\` ${s2(n("baselineUpSeconds200"))} s`,
      "",
    ],
    [
      `Throttled answers (RequestLimitExceeded): N = ${r.n} (all runs) / at ${LOW_CAP}/s / N = ${BIG} (both runs)`,
      `${r.throttled200} / ${r.throttled200At20} / ${r.throttled1000}`,
      "",
      "",
    ],
    [
      `Preview, N = ${r.n}, s`,
      range("previewSeconds200"),
      `${range("noopPreviewSeconds200")} (no-op); ${range("minimalPreviewSeconds200")} (minimal); ${range("inputsPreviewSeconds200")} (minimal with the bots' inputs)`,
      `ratios ${n("previewRatio").toFixed(3)} (no-op) / ${n("previewRatioMin").toFixed(3)} (minimal); the minimal with the bots' inputs / the minimal: ${n("inputsPreviewRatioMin").toFixed(3)}`,
    ],
    [
      "Provider host peak RSS during `up`, MiB (median)",
      n("providerPeakRssMiB").toFixed(1),
      `${n("noopPeakRssMiB").toFixed(1)} (no-op); naive baseline ${n("baselinePeakRssMiB").toFixed(1)} (once)`,
      `ratio ${n("rssRatio").toFixed(3)}`,
    ],
    [
      "Installed beyond `@pulumi/pulumi` (`npm install` of the packed package), MiB",
      n("installedMiB").toFixed(2),
      "",
      "",
    ],
    [
      "`__provider` bytes per resource, installed (npm pack)",
      String(r.providerBytesInstalled),
      String(r.noopProviderBytes),
      "",
    ],
    [
      `Two stacks × ${PER_STACK} bots, keys of one account at its ${CAP}/s cap`,
      `${s2(n("twoStacksSeconds"))} s, ${r.twoStacksFailed} failed, ${r.twoStacksThrottled} throttled`,
      "",
      "",
    ],
    [
      `Reliability scenarios at N = ${r.n} (faults, crash)`,
      String(r.reliability200Summary),
      "",
      "",
    ],
  ];
  const lines = [
    `Engine ${r.engineVersion}, Node ${r.nodeVersion}, ${r.cpus} cores; pulumi-trtc installed from \`npm pack\`; N = ${r.n} bots, every action capped at ${r.capPerSecond}/s on the emulator and in \`trtc:rateLimits\`, \`--parallel ${r.parallel}\`, ${r.preparingMs} ms preparing, region ${r.region}; ${r.stateOnTmpfs ? "state and temporary folders on tmpfs" : "state on disk"}; medians of ${r.repeats} runs (min–max). The no-op is a dynamic resource of the same shape that calls nothing; the minimal resource calls nothing and stores an id and one property; "the minimal resource given the bots' inputs" is that resource declared with the bots' whole inputs. L = max(T_noop(N), T_noop(1) + N / cap), + 0.5 s for \`up\`, from the no-op or, where it says so, from the minimal resource. Whole bench: ${n("benchMinutes").toFixed(1)} minutes.`,
    "",
    "| Measure | pulumi-trtc | No-op / baseline | Floor L and ratio |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
    "Goals (judged on unrounded values):",
    "",
    ...goals(r).map((g) => `- ${goalLine(g)}`),
  ];
  return `${lines.join("\n")}\n`;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
