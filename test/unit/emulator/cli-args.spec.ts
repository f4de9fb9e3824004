import assert from "node:assert/strict";
import { parseArgs, USAGE } from "../../../emulator/cli-args";

describe("emulator command line", () => {
  it("defaults to port 8787 with per-request logging", () => {
    assert.deepEqual(parseArgs([]), {
      help: false,
      options: { port: 8787, quiet: false },
      sources: { secretKey: "default" },
    });
  });

  it("parses the site, key, denial and task-rule flags", () => {
    const parsed = parseArgs([
      "--site",
      "china",
      "--key",
      "AKID2=secret2@100001",
      "--key=AKID3=secret3",
      "--temp-key",
      "AKID4=secret4:sts-token",
      "--deny",
      "AKID2:Stop",
      "--deny=AKID3:1400000000",
      "--dedupe",
      "room-bot",
      "--stopped-cleanup-ms",
      "3000",
      "--describe-shape",
      "china-example",
      "--max-tasks",
      "10",
      "--visible-after-ms",
      "1500",
      "--not-allowed",
      "1400000001",
      "--not-allowed=1400000002",
    ]);
    assert.deepEqual(parsed, {
      help: false,
      options: {
        port: 8787,
        quiet: false,
        site: "china",
        keys: [
          { secretId: "AKID2", secretKey: "secret2", account: "100001" },
          { secretId: "AKID3", secretKey: "secret3" },
          { secretId: "AKID4", secretKey: "secret4", token: "sts-token" },
        ],
        deny: ["AKID2:Stop", "AKID3:1400000000"],
        dedupe: "room-bot",
        stoppedCleanupMs: 3000,
        describeShape: "china-example",
        maxTasks: 10,
        visibleAfterMs: 1500,
        notAllowed: [1400000001, 1400000002],
      },
      sources: { secretKey: "default" },
    });
  });

  it("lists --visible-after-ms and --not-allowed in the usage text", () => {
    assert.match(USAGE, /--visible-after-ms N {10}Describe answers FailedOperation\.TaskNotExist/);
    assert.match(
      USAGE,
      /--not-allowed SDKAPPID {8}Start for that app answers FailedOperation\.NotAllowed/,
    );
  });

  it("names the allowed values of a bad --site, --dedupe or --describe-shape, and the form of a bad key", () => {
    assert.throws(
      () => parseArgs(["--site", "eu"]),
      /Invalid value for --site: "eu"\. Allowed values are: intl, china\./,
    );
    assert.throws(() => parseArgs(["--dedupe", "room"]), /Allowed values are: session, room-bot\./);
    assert.throws(
      () => parseArgs(["--describe-shape", "x"]),
      /Allowed values are: sdk-model, china-example\./,
    );
    assert.throws(() => parseArgs(["--temp-key", "AKID=secret"]), /Use ID=SECRET:TOKEN/);
    assert.throws(() => parseArgs(["--key", "AKID"]), /Use ID=SECRET\[@ACCOUNT\]/);
  });

  it("parses every flag in both --flag value and --flag=value forms", () => {
    const parsed = parseArgs([
      "--port",
      "0",
      "--host=0.0.0.0",
      "--state",
      "/tmp/s.json",
      "--secret-id",
      "AKID1",
      "--secret-key=KEY1",
      "--token",
      "tok",
      "--app",
      "1400000001=k1",
      "--app=1400000002=k=2",
      "--rate",
      "Start=50",
      "--rate",
      "ControlAIConversation=0",
      "--preparing-ms",
      "0",
      "--stopped-retention-seconds",
      "5",
      "--quiet",
    ]);
    assert.deepEqual(parsed, {
      help: false,
      options: {
        port: 0,
        host: "0.0.0.0",
        statePath: "/tmp/s.json",
        secretId: "AKID1",
        secretKey: "KEY1",
        token: "tok",
        apps: { "1400000001": "k1", "1400000002": "k=2" },
        rates: { StartAIConversation: 50, ControlAIConversation: 0 },
        preparingMs: 0,
        stoppedRetentionSeconds: 5,
        quiet: true,
      },
      sources: { secretKey: "--secret-key", token: "--token" },
    });
  });

  it("reads credentials from the environment, flags winning", () => {
    const env = { TRTC_EMULATOR_SECRET_ID: "AKIDENV", TRTC_EMULATOR_SECRET_KEY: "envkey" };
    const fromEnv = parseArgs([], env);
    assert.ok(!fromEnv.help);
    assert.equal(fromEnv.options.secretId, "AKIDENV");
    assert.equal(fromEnv.options.secretKey, "envkey");
    assert.deepEqual(fromEnv.sources, { secretKey: "TRTC_EMULATOR_SECRET_KEY" });
    const fromFlag = parseArgs(["--secret-id", "AKIDFLAG"], env);
    assert.ok(!fromFlag.help);
    assert.equal(fromFlag.options.secretId, "AKIDFLAG");
    const tokens = parseArgs(["--secret-key=KEYFLAG"], { ...env, TRTC_EMULATOR_TOKEN: "tok" });
    assert.ok(!tokens.help);
    assert.deepEqual(tokens.sources, { secretKey: "--secret-key", token: "TRTC_EMULATOR_TOKEN" });
    assert.equal(tokens.options.secretKey, "KEYFLAG");
  });

  it("never repeats a value that may hold a secret in an error", () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ["--app", "MARKER"],
        /^Error: Invalid value for --app \(the value is not shown: it may hold a secret\)\. Use SDKAPPID=KEY\.$/,
      ],
      [
        ["--app=1400000001="],
        /^Error: Invalid value for --app 1400000001: the UserSig key is empty\. Use SDKAPPID=KEY\.$/,
      ],
      [
        ["--key", "AKID1=MARKER@"],
        /^Error: Invalid value for --key for SecretId AKID1\. Use ID=SECRET\[@ACCOUNT\]\.$/,
      ],
      [
        ["--key", "MARKER"],
        /^Error: Invalid value for --key \(the value is not shown: it may hold a secret\)\. Use ID=SECRET\[@ACCOUNT\]\.$/,
      ],
      [
        ["--temp-key", "AKID1=MARKER"],
        /^Error: Invalid value for --temp-key for SecretId AKID1\. Use ID=SECRET:TOKEN\.$/,
      ],
      [
        ["--temp-key=AKID1=MARKER:"],
        /^Error: Invalid value for --temp-key for SecretId AKID1\. Use ID=SECRET:TOKEN\.$/,
      ],
      [["--secret-kye=MARKER"], /^Error: Unknown flag: --secret-kye\.\n/],
      [
        ["--secret-key", "a", "MARKER"],
        /^Error: Unexpected argument at position 3 \(the value is not shown: it may hold a secret\): every argument is a --flag or a flag's value\.\n/,
      ],
    ];
    for (const [argv, message] of cases) {
      assert.throws(
        () => parseArgs(argv),
        (error: Error) => {
          assert.match(String(error), message);
          assert.doesNotMatch(error.message, /MARKER/, argv.join(" "));
          return true;
        },
      );
    }
  });

  it("explains bad flags", () => {
    assert.throws(
      () => parseArgs(["--port", "abc"]),
      /Invalid value for --port: "abc"\. Use a number\./,
    );
    assert.throws(() => parseArgs(["--rate", "Shout=1"]), /Invalid action in --rate: Shout/);
    assert.throws(
      () => parseArgs(["--rate", "Start"]),
      /Invalid value for --rate: "Start"\. Use NAME=VALUE\./,
    );
    assert.throws(
      () => parseArgs(["--visible-after-ms", "soon"]),
      /^Error: Invalid value for --visible-after-ms: "soon"\. Use a number\.$/,
    );
    assert.throws(
      () => parseArgs(["--not-allowed", "1400000000.5"]),
      /^Error: Invalid value for --not-allowed: "1400000000\.5"\. Use a number\.$/,
    );
    assert.throws(() => parseArgs(["--not-allowed"]), /--not-allowed needs a value/);
    assert.throws(() => parseArgs(["--port"]), /--port needs a value/);
    assert.throws(() => parseArgs(["--verbose"]), /Unknown flag: --verbose/);
  });

  it("asks for help", () => {
    assert.deepEqual(parseArgs(["--help"]), { help: true });
  });
});
