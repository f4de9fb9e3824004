/**
 * Renders the Pulumi Package Schema of the `trtc` package (schema.json) from the package model.
 * Format: https://www.pulumi.com/docs/iac/guides/building-extending/packages/schema/ (metaschema
 * pkg/codegen/schema/pulumi.json of pulumi/pulumi).
 *
 * Choices:
 * - The LLM and TTS configs are a union (`oneOf`) of one object type per vendor with a
 *   `discriminator` on `llmType` / `ttsType`, each vendor type holding its discriminator as a
 *   required string (its one value in the description and the mapping). Pulumi's code generators
 *   take such unions in inputs: Node.js and Python SDKs get a union of the vendor types, Go gets
 *   `pulumi.Any` (Go has no unions). One type with every vendor's fields would lose which fields
 *   each vendor requires, and which are secret where.
 * - The discriminator is not a `const`: `pulumi import` writes the code of an imported bot with
 *   a zero value (`""`) for each required input Describe does not return (llmConfig, ttsConfig),
 *   and Pulumi's program binder rejects `""` where the schema says `const: "openai"` ("Cannot
 *   assign value { apiKey: "", apiUrl: "", llmType: "" } to attribute of type Union<…>"), which
 *   fails the import's code generation (pkg/importer/hcl2.go zeroValue, which ignores `const`).
 *   The provider still checks the value against the vendors at preview.
 * - Literal unions are enums (integer ones with member names from the table); ranges, which the
 *   schema cannot express, are in the descriptions (the table writes them there).
 * - No `replaceOnChanges` and no `default`s: whether a change replaces the bot depends on
 *   `updateInPlace` and on the change (the resource's description says so), and the provider,
 *   not the SDKs, applies defaults (state keeps only what the user gave).
 */
import { RECORDED_INPUTS } from "../../provider/outputs";
import type { PackageModel, PropertyModel, Shape } from "./model";

/** The package's name: its type tokens are `trtc:index:<Type>`. */
export const PACKAGE = "trtc";

/** The path of the generated file, from the repository root. */
export const SCHEMA_FILE = "schema.json";

/** The project's home, and where releases of the plugin would be published (not yet). */
export const REPOSITORY = "https://github.com/pulumi-trtc/pulumi-trtc";

/** A JSON object of the schema. */
type Json = { [key: string]: unknown };

/** What package.json says that the schema repeats. */
export interface PackageInfo {
  readonly version: string;
  readonly license: string;
}

/** The token of a type of the package. */
function token(name: string): string {
  return `${PACKAGE}:index:${name}`;
}

/** A `$ref` to a type of the package. */
function ref(name: string): string {
  return `#/types/${token(name)}`;
}

/** The schema type spec of a shape. */
function typeSpec(shape: Shape, model: PackageModel): Json {
  switch (shape.kind) {
    case "string":
    case "integer":
    case "number":
    case "boolean":
      return { type: shape.kind };
    case "map":
      return { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } };
    case "const":
      return { type: "string" };
    case "enum":
    case "object":
      return { $ref: ref(shape.name) };
    case "union":
      return { oneOf: shape.options.map((o) => typeSpec(o, model)) };
    case "array":
      return { type: "array", items: typeSpec(shape.items, model) };
    case "vendors": {
      const group = model.vendorGroups.find((g) => g.group === shape.group);
      if (!group) throw new Error(`No vendor group ${shape.group} in the model.`);
      const vendors = Object.entries(group.vendors);
      return {
        oneOf: vendors.map(([, name]) => ({ $ref: ref(name) })),
        discriminator: {
          propertyName: group.key,
          mapping: sorted(vendors.map(([value, name]) => [value, ref(name)])),
        },
      };
    }
  }
}

/** A description with the default in words after it. */
function describe(description: string, defaultDoc?: string): string {
  return defaultDoc === undefined ? description : `${description} Default: ${defaultDoc}.`;
}

/**
 * The property spec of a property. A vendor config, which has no type of its own in the schema
 * (it is a union), takes its group's description.
 */
function propertySpec(p: PropertyModel, model: PackageModel): Json {
  const shape = p.shape;
  const group =
    shape.kind === "vendors" ? model.vendorGroups.find((g) => g.group === shape.group) : undefined;
  return {
    ...typeSpec(shape, model),
    description: describe(group ? group.description : p.description, p.default),
    ...(p.secret ? { secret: true } : {}),
  };
}

/** An object with its keys in order (the schema's maps have no order of their own). */
function sorted<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The names of the required properties, sorted. */
function requiredOf(properties: readonly PropertyModel[]): string[] {
  return properties
    .filter((p) => p.required)
    .map((p) => p.name)
    .sort();
}

/** The `types` of the schema: every object type and enum. */
function typesOf(model: PackageModel): Json {
  const entries: [string, Json][] = [];
  for (const object of model.objects) {
    const properties: [string, Json][] = object.properties.map((p) => [
      p.name,
      propertySpec(p, model),
    ]);
    const required = requiredOf(object.properties);
    if (object.vendor) {
      properties.push([
        object.vendor.key,
        {
          type: "string",
          description: `${object.vendor.description.replace(/\.$/, "")}: \`${object.vendor.value}\`.`,
        },
      ]);
      required.push(object.vendor.key);
      required.sort();
    }
    entries.push([
      token(object.name),
      {
        type: "object",
        description: object.description,
        properties: sorted(properties),
        ...(required.length > 0 ? { required } : {}),
      },
    ]);
  }
  for (const e of model.enums) {
    entries.push([
      token(e.name),
      {
        type: e.type,
        description: e.description,
        enum: e.members.map((m) =>
          m.name ? { name: m.name, value: m.value } : { value: m.value },
        ),
      },
    ]);
  }
  return sorted(entries);
}

/** The provider's configuration keys as property specs. */
function configProperties(model: PackageModel): Json {
  return sorted(
    model.config.map((c) => [
      c.name,
      {
        type: c.type,
        description: c.description,
        ...(c.environment ? { defaultInfo: { environment: [...c.environment] } } : {}),
        ...(c.secret ? { secret: true } : {}),
      },
    ]),
  );
}

/** The resource's spec. */
function resourceSpec(model: PackageModel): Json {
  const { inputs, outputs } = model.resource;
  const inputSpecs = inputs.map((p): [string, Json] => [p.name, propertySpec(p, model)]);
  const outputSpecs: [string, Json][] = outputs.map((o) => [
    o.name,
    { type: o.type, description: o.description },
  ]);
  const outputNames = new Set(outputs.map((o) => o.name));
  const always = outputs.filter((o) => o.always).map((o) => o.name);
  return {
    description: model.resource.description,
    inputProperties: sorted(inputSpecs),
    requiredInputs: requiredOf(inputs),
    // State records the task's facts and the inputs that identify the bot, not an echo of every
    // input (provider/ai-conversation/snapshot.ts).
    properties: sorted([
      ...inputSpecs.filter(
        ([name]) => !outputNames.has(name) && (RECORDED_INPUTS as readonly string[]).includes(name),
      ),
      ...outputSpecs,
    ]),
    // An imported bot's state holds only what Describe tells (TaskId, SessionId, status, app and
    // region) until the program declares it: only those are always present.
    required: [...always, "sdkAppId", "region"].sort(),
  };
}

/** The package schema of `trtc`. */
export function packageSchema(model: PackageModel, info: PackageInfo): Json {
  return {
    name: PACKAGE,
    displayName: "Tencent Cloud TRTC",
    version: info.version,
    description:
      "Tencent Cloud TRTC AI conversations (voice bots in real-time rooms) as Pulumi resources.",
    keywords: ["pulumi", "tencentcloud", "trtc", "ai-conversation", "kind/native"],
    homepage: REPOSITORY,
    license: info.license,
    repository: REPOSITORY,
    publisher: "pulumi-trtc",
    // GitHub releases of the project (`v<version>/pulumi-resource-trtc-v<version>-<os>-<arch>.tar.gz`);
    // none is published yet: install the plugin from its tarball (`pulumi plugin install --file`).
    pluginDownloadURL: "github://api.github.com/pulumi-trtc/pulumi-trtc",
    config: { variables: configProperties(model) },
    provider: {
      description:
        "The provider type for the trtc package: its inputs are the `trtc:*` configuration keys, each with the same environment fallback.",
      inputProperties: configProperties(model),
    },
    resources: { [token(model.resource.name)]: resourceSpec(model) },
    types: typesOf(model),
    language: {
      go: {
        importBasePath: "github.com/pulumi-trtc/pulumi-trtc/sdk/go/trtc",
        respectSchemaVersion: true,
      },
      nodejs: {
        packageName: "@pulumi-trtc/native",
        packageDescription:
          "Tencent Cloud TRTC AI conversations as Pulumi resources: the SDK of the native trtc provider.",
        respectSchemaVersion: true,
      },
      python: {
        packageName: "pulumi_trtc",
        respectSchemaVersion: true,
        // A pyproject.toml (PEP 621) rather than a setup.py.
        pyproject: { enabled: true },
      },
    },
  };
}
