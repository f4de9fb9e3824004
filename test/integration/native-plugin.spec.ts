import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import * as engine from "../../scripts/engine";
import { emulatorStackConfig, runningTasks } from "../helpers/emulator";
import { createTestStack, stateResources, type TestStack } from "../helpers/pulumi";

const root = path.join(__dirname, "..", "..");
const programDir = path.join(__dirname, "fixtures", "native-installed");
const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  version: string;
};

/** Runs a command; resolves to its output, rejects with it on failure (asynchronous: the emulator answers from this process). */
function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(file, args, { cwd: root, env }, (err, stdout, stderr) =>
      err
        ? reject(new Error(`${file} ${args.join(" ")}: ${err.message}\n${stdout}\n${stderr}`))
        : resolve(`${stdout}${stderr}`),
    ),
  );
}

describe("the plugin tarball, installed with pulumi plugin install", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let t: TestStack;

  before(async () => {
    emulator = await startEmulator({ preparingMs: 200 });
    const { config, secretConfig } = emulatorStackConfig(emulator);
    t = await createTestStack({
      programDir,
      config: { ...config, "bot:appKey": "emulator-app-key", "bot:llmApiKey": "sk-native-plugin" },
      secretConfig,
    });
  });

  after(async () => {
    try {
      await t?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  it("packs into dist/plugin, installs into a fresh PULUMI_HOME, answers get-schema, and serves a program", async () => {
    // dist/ is built (the integration step builds first); this packs it as `npm run plugin` does.
    const packed = await run(process.execPath, ["scripts/plugin.js"], process.env);
    const target = `${process.platform === "win32" ? "windows" : process.platform}-${process.arch === "x64" ? "amd64" : process.arch}`;
    const tarball = path.join(
      root,
      "dist",
      "plugin",
      `pulumi-resource-trtc-v${version}-${target}.tar.gz`,
    );
    assert.ok(fs.existsSync(tarball), packed);

    const env = { ...process.env, ...t.env };
    const pulumi = path.join(engine.engineBinDir(), "pulumi");
    await run(pulumi, ["plugin", "install", "resource", "trtc", version, "--file", tarball], env);
    const installed = path.join(t.env.PULUMI_HOME, "plugins", `resource-trtc-v${version}`);
    assert.ok(
      fs.existsSync(path.join(installed, "pulumi-resource-trtc")),
      `not installed in ${installed}`,
    );
    assert.match(
      await run(pulumi, ["plugin", "ls"], env),
      new RegExp(`trtc\\s+resource\\s+${version.replace(/\./g, "\\.")}`),
    );

    const schema = JSON.parse(
      await run(
        pulumi,
        ["package", "get-schema", path.join(installed, "pulumi-resource-trtc")],
        env,
      ),
    ) as { name: string; version: string; resources: Record<string, unknown> };
    assert.equal(schema.name, "trtc");
    assert.equal(schema.version, version);
    assert.ok(schema.resources["trtc:index:AIConversation"], "the schema has no AIConversation");

    const up = await t.stack.up({ color: "never" });
    const taskId = (up.outputs.taskIds.value as Record<string, string>).bot;
    assert.deepEqual(
      runningTasks(emulator).map((x) => x.taskId),
      [taskId],
    );
    assert.equal((await stateResources(t.stack)).get("bot")?.type, "trtc:index:AIConversation");
    await t.stack.destroy({ color: "never" });
    assert.equal(runningTasks(emulator).length, 0);
  });
});
