import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as nodeTool from "../../scripts/node";
import { packagedLifecycle } from "../helpers/packaged-lifecycle";
import {
  floorOf,
  installPackagedProgram,
  PULUMI_TEMPLATE_TSCONFIG,
  type PackagedProgram,
  type ProgramVersions,
  repoPackage,
} from "../helpers/packaged";

const pkg = repoPackage();

/**
 * The oldest end of what package.json claims: its "engines" floor of Node.js and its peer floor
 * of @pulumi/pulumi, with the newest TypeScript that @pulumi/pulumi accepts (`< 6`).
 */
const OLDEST: ProgramVersions = {
  nodeLine: "compat",
  pulumi: floorOf(pkg.peerDependencies["@pulumi/pulumi"], "peerDependencies @pulumi/pulumi"),
  typescript: "5.9.3",
  typesNode: "20.19.43",
};

describe("the packed package in a user's program on the oldest claimed versions", function () {
  this.timeout(600_000);
  let program: PackagedProgram;
  let compatNode: string;

  before(() => {
    const bin = nodeTool.ensureNode("compat");
    compatNode = spawnSync(path.join(bin, "node"), ["--version"], {
      encoding: "utf8",
    }).stdout.trim();
    program = installPackagedProgram(OLDEST);
  });

  after(() => program?.remove());

  it("brings the Node.js that package.json's engines field starts at", () => {
    assert.equal(compatNode, `v${floorOf(pkg.engines.node, "engines.node")}`);
    assert.equal(nodeTool.LINES.compat.version, floorOf(pkg.engines.node, "engines.node"));
  });

  it(`Pulumi's template tsconfig type-checks with TypeScript ${OLDEST.typescript}`, () => {
    const res = program.tsc(PULUMI_TEMPLATE_TSCONFIG);
    assert.equal(res.status, 0, res.output);
  });

  // Type-checked as users' programs are: this leg is the package as users run it.
  packagedLifecycle(
    () => program,
    OLDEST,
    () => compatNode,
    { typeCheck: true },
  );
});
