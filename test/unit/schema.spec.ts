/**
 * The package schema (schema.json) and the documented Args (provider/args.generated.ts), both
 * generated from the field table by `npm run schema`: committed as generated, and the schema
 * holds together (every reference resolves, every secret is marked, every field of the table is
 * there, every range is in a description). Pulumi's own binder is not run here (it needs a plugin
 * or Go); the SDK generation binds the same file.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import type { z } from "zod";
import {
  AGENT_FIELDS,
  GROUP_DOCS,
  LLM_VENDORS,
  SECRET_PATHS,
  START_FIELDS,
  STT_FIELDS,
  TTS_VENDORS,
  VENDOR_GROUP_DOCS,
  VENDOR_TYPE_KEYS,
  type FieldDoc,
  type FieldTable,
  type InputField,
} from "../../provider/ai-conversation/fields";
import { OUTPUT_DOCS, RECORDED_INPUTS, TASK_OUTPUTS } from "../../provider/outputs";
import { CONFIG_KEYS } from "../../provider/trtc/settings";
import { ROOT, generatedFiles } from "../../scripts/schema/files";
import { literalsOf, rangesOf } from "../../scripts/schema/model";

/** A JSON object of the schema. */
type Json = { [key: string]: unknown };

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8")) as Json;
const types = schema.types as Record<string, Json>;
const resource = (schema.resources as Record<string, Json>)["trtc:index:AIConversation"];

/** The properties of a type of the schema, by its name. */
function propertiesOf(name: string): Record<string, Json> {
  const type = types[`trtc:index:${name}`];
  assert.ok(type, `schema.json has no type trtc:index:${name}`);
  return type.properties as Record<string, Json>;
}

/** Every value under `value` whose key is `key`, with its JSON path. */
function collect(value: unknown, key: string, at = "$"): [string, unknown][] {
  if (value === null || typeof value !== "object") return [];
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === key) out.push([`${at}.${k}`, v]);
    out.push(...collect(v, key, `${at}.${k}`));
  }
  return out;
}

/** The schema types of a config group: its object type, or each vendor's. */
function groupTypes(group: string): string[] {
  if (group === "agentConfig" || group === "sttConfig") return [GROUP_DOCS[group].name];
  if (group === "llmConfig" || group === "ttsConfig") {
    return Object.values(VENDOR_GROUP_DOCS[group].vendors).map((v) => v.name);
  }
  throw new Error(`no config group ${group}`);
}

/** The vendor tables of a vendor group. */
function vendorTables(group: "llmConfig" | "ttsConfig"): Record<string, FieldTable> {
  return group === "llmConfig" ? LLM_VENDORS : TTS_VENDORS;
}

/** Every field of the table with its path: top level, groups, vendors and struct members. */
function everyField(): [string, FieldDoc & { rule: z.ZodType }][] {
  const out: [string, FieldDoc & { rule: z.ZodType }][] = [];
  const add = (prefix: string, table: FieldTable) => {
    for (const [key, field] of Object.entries(table) as [string, InputField][]) {
      out.push([`${prefix}${key}`, field]);
      if (!field.object) continue;
      const def = (field.rule as unknown as { _zod: { def: Json } })._zod.def;
      const object = (def.element as { _zod: { def: Json } } | undefined)?._zod.def ?? def;
      for (const [member, rule] of Object.entries(object.shape as Record<string, z.ZodType>)) {
        out.push([`${prefix}${key}.${member}`, { ...field.object.members[member], rule }]);
      }
    }
  };
  add("", START_FIELDS);
  add("agentConfig.", AGENT_FIELDS);
  add("sttConfig.", STT_FIELDS);
  for (const group of ["llmConfig", "ttsConfig"] as const) {
    for (const [vendor, table] of Object.entries(vendorTables(group))) {
      add(`${group}[${vendor}].`, table);
    }
  }
  return out;
}

describe("the package schema and the documented Args", function () {
  // The first test loads prettier and renders both files (a few seconds on a loaded machine).
  this.timeout(60_000);

  it("are what `npm run schema` writes from the field table, byte for byte", async () => {
    for (const [file, text] of Object.entries(await generatedFiles())) {
      const committed = fs.readFileSync(path.join(ROOT, file), "utf8");
      assert.ok(
        committed === text,
        `${file} is stale: it differs from what the field table (provider/ai-conversation/fields.ts) makes. Run \`npm run schema\` and commit the result.`,
      );
    }
  });

  it("is package trtc at package.json's version, with its plugin's download URL and SDK names", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Json;
    assert.equal(schema.name, "trtc");
    assert.equal(schema.version, pkg.version);
    assert.equal(schema.license, pkg.license);
    assert.match(
      String(schema.pluginDownloadURL),
      /^github:\/\/api\.github\.com\/[\w-]+\/pulumi-trtc$/,
    );
    const language = schema.language as Record<string, Json>;
    assert.equal(language.python.packageName, "pulumi_trtc");
    assert.match(String(language.go.importBasePath), /\/sdk\/go\/trtc$/);
    assert.equal(typeof language.nodejs.packageName, "string");
    assert.deepEqual(Object.keys(schema.resources as Json), ["trtc:index:AIConversation"]);
  });

  it("resolves every $ref to a type in `types` (or to pulumi.json#/Any)", () => {
    const refs = collect(schema, "$ref");
    assert.ok(refs.length > 30);
    for (const [at, ref] of refs) {
      if (ref === "pulumi.json#/Any") continue;
      const match = /^#\/types\/(.+)$/.exec(String(ref));
      assert.ok(match && types[match[1]], `${at}: ${String(ref)} names no type in types`);
    }
    for (const [at, mapping] of collect(schema, "mapping")) {
      for (const ref of Object.values(mapping as Json)) {
        assert.ok(types[String(ref).replace("#/types/", "")], `${at}: ${String(ref)}`);
      }
    }
  });

  it("marks every secret path of the table secret, and nothing else", () => {
    const marked = new Set<string>();
    for (const group of ["agentConfig", "sttConfig", "llmConfig", "ttsConfig"]) {
      for (const name of groupTypes(group)) {
        for (const [key, spec] of Object.entries(propertiesOf(name))) {
          if (spec.secret === true) marked.add(`${group}.${key}`);
        }
      }
    }
    assert.deepEqual([...marked].sort(), [...SECRET_PATHS].sort());
    // And in each vendor that has a secret key, that vendor's type marks it.
    for (const group of ["llmConfig", "ttsConfig"] as const) {
      for (const [vendor, table] of Object.entries(vendorTables(group))) {
        const name = (VENDOR_GROUP_DOCS[group].vendors as Record<string, { name: string }>)[vendor]
          .name;
        for (const [key, field] of Object.entries(table)) {
          assert.equal(
            propertiesOf(name)[key].secret === true,
            field.secret === true,
            `${name}.${key}`,
          );
        }
      }
    }
    const variables = (schema.config as Json).variables as Record<string, Json>;
    assert.equal(variables.secretKey.secret, true);
    assert.equal(variables.securityToken.secret, true);
    assert.equal(variables.secretId.secret, undefined);
    assert.equal(collect(resource, "secret").length, 0, "no top-level input is secret itself");
  });

  it("names only properties that exist as required", () => {
    const inputs = resource.inputProperties as Json;
    const properties = resource.properties as Json;
    for (const name of resource.requiredInputs as string[]) assert.ok(name in inputs, name);
    for (const name of resource.required as string[]) assert.ok(name in properties, name);
    for (const [name, type] of Object.entries(types)) {
      for (const key of (type.required as string[] | undefined) ?? []) {
        assert.ok(key in (type.properties as Json), `${name}: required ${key} is no property`);
      }
    }
    assert.deepEqual(resource.requiredInputs, [
      "agentConfig",
      "llmConfig",
      "roomId",
      "sdkAppId",
      "ttsConfig",
    ]);
  });

  it("has every field of the table, every output and every provider config key", () => {
    assert.deepEqual(
      Object.keys(resource.inputProperties as Json).sort(),
      Object.keys(START_FIELDS).sort(),
    );
    assert.deepEqual(
      Object.keys(resource.properties as Json).sort(),
      // The outputs state records: the task's facts and the inputs that identify the bot.
      [...new Set([...RECORDED_INPUTS, ...Object.keys(OUTPUT_DOCS)])].sort(),
    );
    for (const key of TASK_OUTPUTS) assert.ok(key in (resource.properties as Json), key);
    assert.deepEqual(
      Object.keys(propertiesOf("AgentConfig")).sort(),
      Object.keys(AGENT_FIELDS).sort(),
    );
    assert.deepEqual(Object.keys(propertiesOf("SttConfig")).sort(), Object.keys(STT_FIELDS).sort());
    for (const group of ["llmConfig", "ttsConfig"] as const) {
      const docs = VENDOR_GROUP_DOCS[group].vendors as Record<string, { name: string }>;
      const tables = vendorTables(group);
      assert.deepEqual(Object.keys(docs).sort(), Object.keys(tables).sort());
      const key = VENDOR_TYPE_KEYS[group].key;
      const union = (resource.inputProperties as Record<string, Json>)[group];
      const mapping = (union.discriminator as Json).mapping as Json;
      for (const [vendor, table] of Object.entries(tables)) {
        const props = propertiesOf(docs[vendor].name);
        assert.deepEqual(Object.keys(props).sort(), [...Object.keys(table), key].sort());
        // A required string naming its one value, not a `const`: `pulumi import` writes "" for
        // it in the code of an imported bot, which Pulumi's binder refuses for a `const`.
        assert.equal(props[key].type, "string");
        assert.equal(props[key].const, undefined);
        assert.match(props[key].description as string, new RegExp(`: \`${vendor}\`\\.$`));
        assert.ok((types[`trtc:index:${docs[vendor].name}`].required as string[]).includes(key));
        assert.equal(mapping[vendor], `#/types/trtc:index:${docs[vendor].name}`);
      }
    }
    const structs: [string, string, InputField][] = Object.entries(AGENT_FIELDS)
      .filter(([, f]) => "object" in f)
      .map(([k, f]) => [k, (f as InputField).object?.name ?? "", f as InputField]);
    for (const [key, name, field] of structs) {
      assert.deepEqual(
        Object.keys(propertiesOf(name)).sort(),
        Object.keys(field.struct ?? {}).sort(),
        key,
      );
    }
    const variables = (schema.config as Json).variables as Json;
    assert.deepEqual(Object.keys(variables).sort(), [...CONFIG_KEYS].sort());
    assert.deepEqual((schema.provider as Json).inputProperties, variables);
  });

  it("makes an enum of each literal-valued field, with the table's values", () => {
    let enums = 0;
    for (const [at, field] of everyField()) {
      const values = literalsOf(field.rule);
      if (!values) continue;
      assert.ok(field.enum, `${at} has literal values but no enum in the table`);
      const type = types[`trtc:index:${field.enum.name}`];
      assert.deepEqual(
        (type.enum as { value: unknown }[]).map((m) => m.value),
        values,
        at,
      );
      enums++;
    }
    assert.ok(enums >= 13);
  });

  it("writes every range the table checks into the field's description (the schema has no min/max)", () => {
    const numbersIn = (text: string) =>
      (text.replace(/−/g, "-").match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
    let ranges = 0;
    for (const [at, field] of everyField()) {
      for (const { min, max } of rangesOf(field.rule)) {
        const numbers = numbersIn(field.description);
        assert.ok(numbers.includes(min), `${at}: the description does not say the minimum ${min}`);
        if (max < Number.MAX_SAFE_INTEGER) {
          assert.ok(
            numbers.includes(max),
            `${at}: the description does not say the maximum ${max}`,
          );
        }
        ranges++;
      }
    }
    assert.ok(ranges >= 25, `only ${ranges} ranges found`);
  });

  it("has no replaceOnChanges: replacement depends on updateInPlace, as the description says", () => {
    assert.equal(collect(schema, "replaceOnChanges").length, 0);
    assert.match(String(resource.description), /updateInPlace/);
  });

  it("puts every environment fallback of the provider's settings into defaultInfo", () => {
    const variables = (schema.config as Json).variables as Record<string, Json>;
    const settings = fs.readFileSync(path.join(ROOT, "provider/trtc/settings.ts"), "utf8");
    for (const [key, spec] of Object.entries(variables)) {
      const environment = ((spec.defaultInfo as Json | undefined)?.environment ?? []) as string[];
      for (const name of environment)
        assert.ok(settings.includes(`env.${name}`), `${key}: ${name}`);
    }
    assert.deepEqual((variables.secretId.defaultInfo as Json).environment, [
      "TENCENTCLOUD_SECRET_ID",
    ]);
    assert.deepEqual((variables.region.defaultInfo as Json).environment, ["TENCENTCLOUD_REGION"]);
  });
});

describe("resource.ts", () => {
  /** resource.ts, parsed. */
  const source = ts.createSourceFile(
    "resource.ts",
    fs.readFileSync(path.join(ROOT, "provider/resource.ts"), "utf8"),
    ts.ScriptTarget.ES2022,
    true,
  );

  it("declares no Args of its own: it re-exports the generated ones", () => {
    const declared = source.statements
      .filter((s) => ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s))
      .map((s) => (s as ts.InterfaceDeclaration | ts.TypeAliasDeclaration).name.text)
      .filter((name) => name.endsWith("Args"));
    assert.deepEqual(declared, []);
    assert.match(source.text, /from "\.\/args\.generated"/);
  });

  it("documents each output of the class as the outputs' one description (provider/outputs.ts)", () => {
    const docs: Record<string, string> = {};
    const visit = (node: ts.Node) => {
      if (ts.isClassDeclaration(node) && node.name?.text === "AIConversation") {
        for (const member of node.members) {
          if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) continue;
          const comment = ts
            .getJSDocCommentsAndTags(member)
            .filter(ts.isJSDoc)
            .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
            .join(" ");
          docs[member.name.text] = comment.replace(/\s+/g, " ").trim();
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    for (const [key, doc] of Object.entries(OUTPUT_DOCS)) {
      assert.equal(docs[key], doc.description, `AIConversation.${key}'s TSDoc`);
    }
  });
});
