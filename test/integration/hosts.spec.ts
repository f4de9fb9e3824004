import assert from "node:assert/strict";
import * as path from "node:path";
import type { OutputMap } from "@pulumi/pulumi/automation";
import { createTestStack, exportStackAsUser, type TestStack } from "../helpers/pulumi";
import { SECRET_SIG_KEY } from "../helpers/stack-results";
import {
  assertHostsBuilt,
  hostsEnvVars,
  pythonProgramCopy,
  type ProgramCopy,
} from "./hosts-programs";

const fixtures = path.join(__dirname, "fixtures", "hosts");
/** The secret each program reads from its stack config; it must never be in state or output. */
const TOKEN = "tok-hosts-5f2a9c71";

/** A program of one language, and how the test runs it. */
interface Language {
  /** The language, as in the test names. */
  name: string;
  /** The program's project name (its config keys are `<project>:name`, `<project>:token`). */
  project: string;
  /** The program folder to run (for Python, a copy made in `before`). */
  programDir(): string;
  /** Whether the program can be made to fail through `<project>:fail` (the YAML one cannot). */
  canFail: boolean;
  /** Whether the program exports dryRun (YAML has no such value). */
  exportsDryRun: boolean;
}

let pythonCopy: ProgramCopy | undefined;

const languages: Language[] = [
  {
    name: "Python (PyPI pulumi 3.272.0, the project's host)",
    project: "hosts-python",
    programDir: () => {
      pythonCopy ??= pythonProgramCopy(path.join(fixtures, "python"));
      return pythonCopy.dir;
    },
    canFail: true,
    exportsDryRun: true,
  },
  {
    name: "YAML (pulumi-yaml v1.25.0)",
    project: "hosts-yaml",
    programDir: () => path.join(fixtures, "yaml"),
    canFail: false,
    exportsDryRun: false,
  },
  {
    name: "Go (Go SDK v3.276.0, the project's host)",
    project: "hosts-go",
    programDir: () => path.join(fixtures, "go"),
    canFail: true,
    exportsDryRun: true,
  },
];

describe("language hosts for Python, YAML and Go programs", function () {
  // The first Go run compiles the Go SDK (about a minute on two cores, then Go's build cache);
  // the first Python run makes the kept virtualenv (pip, once per requirements).
  this.timeout(600_000);

  before(() => {
    assertHostsBuilt();
  });

  after(() => {
    pythonCopy?.remove();
  });

  for (const lang of languages) {
    describe(lang.name, () => {
      let t: TestStack | undefined;

      async function stack(extraConfig: Record<string, string> = {}): Promise<TestStack> {
        t = await createTestStack({
          programDir: lang.programDir(),
          config: { [`${lang.project}:name`]: "world", ...extraConfig },
          secretConfig: { [`${lang.project}:token`]: TOKEN },
          envVars: hostsEnvVars(),
        });
        return t;
      }

      afterEach(async () => {
        await t?.dispose();
        t = undefined;
      });

      it("previews, runs the program with its config and the run's settings, keeps the secret encrypted in state, and destroys", async () => {
        const s = await stack();
        const preview = await s.stack.preview({ color: "never" });
        assert.deepEqual(preview.changeSummary, { create: 1 }, preview.stdout);

        const up = await s.stack.up({ color: "never" });
        const expected: OutputMap = {
          greeting: { value: "hello, world", secret: false },
          token: { value: TOKEN, secret: true },
          stack: { value: s.stack.name, secret: false },
          project: { value: lang.project, secret: false },
          organization: { value: "organization", secret: false },
        };
        if (lang.exportsDryRun) expected.dryRun = { value: false, secret: false };
        assert.deepEqual(up.outputs, expected);
        assert.ok(!`${up.stdout}\n${up.stderr}`.includes(TOKEN), "the secret is in the output");

        const exported = exportStackAsUser(s, lang.programDir());
        assert.ok(!exported.includes(TOKEN), "the secret is in plaintext in state");
        assert.ok(exported.includes(SECRET_SIG_KEY), "state holds no encrypted value");

        const destroy = await s.stack.destroy({ color: "never" });
        assert.equal(destroy.summary.resourceChanges?.delete, 1);
      });

      if (lang.canFail) {
        it("reports the program's own error once, with no second error about its exit code", async () => {
          const s = await stack({ [`${lang.project}:fail`]: "true" });
          await assert.rejects(s.stack.preview({ color: "never" }), (e: Error) => {
            assert.match(e.message, /the program was asked to fail/);
            assert.doesNotMatch(e.message, /non-zero exit code/);
            return true;
          });
        });
      }
    });
  }

  describe("Python: the virtualenv of Pulumi.yaml", () => {
    it("refuses to run with a virtualenv that does not exist, saying how to make it", async () => {
      const copy = pythonProgramCopy(path.join(fixtures, "python"), { virtualenv: "no-such-venv" });
      let t: TestStack | undefined;
      try {
        t = await createTestStack({
          programDir: copy.dir,
          config: { "hosts-python:name": "world" },
          secretConfig: { "hosts-python:token": TOKEN },
          envVars: hostsEnvVars(),
        });
        const s = t;
        await assert.rejects(s.stack.preview({ color: "never" }), (e: Error) => {
          assert.match(e.message, /virtualenv option in Pulumi\.yaml is "no-such-venv"/);
          assert.match(e.message, /no-such-venv does not exist: run `pulumi install`/);
          return true;
        });
      } finally {
        await t?.dispose();
        copy.remove();
      }
    });
  });
});
