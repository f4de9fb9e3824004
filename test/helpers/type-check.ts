/**
 * Type-checks a file of the test suite with the TypeScript compiler and this repository's
 * tsconfig.json, for tests whose guard is a type; and a folder of code a test generated, as a
 * user's project would ({@link typeCheckFolder}). Mocha may run with ts-node transpile-only
 * (`npm test` does, after `npm run typecheck`), so a guard that lives in a type is only checked at
 * run time when the test asks the compiler itself.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

const root = path.join(__dirname, "..", "..");

/** Programs already built, by file: one compile serves every test of a file. */
const programs = new Map<string, ts.Program>();

function programOf(file: string): ts.Program {
  const known = programs.get(file);
  if (known) return known;
  const configPath = path.join(root, "tsconfig.json");
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  const program = ts.createProgram({ rootNames: [file], options: { ...options, noEmit: true } });
  programs.set(file, program);
  return program;
}

/**
 * The type errors inside the declarations of the top-level constants `names` of `file`, each as
 * `line N: message`. Throws when one of the names is not declared there, so that a renamed guard
 * cannot pass by being looked for in vain.
 */
export function typeErrorsIn(file: string, names: string[]): string[] {
  const program = programOf(file);
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} is not in the program`);
  const ranges = new Map<string, [number, number]>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && names.includes(d.name.text)) {
        ranges.set(d.name.text, [statement.getStart(source), statement.getEnd()]);
      }
    }
  }
  const missing = names.filter((n) => !ranges.has(n));
  if (missing.length > 0) {
    throw new Error(`${path.relative(root, file)} declares no ${missing.join(", ")}`);
  }
  const inside = (pos: number) => [...ranges.values()].some(([a, b]) => pos >= a && pos < b);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
    .filter((d) => d.start !== undefined && inside(d.start))
    .map((d) => {
      const { line } = source.getLineAndCharacterOfPosition(d.start ?? 0);
      return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}

/** What `tsc` printed and how it exited, for {@link typeCheckFolder}. */
export interface TscResult {
  status: number | null;
  output: string;
}

/**
 * Type-checks `files` of `dir` strictly with this repository's TypeScript and `node_modules` (a
 * link in `dir`), resolving each module name of `paths` to the given files, as a user's project
 * that imports a generated SDK would (e.g. the code `pulumi import` printed). Writes `dir`'s
 * tsconfig.json and node_modules link.
 */
export function typeCheckFolder(
  dir: string,
  files: string[],
  paths: Record<string, string[]>,
): TscResult {
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: "commonjs",
        moduleResolution: "node",
        skipLibCheck: true,
        types: ["node"],
        baseUrl: ".",
        paths,
      },
      files,
    }),
  );
  const tsc = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", dir],
    { encoding: "utf8" },
  );
  return { status: tsc.status, output: `${tsc.stdout}${tsc.stderr}` };
}
