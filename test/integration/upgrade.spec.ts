import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import {
  hasCommit,
  installPackagedProgram,
  packRelease,
  packRepository,
  releasePackage,
  PULUMI_TEMPLATE_TSCONFIG,
  type PackagedProgram,
  type ProgramVersions,
  repoPackage,
} from "../helpers/packaged";
import { createTestStack, type TestStack } from "../helpers/pulumi";

/** Every file of a package tarball, by path inside it, in path order. */
function packageFiles(tgz: string): Map<string, Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-trtc-unpacked-"));
  try {
    execFileSync("tar", ["-xzf", tgz, "-C", dir]);
    const files = fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
    return new Map(files.map((f) => [f, fs.readFileSync(path.join(dir, f))]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The last release: what users' stacks were deployed with. */
const PREVIOUS_RELEASE = "6d55384";

const pkg = repoPackage();

describe(`upgrading from the previous release (${PREVIOUS_RELEASE})`, function () {
  this.timeout(600_000);
  let emulator: RunningEmulator;
  let program: PackagedProgram;
  let t: TestStack;
  let current: string;

  async function stackOf(dir: string, roomId: string): Promise<TestStack> {
    const { config, secretConfig } = emulatorStackConfig(emulator);
    return createTestStack({
      programDir: dir,
      // The room comes from stack config, so it is a string: "12345" is all digits.
      config: { ...config, "packaged:sdkAppId": "1400000000", "packaged:roomId": roomId },
      secretConfig: {
        ...secretConfig,
        "packaged:appKey": "emulator-app-key",
        "packaged:llmApiKey": "sk-upgrade-llm-key",
      },
      engine: { pluginDir: path.join(dir, "node_modules", "@pulumi", "pulumi") },
      // A user's stack upgraded in place: its secrets are kept with a passphrase.
      secretsProvider: "passphrase",
    });
  }

  before(async () => {
    current = packRepository();
    const versions: ProgramVersions = {
      nodeLine: "dev",
      pulumi: pkg.devDependencies["@pulumi/pulumi"],
      typescript: pkg.devDependencies.typescript,
      typesNode: "24.19.4",
      tarball: releasePackage(PREVIOUS_RELEASE),
    };
    program = installPackagedProgram(versions);
    program.writeTsconfig(PULUMI_TEMPLATE_TSCONFIG);
    emulator = await startEmulator({ preparingMs: 200 });
    t = await stackOf(program.dir, "12345");
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
      program?.remove();
    }
  });

  it("installs the committed package of that release, the same files a fresh build of it makes", function () {
    if (!hasCommit(PREVIOUS_RELEASE)) {
      // A shallow clone has no history to build from; the package itself is still tested below.
      assert.ok(fs.statSync(releasePackage(PREVIOUS_RELEASE)).size > 0);
      return;
    }
    const committed = packageFiles(releasePackage(PREVIOUS_RELEASE));
    const fresh = packageFiles(packRelease(PREVIOUS_RELEASE));
    assert.deepEqual([...committed.keys()], [...fresh.keys()]);
    const differ = [...committed].filter(
      ([name, bytes]) => !bytes.equals(fresh.get(name) ?? Buffer.alloc(0)),
    );
    assert.deepEqual(
      differ.map(([name]) => name),
      [],
    );
  });

  it("deploys a bot in an all-digit string room with the previous release", async () => {
    await t.stack.up({ color: "never" });
    const running = runningTasks(emulator);
    assert.equal(running.length, 1);
    assert.equal(running[0].roomId, "12345");
    assert.equal(running[0].roomIdType, 1, "the previous release inferred a string room");
  });

  it("previews as no change after the upgrade, keeping the bot and its room", async () => {
    program.install(current);
    emulator.clearRequests();
    const preview = await t.stack.preview({ color: "never" });
    assert.deepEqual(preview.changeSummary, { same: 2 });
    // The first in-place change, previewed before any `up` of the new release: 0.1.0 stored
    // agentConfig's defaults in the inputs, and the diff shows no removal of them.
    await t.stack.setConfig("packaged:updateInPlace", { value: "true" });
    await t.stack.setConfig("packaged:welcome", { value: "Welcome back!" });
    const change = await t.stack.preview({ color: "never", diff: true });
    assert.equal(change.changeSummary.update, 1, JSON.stringify(change.changeSummary));
    assert.match(change.stdout, /welcomeMessage/);
    const stored = [
      "maxIdleTime",
      "interruptMode",
      "interruptSpeechDuration",
      "turnDetectionMode",
      "filterOneWord",
      "welcomeMessagePriority",
      "defaultsApplied",
    ];
    for (const field of stored) {
      assert.doesNotMatch(change.stdout, new RegExp(`- +${field}`), `a removal of ${field}`);
    }
    await t.stack.removeConfig("packaged:updateInPlace");
    await t.stack.removeConfig("packaged:welcome");
    const up = await t.stack.up({ color: "never" });
    assert.deepEqual(up.summary.resourceChanges, { same: 2 });
    const running = runningTasks(emulator);
    assert.equal(running.length, 1);
    assert.equal(running[0].roomIdType, 1);
  });

  it("updates the upgraded bot in place", async () => {
    const [before] = runningTasks(emulator);
    await t.stack.setConfig("packaged:updateInPlace", { value: "true" });
    assert.deepEqual((await t.stack.preview({ color: "never" })).changeSummary, { same: 2 });
    await t.stack.setConfig("packaged:welcome", { value: "Welcome back!" });
    const up = await t.stack.up({ color: "never" });
    assert.equal(up.summary.resourceChanges?.update, 1);
    const [task] = runningTasks(emulator);
    assert.equal(task.taskId, before.taskId);
    assert.equal(task.welcomeMessage, "Welcome back!");
    assert.equal(task.updates, 1);
    assert.deepEqual((await t.stack.preview({ color: "never" })).changeSummary, { same: 2 });
  });

  it("refreshes and destroys the upgraded stack", async () => {
    const refresh = await t.stack.refresh({ color: "never" });
    assert.equal(refresh.summary.resourceChanges?.delete ?? 0, 0);
    await t.stack.destroy({ color: "never" });
    assert.equal(runningTasks(emulator).length, 0);
  });

  it("makes a new bot in that room say which room it means, at preview, with no API call", async () => {
    const fresh = await stackOf(program.dir, "12345");
    try {
      emulator.clearRequests();
      const failed = await fresh.stack.preview({ color: "never" }).then(
        () => "",
        (e: Error) => e.message,
      );
      assert.match(failed, /roomId "12345" is all digits/);
      assert.match(failed, /roomIdType: 0 for the numeric room/);
      assert.deepEqual(emulator.requests(), []);
    } finally {
      await fresh.dispose();
    }
  });
});
