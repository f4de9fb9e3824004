/**
 * The Python, YAML and Go examples (examples/python, examples/yaml, examples/go) through the real
 * engine, the native trtc plugin (bin/pulumi-resource-trtc, runnable after `npm run build`), the SDKs generated
 * from schema.json (sdk/python, sdk/go; `npm run sdk`) and the language hosts (scripts/hosts.js),
 * against the emulator: each language lives the same life — a preview with no API call, up, an
 * in-place update, a replacement, refresh, destroy — and no secret reaches state or output; and
 * `pulumi import` in the YAML project prints YAML for the imported bot.
 *
 * The examples find the plugin through `plugins.providers` in their Pulumi.yaml (this checkout's
 * bin/, which `npm run build` makes runnable); examples/go takes the Go SDK through a `replace` to
 * sdk/ and examples/python installs sdk/python into a kept virtualenv.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { startRequest, trtcClient } from "../contract/helpers";
import { runPulumi } from "../helpers/engine-cli";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import { assertPolicyPackBuilt, policyPackDir } from "../helpers/policy-pack";
import {
  createTestStack,
  exportStackAsUser,
  stateResources,
  type TestStack,
} from "../helpers/pulumi";
import {
  assertHostsBuilt,
  goProgramCopy,
  hostsEnvVars,
  pythonProgramCopy,
  type ProgramCopy,
} from "./hosts-programs";

const root = path.join(__dirname, "..", "..");
const examplesDir = path.join(root, "examples");
/** The secret values of every example's test-config.json (and the emulator's key, added below). */
const SECRETS = ["sk-test", "emulator-app-key"];

/** One language's example and what it declares. */
interface Example {
  /** The language, as in the test names. */
  name: string;
  /** The example's folder under examples/. */
  folder: string;
  /** The example's project name: its config keys are `<project>:roomId` etc. */
  project: string;
  /** The bots' resource names, with the region each runs in. */
  bots: Record<string, string>;
  /** Provider resources the program declares itself (the default one is not counted). */
  explicitProviders: number;
  /** The program folder to run; for Python and Go, a copy made on first use. */
  programDir(): string;
}

let pythonCopy: ProgramCopy | undefined;
let goCopy: ProgramCopy | undefined;

/** An example's Pulumi.yaml with the plugin path `../../bin` made absolute, for a copy elsewhere. */
function pluginPathAbsolute(text: string): string {
  return text.replace(
    /^(\s+)path: \.\.\/\.\.\/bin$/m,
    `$1path: ${JSON.stringify(path.join(root, "bin"))}`,
  );
}

const examples: Example[] = [
  {
    name: "Python (pulumi_trtc, PyPI pulumi 3.272.0)",
    folder: "python",
    project: "trtc-python",
    bots: { "support-bot": "ap-guangzhou", "support-bot-sg": "ap-singapore" },
    explicitProviders: 1,
    programDir: () => {
      // A copy whose virtualenv is a kept one (pip once per SDK content), and whose plugin path
      // still names this checkout's bin/.
      pythonCopy ??= pythonProgramCopy(path.join(examplesDir, "python"), {
        editProject: pluginPathAbsolute,
      });
      return pythonCopy.dir;
    },
  },
  {
    name: "YAML (type trtc:AIConversation, pulumi-yaml v1.25.0)",
    folder: "yaml",
    project: "trtc-yaml",
    bots: { supportBot: "ap-guangzhou" },
    explicitProviders: 0,
    programDir: () => path.join(examplesDir, "yaml"),
  },
  {
    name: "Go (sdk/go/trtc, Go SDK v3.276.0)",
    folder: "go",
    project: "trtc-go",
    bots: { "support-bot": "ap-guangzhou" },
    explicitProviders: 0,
    // A copy built once and run as its runtime.options.binary (the Go host's build of a program
    // is tested by hosts.spec.ts); its go.mod's replace names sdk/ by an absolute path.
    programDir: () => {
      goCopy ??= goProgramCopy(path.join(examplesDir, "go"), { editProject: pluginPathAbsolute });
      return goCopy.dir;
    },
  },
];

/** The test-config.json beside an example: its plain and secret stack config. */
function testConfig(folder: string): {
  config: Record<string, string>;
  secretConfig: Record<string, string>;
} {
  const raw = JSON.parse(
    fs.readFileSync(path.join(examplesDir, folder, "test-config.json"), "utf8"),
  ) as { config?: Record<string, string>; secretConfig?: Record<string, string> };
  return { config: raw.config ?? {}, secretConfig: raw.secretConfig ?? {} };
}

describe("Python, YAML and Go programs of AIConversation through the native plugin", function () {
  // The first Go run compiles the Go SDK and the generated one; the first Python run makes the
  // kept virtualenv.
  this.timeout(900_000);
  let emulator: RunningEmulator;

  before(async () => {
    assertHostsBuilt();
    // bin/pulumi-resource-trtc runs the built plugin; the SDKs are committed.
    for (const file of [
      path.join(root, "dist", "provider", "native", "main.js"),
      path.join(root, "sdk", "python"),
    ]) {
      assert.ok(
        fs.existsSync(file),
        `${file} is missing: run \`npm run build\` (and \`npm run sdk\` for the SDKs)`,
      );
    }
    emulator = await startEmulator({ preparingMs: 200 });
  });

  after(async () => {
    pythonCopy?.remove();
    goCopy?.remove();
    await emulator?.stop();
  });

  for (const ex of examples) {
    it(`${ex.name}: preview calls no API; up, an in-place update, a replacement, refresh and destroy; no secret in state or output`, async () => {
      const botNames = Object.keys(ex.bots);
      const secrets = [...SECRETS, emulator.secretKey];
      const { config, secretConfig } = emulatorStackConfig(emulator);
      const own = testConfig(ex.folder);
      emulator.reset();
      let t: TestStack | undefined;
      try {
        t = await createTestStack({
          programDir: ex.programDir(),
          config: { ...config, ...own.config },
          secretConfig: { ...secretConfig, ...own.secretConfig },
          envVars: hostsEnvVars(),
        });
        const s = t;
        const leaks = (text: string) => secrets.filter((secret) => text.includes(secret));

        // Preview: the stack, the bots and the explicit providers, and not one API call.
        emulator.clearRequests();
        const preview = await s.stack.preview({ color: "never" });
        assert.deepEqual(
          preview.changeSummary,
          { create: 1 + botNames.length + ex.explicitProviders },
          preview.stdout,
        );
        assert.deepEqual(emulator.requests(), [], "preview called the API");

        // Up: every bot runs in its region, its TaskId is its resource id.
        const up = await s.stack.up({ color: "never" });
        assert.deepEqual(
          leaks(`${up.stdout}\n${up.stderr}`),
          [],
          "a secret is in the output of up",
        );
        assert.equal(up.outputs.status.value, "InProgress");
        const state = await stateResources(s.stack);
        const running = runningTasks(emulator);
        assert.equal(running.length, botNames.length);
        const firstIds: Record<string, string> = {};
        for (const [bot, region] of Object.entries(ex.bots)) {
          const r = state.get(bot);
          assert.equal(r?.type, "trtc:index:AIConversation");
          const task = running.find((x) => x.taskId === r?.id);
          assert.ok(task, `${bot} is not running`);
          assert.equal(task.region, region);
          assert.equal(task.roomId.startsWith("support-room"), true, task.roomId);
          firstIds[bot] = task.taskId;
        }
        assert.equal(up.outputs.taskId.value, firstIds[botNames[0]]);
        assert.deepEqual(leaks(exportStackAsUser(s, ex.programDir())), [], "a secret is in state");

        // An in-place update: a new welcome message reaches the running bots, which keep their TaskIds.
        await s.stack.setConfig(`${ex.project}:welcomeMessage`, { value: "Welcome back!" });
        emulator.clearRequests();
        const updatePreview = await s.stack.preview({ color: "never" });
        assert.equal(updatePreview.changeSummary.update, botNames.length, updatePreview.stdout);
        assert.deepEqual(emulator.requests(), [], "preview called the API");
        const updated = await s.stack.up({ color: "never" });
        assert.equal(updated.summary.resourceChanges?.update, botNames.length);
        for (const taskId of Object.values(firstIds)) {
          const task = runningTasks(emulator).find((x) => x.taskId === taskId);
          assert.equal(task?.welcomeMessage, "Welcome back!");
          assert.equal(task?.updates, 1);
        }

        // A replacement: another room means new bots; the old ones are stopped.
        await s.stack.setConfig(`${ex.project}:roomId`, { value: "room-2" });
        const replaced = await s.stack.up({ color: "never" });
        assert.equal(replaced.summary.resourceChanges?.replace, botNames.length);
        const afterReplace = runningTasks(emulator);
        assert.equal(afterReplace.length, botNames.length);
        assert.ok(afterReplace.every((x) => x.roomId.startsWith("room-2")));
        for (const taskId of Object.values(firstIds)) {
          assert.equal(emulator.tasks().find((x) => x.taskId === taskId)?.status, "Stopped");
        }
        assert.deepEqual(leaks(exportStackAsUser(s, ex.programDir())), [], "a secret is in state");

        // Refresh: running bots are unchanged; bots that idled out are forgotten, and the next up
        // starts new ones.
        const same = await s.stack.refresh({ color: "never" });
        assert.equal(same.summary.resourceChanges?.update ?? 0, 0);
        assert.equal(same.summary.resourceChanges?.delete ?? 0, 0);
        emulator.advanceClock(121); // past the examples' maxIdleTime of 120 s
        assert.equal(runningTasks(emulator).length, 0);
        const forgot = await s.stack.refresh({ color: "never" });
        assert.equal(forgot.summary.resourceChanges?.delete, botNames.length);
        const again = await s.stack.up({ color: "never" });
        assert.equal(again.summary.resourceChanges?.create, botNames.length);
        assert.equal(runningTasks(emulator).length, botNames.length);

        // Destroy: nothing left running, nothing left in state.
        const destroy = await s.stack.destroy({ color: "never" });
        assert.deepEqual(leaks(`${destroy.stdout}\n${destroy.stderr}`), []);
        assert.equal(runningTasks(emulator).length, 0);
        assert.equal((await stateResources(s.stack)).size, 0);
      } finally {
        await t?.dispose();
      }
    });
  }

  it("YAML: the policy pack guards the program at preview (the bot's maxIdleTime of 120 above a limit of 60)", async () => {
    assertPolicyPackBuilt();
    emulator.reset();
    const { config, secretConfig } = emulatorStackConfig(emulator);
    const own = testConfig("yaml");
    const programDir = path.join(examplesDir, "yaml");
    let t: TestStack | undefined;
    try {
      t = await createTestStack({
        programDir,
        config: { ...config, ...own.config },
        secretConfig: { ...secretConfig, ...own.secretConfig },
        envVars: hostsEnvVars(),
      });
      const packConfig = path.join(t.workDir, "policy-config.json");
      fs.writeFileSync(packConfig, JSON.stringify({ "trtc-max-idle-time": { maxSeconds: 60 } }));
      const preview = (extra: string[]) =>
        runPulumi(t as TestStack, programDir, [
          "preview",
          "--stack",
          (t as TestStack).stack.name,
          "--policy-pack",
          policyPackDir,
          ...extra,
        ]);
      const failed = preview(["--policy-pack-config", packConfig]);
      const printed = `${failed.stdout}\n${failed.stderr}`;
      assert.equal(failed.status, 1, printed);
      assert.match(
        failed.stdout,
        /\[mandatory\]\s+trtc-max-idle-time\s+\(trtc:index:AIConversation: supportBot\)/,
      );
      const secrets = [...Object.values(own.secretConfig), emulator.secretKey].filter(
        (v) => v.length >= 12,
      );
      for (const secret of secrets) {
        assert.ok(!printed.includes(secret), "the preview printed a secret");
      }
      // The pack's default limit (600) passes the same program.
      const passed = preview([]);
      assert.equal(passed.status, 0, `${passed.stdout}\n${passed.stderr}`);
      assert.deepEqual(emulator.requests(), [], "preview called no API");
    } finally {
      await t?.dispose({ destroy: false });
    }
  });

  it("YAML: pulumi import of a bot started outside Pulumi prints its YAML declaration, and destroy stops it", async () => {
    emulator.reset();
    const { TaskId } = await trtcClient(emulator, { region: "ap-singapore" }).StartAIConversation(
      startRequest({
        RoomId: "room-yaml",
        RoomIdType: 1,
        SessionId: "started-by-hand",
        botUserId: "bot_ai",
      }),
    );
    const taskId = TaskId as string;
    const { config, secretConfig } = emulatorStackConfig(emulator);
    const own = testConfig("yaml");
    let t: TestStack | undefined;
    try {
      t = await createTestStack({
        programDir: path.join(examplesDir, "yaml"),
        config: { ...config, ...own.config },
        secretConfig: { ...secretConfig, ...own.secretConfig },
        envVars: hostsEnvVars(),
      });
      const imported = await t.stack.import({
        resources: [
          {
            type: "trtc:index:AIConversation",
            name: "handStarted",
            id: `1400000000/ap-singapore/${taskId}`,
          },
        ],
        protect: false,
        generateCode: true,
      });
      assert.equal(imported.summary.resourceChanges?.import, 1, JSON.stringify(imported.summary));
      // The YAML language host's code generation: a resource of the plugin's type with the
      // inputs the import answers.
      assert.match(
        imported.generatedCode,
        /^resources:\n\s+handStarted:\n\s+type: trtc:AIConversation\n/m,
      );
      assert.match(imported.generatedCode, /region: ap-singapore/);
      assert.match(imported.generatedCode, /sessionId: started-by-hand/);
      assert.equal((await stateResources(t.stack)).get("handStarted")?.id, taskId);

      await t.stack.destroy({ color: "never" });
      assert.equal(emulator.tasks().find((x) => x.taskId === taskId)?.status, "Stopped");
    } finally {
      await t?.dispose();
    }
  });
});
