/**
 * The Go build helper's stamp (scripts/go-build.js), on a tiny module of its own: a second build
 * with the same sources does nothing, and editing, adding or renaming a source file of the
 * package rebuilds it — the way the language host and gensdk are rebuilt when their sources change.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildGoTool, goSources } from "../../scripts/go-build";
import * as engine from "../../scripts/engine";

describe("the Go build helper's stamp", function () {
  // Each build compiles a two-file program (the standard library is in Go's build cache).
  this.timeout(120_000);
  let dir: string;
  let logs: string[];

  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const build = () =>
    buildGoTool({
      tool: "tiny",
      moduleDir: dir,
      inputs: ["go.mod", "go.sum", ...goSources(dir, "tiny")],
      outDir: path.join(dir, "out", "bin"),
      tags: "osusergo",
      binaries: [{ name: "tiny", pkg: "./tiny" }],
      log: (msg) => logs.push(msg),
    });
  const runTiny = () =>
    execFileSync(path.join(dir, "out", "bin", "tiny"), { encoding: "utf8" }).trim();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "go-build-spec-"));
    logs = [];
    write("go.mod", "module example.invalid/tiny\n\ngo 1.22\n");
    write("go.sum", "");
    write(
      "tiny/main.go",
      'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(greeting()) }\n',
    );
    write("tiny/greeting.go", 'package main\n\nfunc greeting() string { return "one" }\n');
    write("tiny/greeting_test.go", "package main\n");
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists a package folder's sources, sorted, without its tests", () => {
    assert.deepEqual(goSources(dir, "tiny"), [
      path.join("tiny", "greeting.go"),
      path.join("tiny", "main.go"),
    ]);
  });

  it("builds once, then is up to date until a source of the package changes or is added", () => {
    build();
    assert.equal(runTiny(), "one");
    assert.ok(
      logs.some((l) => /^tiny built in/.test(l)),
      logs.join("\n"),
    );

    logs = [];
    build();
    assert.deepEqual(
      logs.filter((l) => /built in|up to date/.test(l)),
      [`tiny is up to date in ${path.join(dir, "out", "bin")}`],
    );

    logs = [];
    write("tiny/greeting.go", 'package main\n\nfunc greeting() string { return "two" }\n');
    build();
    assert.equal(runTiny(), "two");

    logs = [];
    fs.rmSync(path.join(dir, "tiny", "greeting.go"));
    write("tiny/hello.go", 'package main\n\nfunc greeting() string { return "two" }\n');
    build();
    assert.ok(
      logs.some((l) => /^tiny built in/.test(l)),
      "a renamed file with the same content rebuilds",
    );
    assert.equal(runTiny(), "two");
  });

  it("rebuilds the engine's language host and gensdk from every source of their folders", () => {
    const moduleDir = path.join(__dirname, "..", "..", "scripts", "engine");
    const host = goSources(moduleDir, "langhost");
    for (const f of ["main.go", "codegen.go", "runplugin.go"]) {
      assert.ok(host.includes(path.join("langhost", f)), `${f} is not a build input: ${host}`);
    }
    assert.deepEqual(goSources(moduleDir, "gensdk"), [path.join("gensdk", "main.go")]);
    assert.equal(typeof engine.ensureGensdk, "function");
  });
});
