/**
 * Renders the documented TypeScript Args of the dynamic resource (provider/args.generated.ts)
 * from the package model: the same interfaces, names and shapes resource.ts exports, with each
 * field's TSDoc taken from the field table.
 */
import type { ObjectModel, PackageModel, PropertyModel, Shape } from "./model";

/** The path of the generated file, from the repository root. */
export const ARGS_FILE = "provider/args.generated.ts";

/** Types the generated file imports, by the enum whose values they are. */
const IMPORTED_ENUMS: Readonly<Record<string, string>> = { Region: "./trtc/constants" };

/** The widest a line of the generated file gets before prettier (which leaves comments alone). */
const WIDTH = 100;

/** A TSDoc comment of `text` (and a `@default`), indented by `indent`, wrapped at WIDTH. */
function tsdoc(indent: string, text: string, defaultDoc?: string): string {
  if (text.includes("*/") || defaultDoc?.includes("*/")) {
    throw new Error(`A description may not contain "*/": ${text}`);
  }
  const full = defaultDoc === undefined ? text : `${text} @default ${defaultDoc}`;
  const single = `${indent}/** ${full} */`;
  if (single.length <= WIDTH && !full.includes("\n")) return single;
  const lines: string[] = [];
  const wrap = (paragraph: string) => {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (`${indent} * ${next}`.length > WIDTH && line) {
        lines.push(line);
        line = word;
      } else {
        line = next;
      }
    }
    if (line) lines.push(line);
  };
  wrap(text);
  if (defaultDoc !== undefined) wrap(`@default ${defaultDoc}`);
  return [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`), `${indent} */`].join("\n");
}

/** The TypeScript type of a value of `shape` (without the outer `pulumi.Input`). */
function tsType(shape: Shape, model: PackageModel): string {
  switch (shape.kind) {
    case "string":
    case "boolean":
    case "number":
      return shape.kind;
    case "integer":
      return "number";
    case "map":
      return "Record<string, unknown>";
    case "const":
      return JSON.stringify(shape.value);
    case "enum": {
      if (IMPORTED_ENUMS[shape.name]) return shape.name;
      const e = model.enums.find((x) => x.name === shape.name);
      if (!e) throw new Error(`No enum ${shape.name} in the model.`);
      return e.members.map((m) => JSON.stringify(m.value)).join(" | ");
    }
    case "union":
      return shape.options.map((o) => tsType(o, model)).join(" | ");
    case "array": {
      const items = shape.items;
      if (items.kind === "object") return `${tsType(items, model)}[]`;
      return `pulumi.Input<${tsType(items, model)}>[]`;
    }
    case "object": {
      const object = objectNamed(shape.name, model);
      if (object.args !== "inline") return object.args.name;
      const members = object.properties.map(
        (p) => `${p.name}${p.required ? "" : "?"}: ${tsType(p.shape, model)}`,
      );
      return `{ ${members.join("; ")} }`;
    }
    case "vendors": {
      const group = model.vendorGroups.find((g) => g.group === shape.group);
      if (!group) throw new Error(`No vendor group ${shape.group} in the model.`);
      return `${group.name}Args`;
    }
  }
}

/** The object type named `name`. */
function objectNamed(name: string, model: PackageModel): ObjectModel {
  const object = model.objects.find((o) => o.name === name);
  if (!object) throw new Error(`No object type ${name} in the model.`);
  return object;
}

/** One property of an Args interface, with its TSDoc. */
function propertyLines(p: PropertyModel, model: PackageModel): string {
  return [
    tsdoc("  ", p.description, p.default),
    `  ${p.name}${p.required ? "" : "?"}: pulumi.Input<${tsType(p.shape, model)}>;`,
  ].join("\n");
}

/** An exported interface. */
function interfaceOf(
  name: string,
  description: string,
  members: string[],
  extraKeys = false,
): string {
  const extra = extraKeys
    ? [
        "  /** Any further field the API documents, sent as written (e.g. a field newer than this package). */",
        "  [extra: string]: unknown;",
      ]
    : [];
  return [
    tsdoc("", description),
    `export interface ${name} {`,
    members.join("\n"),
    ...extra,
    "}",
  ].join("\n");
}

/** The Args interfaces of the vendors of one group, and the group's union type. */
function vendorArgs(group: PackageModel["vendorGroups"][number], model: PackageModel): string[] {
  const byArgs = new Map<string, ObjectModel[]>();
  for (const typeName of Object.values(group.vendors)) {
    const object = objectNamed(typeName, model);
    if (object.args === "inline") throw new Error(`${typeName} must have Args of its own.`);
    byArgs.set(object.args.name, [...(byArgs.get(object.args.name) ?? []), object]);
  }
  const out: string[] = [];
  for (const [argsName, objects] of byArgs) {
    const [first] = objects;
    const strip = (o: ObjectModel) => JSON.stringify(o.properties);
    if (objects.some((o) => strip(o) !== strip(first))) {
      throw new Error(`The vendors sharing ${argsName} must have the same fields in fields.ts.`);
    }
    const vendor = first.vendor;
    if (!vendor || first.args === "inline") throw new Error(`${first.name} is not a vendor type.`);
    const values = objects.map((o) => `\`${o.vendor?.value}\``).join(" or ");
    const typeKey = [
      tsdoc("  ", `${vendor.description.replace(/\.$/, "")}: ${values}.`),
      `  ${vendor.key}: pulumi.Input<${objects.map((o) => JSON.stringify(o.vendor?.value)).join(" | ")}>;`,
    ].join("\n");
    out.push(
      interfaceOf(
        argsName,
        first.args.description,
        [typeKey, ...first.properties.map((p) => propertyLines(p, model))],
        true,
      ),
    );
  }
  out.push(
    [
      tsdoc("", group.description),
      `export type ${group.name}Args = ${[...byArgs.keys()].join(" | ")};`,
    ].join("\n"),
  );
  return out;
}

/** The generated file's text (before prettier). */
export function renderArgs(model: PackageModel): string {
  const blocks: string[] = [];
  for (const object of model.objects) {
    if (object.args === "inline" || object.vendor) continue;
    blocks.push(
      interfaceOf(
        object.args.name,
        object.args.description,
        object.properties.map((p) => propertyLines(p, model)),
      ),
    );
  }
  for (const group of model.vendorGroups) blocks.push(...vendorArgs(group, model));
  blocks.push(
    interfaceOf(
      `${model.resource.name}Args`,
      model.resource.argsDescription,
      model.resource.inputs.map((p) => propertyLines(p, model)),
    ),
  );
  const imports = Object.entries(IMPORTED_ENUMS).map(
    ([name, from]) => `import type { ${name} } from "${from}";`,
  );
  return [
    "// Generated by scripts/schema.ts (`npm run schema`) from the field table in",
    "// provider/ai-conversation/fields.ts. Do not edit: change the table, then run `npm run schema`.",
    "/**",
    " * The documented inputs of the dynamic AIConversation resource (resource.ts re-exports them):",
    " * one interface per object type of the package schema (schema.json), from the same table.",
    " */",
    'import type * as pulumi from "@pulumi/pulumi";',
    ...imports,
    "",
    blocks.join("\n\n"),
    "",
  ].join("\n");
}
