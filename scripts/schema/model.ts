/**
 * The package's model, read from the field table (provider/ai-conversation/fields.ts): every
 * input, output, object type and enum with its documentation and its shape. The zod rules say
 * the shapes (read through zod's own definitions); the table's docs say the names and the
 * descriptions. The TypeScript Args (args.ts) and the package schema (package-schema.ts) are both
 * rendered from this one model.
 */
import type { z } from "zod";
import {
  AGENT_FIELDS,
  GROUP_DOCS,
  LLM_VENDORS,
  RESOURCE_DOC,
  START_FIELDS,
  STT_FIELDS,
  TTS_VENDORS,
  VENDOR_GROUP_DOCS,
  VENDOR_TYPE_KEYS,
  type EnumDoc,
  type FieldDoc,
  type FieldTable,
  type InputField,
  type ObjectDoc,
  type VendorDoc,
} from "../../provider/ai-conversation/fields";
import { OUTPUT_DOCS, type OutputDoc } from "../../provider/outputs";
import { CONFIG_DOCS, type ConfigKeyDoc } from "../../provider/trtc/config-docs";

/** The shape of a value. */
export type Shape =
  | { readonly kind: "string" | "integer" | "number" | "boolean" | "map" }
  | { readonly kind: "enum"; readonly name: string }
  | { readonly kind: "const"; readonly value: string }
  | { readonly kind: "union"; readonly options: readonly Shape[] }
  | { readonly kind: "array"; readonly items: Shape }
  | { readonly kind: "object"; readonly name: string }
  | { readonly kind: "vendors"; readonly group: keyof typeof VENDOR_GROUP_DOCS };

/** One property of the resource or of an object type. */
export interface PropertyModel {
  /** Its key. */
  readonly name: string;
  /** Its dot path from the resource's inputs (`agentConfig.ambientSound.scene`), for messages. */
  readonly path: string;
  readonly description: string;
  /** Its default in words (`@default` in TSDoc, "Default: …" in the schema). */
  readonly default?: string;
  readonly required: boolean;
  readonly secret: boolean;
  readonly shape: Shape;
}

/** One object type. */
export interface ObjectModel {
  /** The schema type's name (`trtc:index:<name>`). */
  readonly name: string;
  readonly description: string;
  readonly properties: readonly PropertyModel[];
  /**
   * The TypeScript Args interface: its name and description, or `inline` for an object that is
   * the item of an array (written as a plain object type, as the Args always had it).
   */
  readonly args: { readonly name: string; readonly description: string } | "inline";
  /** For a vendor config: the discriminator key, its value and its description. */
  readonly vendor?: { readonly key: string; readonly value: string; readonly description: string };
}

/** One enum type. */
export interface EnumModel {
  readonly name: string;
  readonly description: string;
  readonly type: "string" | "integer";
  readonly members: readonly { readonly value: string | number; readonly name?: string }[];
}

/** A vendor config group: one object type per vendor. */
export interface VendorGroupModel {
  readonly group: keyof typeof VENDOR_GROUP_DOCS;
  /** The schema's name for the group (its union has no type of its own there). */
  readonly name: string;
  readonly description: string;
  /** The discriminator key (`llmType`, `ttsType`). */
  readonly key: string;
  /** Vendor type value → its object type's name. */
  readonly vendors: Readonly<Record<string, string>>;
}

/** One provider configuration key. */
export interface ConfigModel extends ConfigKeyDoc {
  readonly name: string;
}

/** Everything the package has. */
export interface PackageModel {
  readonly resource: {
    readonly name: string;
    readonly description: string;
    readonly argsDescription: string;
    readonly inputs: readonly PropertyModel[];
    /** Outputs beyond the inputs (`sessionId`, an input too, is here as an output). */
    readonly outputs: readonly (OutputDoc & { readonly name: string })[];
  };
  readonly objects: readonly ObjectModel[];
  readonly enums: readonly EnumModel[];
  readonly vendorGroups: readonly VendorGroupModel[];
  readonly config: readonly ConfigModel[];
}

/** zod's definition of a rule, as far as the model reads it. */
interface RuleDef {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly format?: string } } }[];
  readonly options?: readonly z.ZodType[];
  readonly values?: readonly (string | number)[];
  readonly element?: z.ZodType;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly innerType?: z.ZodType;
}

/** The definition zod keeps of a rule (zod 4's `_zod.def`). */
function defOf(rule: z.ZodType): RuleDef {
  return (rule as unknown as { _zod: { def: RuleDef } })._zod.def;
}

/** The literal values of a rule that is a union of literals (`oneOf`), else undefined. */
export function literalsOf(rule: z.ZodType): (string | number)[] | undefined {
  const def = defOf(rule);
  if (def.type !== "union" || !def.options) return undefined;
  const values: (string | number)[] = [];
  for (const option of def.options) {
    const o = defOf(option);
    if (o.type !== "literal" || !o.values) return undefined;
    values.push(...o.values);
  }
  return values;
}

/**
 * The numeric ranges a rule checks (`intIn`, `numberIn`, also inside a union), read from its own
 * error message for a value below every range ("Allowed range is 1 to 86400 seconds.").
 */
export function rangesOf(rule: z.ZodType): { min: number; max: number }[] {
  const def = defOf(rule);
  if (def.type === "optional" && def.innerType) return rangesOf(def.innerType);
  if (def.type === "union" && def.options) return def.options.flatMap(rangesOf);
  if (def.type !== "number") return [];
  const result = rule.safeParse(-Number.MAX_SAFE_INTEGER);
  const message = result.success ? "" : (result.error.issues[0]?.message ?? "");
  const match = /^Allowed range is (-?[\d.]+) to (-?[\d.]+)/.exec(message);
  return match ? [{ min: Number(match[1]), max: Number(match[2]) }] : [];
}

/** Collects the object types and enums the shapes refer to, by name (one definition each). */
class Types {
  readonly objects = new Map<string, ObjectModel>();
  readonly enums = new Map<string, EnumModel>();

  /** Adds an object type; the same one again (a field vendors share) is one type. */
  addObject(model: ObjectModel): void {
    if (!this.isNew(model)) return;
    this.objects.set(model.name, model);
  }

  /** Adds an enum type; the same one again is one type. */
  addEnum(model: EnumModel): void {
    if (!this.isNew(model)) return;
    this.enums.set(model.name, model);
  }

  /** Whether no type has this name yet; throws when another, different type has it. */
  private isNew(model: ObjectModel | EnumModel): boolean {
    const known = this.objects.get(model.name) ?? this.enums.get(model.name);
    if (!known) return true;
    if (JSON.stringify(withoutPaths(known)) === JSON.stringify(withoutPaths(model))) return false;
    throw new Error(
      `Two different types of the package are named ${model.name}: rename one in fields.ts.`,
    );
  }
}

/** A type's model without its properties' paths (which differ where vendors share a field). */
function withoutPaths(model: ObjectModel | EnumModel): unknown {
  return "properties" in model
    ? { ...model, properties: model.properties.map(({ path: _path, ...p }) => p) }
    : model;
}

/** The enum model of a literal-valued field. */
function enumOf(
  path: string,
  values: (string | number)[],
  doc: FieldDoc,
  enumDoc: EnumDoc | undefined,
): EnumModel {
  if (!enumDoc) {
    throw new Error(`${path} takes a set of values but has no \`enum\` in fields.ts: name it.`);
  }
  const type = values.every((v) => typeof v === "string")
    ? "string"
    : values.every((v) => Number.isInteger(v))
      ? "integer"
      : undefined;
  if (!type) throw new Error(`${path}: an enum's values must be all strings or all integers.`);
  const members = values.map((value) => {
    const name = enumDoc.members?.[String(value)];
    if (type === "integer" && !name) {
      throw new Error(`${path}: enum ${enumDoc.name} needs a member name for ${value}.`);
    }
    return name ? { value, name } : { value };
  });
  return { name: enumDoc.name, description: doc.description, type, members };
}

/** The shape of a rule; object and enum types it names are added to `types`. */
function shapeOf(
  path: string,
  rule: z.ZodType,
  doc: FieldDoc & { readonly object?: ObjectDoc },
  types: Types,
): Shape {
  const def = defOf(rule);
  const literals = literalsOf(rule);
  if (literals) {
    const model = enumOf(path, literals, doc, doc.enum);
    types.addEnum(model);
    return { kind: "enum", name: model.name };
  }
  switch (def.type) {
    case "optional":
      return shapeOf(path, def.innerType as z.ZodType, doc, types);
    case "string":
    case "boolean":
      return { kind: def.type };
    case "number": {
      const integer = (def.checks ?? []).some((c) => /int/.test(c._zod.def.format ?? ""));
      return { kind: integer ? "integer" : "number" };
    }
    case "record":
      return { kind: "map" };
    case "union":
      return {
        kind: "union",
        options: (def.options ?? []).map((o) => shapeOf(path, o, doc, types)),
      };
    case "array": {
      const items = shapeOf(path, def.element as z.ZodType, doc, types);
      return { kind: "array", items };
    }
    case "object": {
      const object = doc.object;
      if (!object) throw new Error(`${path} is an object but has no \`object\` in fields.ts.`);
      const inline = path.endsWith("]");
      types.addObject({
        name: object.name,
        description: object.description,
        args: inline ? "inline" : { name: `${object.name}Args`, description: object.description },
        properties: Object.entries(def.shape ?? {}).map(([key, member]) => {
          const memberDoc = object.members[key];
          if (!memberDoc) throw new Error(`${path}.${key} has no documentation in fields.ts.`);
          const memberPath = `${path.replace(/\[\]$/, "")}.${key}`;
          return {
            name: key,
            path: memberPath,
            description: memberDoc.description,
            default: memberDoc.defaultDoc,
            required: defOf(member).type !== "optional",
            secret: false,
            shape: shapeOf(memberPath, member, memberDoc, types),
          };
        }),
      });
      return { kind: "object", name: object.name };
    }
    default:
      throw new Error(`${path}: no package shape for a zod ${def.type} rule.`);
  }
}

/** The property of one table field. */
function propertyOf(
  path: string,
  key: string,
  field: InputField,
  types: Types,
  shape?: Shape,
): PropertyModel {
  const isArray = defOf(field.rule).type === "array";
  return {
    name: key,
    path,
    description: field.description,
    default: field.default !== undefined ? JSON.stringify(field.default) : field.defaultDoc,
    required: field.required === true,
    secret: field.secret === true,
    shape: shape ?? shapeOf(isArray ? `${path}[]` : path, field.rule, field, types),
  };
}

/** The properties of a table of fields, under `prefix`. */
function propertiesOf(prefix: string, table: FieldTable, types: Types): PropertyModel[] {
  return Object.entries(table).map(([key, field]) =>
    propertyOf(prefix ? `${prefix}.${key}` : key, key, field, types),
  );
}

/** The vendor types of one group, added to `types`. */
function vendorGroupOf(group: keyof typeof VENDOR_GROUP_DOCS, types: Types): VendorGroupModel {
  const doc = VENDOR_GROUP_DOCS[group];
  const tables: Readonly<Record<string, FieldTable>> =
    group === "llmConfig" ? LLM_VENDORS : TTS_VENDORS;
  const key = VENDOR_TYPE_KEYS[group].key;
  const vendors: Record<string, string> = {};
  for (const [value, table] of Object.entries(tables)) {
    const vendor: VendorDoc | undefined = (doc.vendors as Readonly<Record<string, VendorDoc>>)[
      value
    ];
    if (!vendor) throw new Error(`${group} vendor ${value} has no documentation in fields.ts.`);
    const args = vendor.args;
    types.addObject({
      name: vendor.name,
      description: vendor.description,
      args: args ?? { name: `${vendor.name}Args`, description: vendor.description },
      vendor: { key, value, description: doc.typeKeyDescription },
      properties: propertiesOf(group, table, types),
    });
    vendors[value] = vendor.name;
  }
  return { group, name: doc.name, description: doc.description, key, vendors };
}

/** The package's model, from the field table, the outputs and the provider's config keys. */
export function packageModel(): PackageModel {
  const types = new Types();
  const groups: Record<string, Shape> = {};
  for (const [group, table] of [
    ["agentConfig", AGENT_FIELDS],
    ["sttConfig", STT_FIELDS],
  ] as const) {
    const doc = GROUP_DOCS[group];
    types.addObject({
      name: doc.name,
      description: doc.description,
      args: { name: `${doc.name}Args`, description: doc.description },
      properties: propertiesOf(group, table, types),
    });
    groups[group] = { kind: "object", name: doc.name };
  }
  const vendorGroups = (["llmConfig", "ttsConfig"] as const).map((g) => vendorGroupOf(g, types));
  for (const g of vendorGroups) groups[g.group] = { kind: "vendors", group: g.group };

  const required = (key: string) =>
    key in GROUP_DOCS
      ? "required" in GROUP_DOCS[key as keyof typeof GROUP_DOCS]
      : key in VENDOR_GROUP_DOCS;
  const inputs = Object.entries(START_FIELDS as FieldTable).map(([key, field]) => {
    const property = propertyOf(key, key, field, types, groups[key]);
    return groups[key] ? { ...property, required: required(key) } : property;
  });

  return {
    resource: {
      name: RESOURCE_DOC.name,
      description: RESOURCE_DOC.description,
      argsDescription: RESOURCE_DOC.argsDescription,
      inputs,
      outputs: Object.entries(OUTPUT_DOCS).map(([name, doc]) => ({ name, ...doc })),
    },
    objects: [...types.objects.values()],
    enums: [...types.enums.values()],
    vendorGroups,
    config: Object.entries(CONFIG_DOCS).map(([name, doc]) => ({ name, ...doc })),
  };
}
