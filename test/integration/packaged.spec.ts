import assert from "node:assert/strict";
import { packagedLifecycle } from "../helpers/packaged-lifecycle";
import {
  installPackagedProgram,
  PULUMI_TEMPLATE_TSCONFIG,
  type PackagedProgram,
  type ProgramVersions,
  repoPackage,
} from "../helpers/packaged";

const pkg = repoPackage();

/**
 * The newest toolchain a user can have: the dev line's Node.js, the @pulumi/pulumi this repository
 * develops with, and the newest TypeScript that @pulumi/pulumi accepts (`< 7`).
 */
const NEWEST: ProgramVersions = {
  nodeLine: "dev",
  pulumi: pkg.devDependencies["@pulumi/pulumi"],
  typescript: "6.0.3",
  typesNode: "24.19.4",
};

/** Pulumi's template tsconfig with the lasting fix for TypeScript 6 (what the README advises). */
const TSCONFIG_NODE16 = {
  ...PULUMI_TEMPLATE_TSCONFIG,
  compilerOptions: {
    ...PULUMI_TEMPLATE_TSCONFIG.compilerOptions,
    module: "node16",
    moduleResolution: "node16",
  },
};

describe("the packed package in a user's program on the newest toolchain", function () {
  this.timeout(600_000);
  let program: PackagedProgram;

  before(() => {
    program = installPackagedProgram(NEWEST);
  });

  after(() => program?.remove());

  it("runs the tests themselves on Node.js 22 or newer", () => {
    assert.ok(Number(process.versions.node.split(".")[0]) >= 22, process.version);
  });

  it(`Pulumi's template tsconfig fails on TypeScript ${NEWEST.typescript} with TS5107 (moduleResolution node10)`, () => {
    const res = program.tsc(PULUMI_TEMPLATE_TSCONFIG);
    assert.notEqual(res.status, 0);
    assert.match(res.output, /error TS5107: Option 'moduleResolution=node10' is deprecated/);
  });

  it('the template with "ignoreDeprecations": "6.0" type-checks', () => {
    const res = program.tsc({
      ...PULUMI_TEMPLATE_TSCONFIG,
      compilerOptions: { ...PULUMI_TEMPLATE_TSCONFIG.compilerOptions, ignoreDeprecations: "6.0" },
    });
    assert.equal(res.status, 0, res.output);
  });

  it('the template with "module" and "moduleResolution" "node16" type-checks', () => {
    const res = program.tsc(TSCONFIG_NODE16);
    assert.equal(res.status, 0, res.output);
    program.writeTsconfig(TSCONFIG_NODE16); // what the engine runs the program with below
  });

  // The test above type-checked this program with the same TypeScript and tsconfig, so the
  // engine runs it transpile-only; the compat leg runs its program type-checked, as users do.
  packagedLifecycle(
    () => program,
    NEWEST,
    () => process.version,
    { typeCheck: false },
  );
});
