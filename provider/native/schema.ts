/**
 * The package schema GetSchema returns: `schema.json` at the package root when present (it is
 * generated from the field table and committed), else a minimal schema built here at run time:
 * the package, its provider configuration, and the resource with its top-level properties
 * untyped. The minimal one is enough for `pulumi package get-schema` and for import's code
 * generation to name the resource; SDK generation needs the real one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { START_FIELDS } from "../ai-conversation/fields";
import { TASK_OUTPUTS } from "../outputs";
import { CONFIG_KEYS } from "../trtc/settings";
import { PACKAGE, SECRET_CONFIG_KEYS } from "./config";
import { packageRoot, packageVersion } from "./package-info";

/** The resource's type token. */
export const RESOURCE_TYPE = `${PACKAGE}:index:AIConversation`;

/** The schema's text: the committed `schema.json` if the package has one, else {@link minimalSchema}. */
export function schemaText(): string {
  const file = path.join(packageRoot(), "schema.json");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
  return JSON.stringify(minimalSchema());
}

/** A schema with the package, its configuration and the resource, every property untyped. */
export function minimalSchema(): Record<string, unknown> {
  const any = { $ref: "pulumi.json#/Any" };
  const config = Object.fromEntries(
    CONFIG_KEYS.map((key) => [
      key,
      { type: "string", ...(SECRET_CONFIG_KEYS.includes(key) ? { secret: true } : {}) },
    ]),
  );
  const inputs = Object.fromEntries(Object.keys(START_FIELDS).map((key) => [key, any]));
  const outputs = Object.fromEntries(TASK_OUTPUTS.map((key) => [key, any]));
  return {
    name: PACKAGE,
    displayName: "Tencent Cloud TRTC",
    version: packageVersion(),
    description: "Tencent Cloud TRTC AI conversations (voice bots in real-time rooms).",
    config: { variables: config },
    provider: { inputProperties: config },
    resources: {
      [RESOURCE_TYPE]: {
        description:
          "A TRTC AI conversation: a voice bot that joins a TRTC room. (Minimal schema: run the package's schema generator for the typed one.)",
        inputProperties: inputs,
        requiredInputs: Object.entries(START_FIELDS)
          .filter(([, field]) => "required" in field)
          .map(([key]) => key),
        properties: { ...inputs, ...outputs },
        required: ["taskId", "status"],
      },
    },
  };
}
