/**
 * The validation `check()` runs on an AIConversation's inputs: the field table's zod schemas
 * (fields.ts), the rules that span fields, the documented defaults, and messages that name the
 * field, the value given and what is allowed, every failure at once.
 */
import { distance as levenshtein } from "fastest-levenshtein";
import { z } from "zod";
import { DEFAULT_REGION, REGIONS, type Region } from "../trtc/constants";
import { SITES, SITE_HOMES, botRegions, siteName, type Site } from "../trtc/sites";
import {
  LLM_TYPES,
  SECRET_PATHS,
  TOP_BOOKKEEPING,
  TTS_TYPES,
  VENDOR_SECRET_KEYS,
  VENDOR_TYPE_KEYS,
  fieldAt,
  vendorSchemaOf,
} from "./fields";
import {
  UNKNOWN_VALUE,
  agentConfigSchema,
  sttConfigSchema,
  topLevelSchema,
  type NormalizedAgentConfig,
  type NormalizedInputs,
} from "./model";

/** One failed field: what `check()` returns to the engine, which prints every one at once. */
export interface CheckFailure {
  /** Dot-separated path of the field, e.g. `agentConfig.interruptMode`. */
  property: string;
  /** What is wrong and what is allowed. Never contains a secret value. */
  reason: string;
}

/** The schema of one LLM provider's config; unknown keys pass through to the API verbatim. */
function llmConfigSchema(llmType: string): z.ZodType {
  return vendorSchemaOf("llmConfig", llmType) as z.ZodType;
}

/** The schema of one TTS provider's config; unknown keys pass through to the API verbatim. */
function ttsConfigSchema(ttsType: string): z.ZodType {
  return vendorSchemaOf("ttsConfig", ttsType) as z.ZodType;
}

/** Known field names of each object, by path, for "unknown field" messages. */
const knownFieldsOf = new Map<string, string[]>();

/** The fields a group knows, for "Known fields are" (computed once per group). */
function knownFields(path: string): string[] {
  let known = knownFieldsOf.get(path);
  if (!known) {
    known = computeKnownFields(path);
    knownFieldsOf.set(path, known);
  }
  return known;
}

function computeKnownFields(path: string): string[] {
  const shapes: Record<string, () => { shape: Record<string, unknown> }> = {
    "": topLevelSchema,
    agentConfig: agentConfigSchema,
    sttConfig: sttConfigSchema,
  };
  const schema = shapes[path];
  return schema
    ? Object.keys(schema().shape).filter((k) => !Object.hasOwn(TOP_BOOKKEEPING, k))
    : [];
}

/** Config groups that hold secret fields (from the table's secret paths). */
const SECRET_GROUPS = [...new Set(SECRET_PATHS.map((p) => p.split(".")[0]))];

function isSecretPath(path: string): boolean {
  return (SECRET_PATHS as readonly string[]).includes(path);
}

function show(value: unknown, path: string): string {
  if (isSecretPath(path)) return "[secret]";
  // A config group given as text (e.g. llmConfig as the API's JSON string) or as a list (one
  // Output resolving to one, through cfg.requireSecretObject) may hold its keys: name its type.
  if (SECRET_GROUPS.includes(path) && value !== null && typeof value === "object") {
    return Array.isArray(value) ? `a list of ${value.length} item(s)` : "an object";
  }
  if (typeof value === "string" && SECRET_GROUPS.includes(path)) return "[secret]";
  if (value === undefined) return "undefined";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text =
      typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

function describeType(expected: string): string {
  switch (expected) {
    case "number":
      return "a number";
    case "string":
      return "a string";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
    case "record":
      return "an object";
    default:
      return expected;
  }
}

/**
 * Compiled schemas, built once per process: check() runs once per resource, serially in the
 * engine, and building every schema took ~9 ms of it. A process-level cache is safe because this
 * module is loaded by require() in the provider host, never serialized into state.
 */
const compiled = new Map<string, z.ZodType>();

function cached(key: string, build: () => z.ZodType): z.ZodType {
  let schema = compiled.get(key);
  if (!schema) {
    schema = build();
    compiled.set(key, schema);
  }
  return schema;
}

/** Turns zod issues into `{ property, reason }` failures that name the field, the value and the rule. */
function toFailures(issues: z.core.$ZodIssue[], root: unknown, prefix: string): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const issue of issues) {
    const pathParts = issue.path.map(String);
    const property = [prefix, ...pathParts].filter((p) => p !== "").join(".");
    const value = valueAt(root, issue.path as (string | number)[]);
    const shown = show(value, property);
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) {
          // An empty key still gets a name the message can show.
          const name = key === "" ? '""' : key.length > 64 ? `${key.slice(0, 61)}...` : key;
          const field = property ? `${property}.${name}` : name;
          const known = knownFields(property);
          failures.push({
            property: field,
            reason: `Unknown field ${field}.${known.length ? ` Known fields are: ${known.join(", ")}.` : ""}`,
          });
        }
        break;
      case "invalid_type":
        if (issue.expected === "int" && typeof value === "number") {
          failures.push({
            property,
            reason: `Invalid value for ${property}: ${shown}. It must be a whole number.`,
          });
          break;
        }
        failures.push({
          property,
          reason:
            value === undefined
              ? `Missing required field ${property}.`
              : `Invalid value for ${property}: ${shown}. Expected ${describeType(issue.expected)}.`,
        });
        break;
      case "invalid_value":
        failures.push({
          property,
          reason: `Invalid value for ${property}: ${shown}. Allowed values are: ${issue.values.map(String).join(", ")}.`,
        });
        break;
      case "invalid_union": {
        const literals = collectLiterals(issue);
        failures.push({
          property,
          reason:
            value === undefined
              ? `Missing required field ${property}.`
              : literals.length > 0
                ? `Invalid value for ${property}: ${shown}. Allowed values are: ${literals.join(", ")}.`
                : `Invalid value for ${property}: ${shown}. ${hintOf(property, root, prefix) ?? unionHint(issue)}`,
        });
        break;
      }
      default:
        failures.push({
          property,
          reason: `Invalid value for ${property}: ${shown}. ${issue.message}`,
        });
    }
  }
  return failures;
}

/** The table's hint for a field that accepts several forms (`root` is the group's value). */
function hintOf(property: string, root: unknown, prefix: string): string | undefined {
  const typeKey =
    prefix === "llmConfig" || prefix === "ttsConfig" ? VENDOR_TYPE_KEYS[prefix].key : "";
  const vendorType =
    typeKey && root !== null && typeof root === "object"
      ? (root as Record<string, unknown>)[typeKey]
      : undefined;
  return fieldAt(property, vendorType)?.hint;
}

function collectLiterals(issue: z.core.$ZodIssueInvalidUnion): string[] {
  const values: string[] = [];
  for (const branch of issue.errors) {
    if (branch.length !== 1 || branch[0].code !== "invalid_value") return [];
    values.push(...branch[0].values.map(String));
  }
  return values;
}

function unionHint(issue: z.core.$ZodIssueInvalidUnion): string {
  const messages = issue.errors.flat().map((e) => e.message);
  return messages.length ? messages.join(" Or: ") : "It does not match any allowed form.";
}

/** Every path (dot-separated) whose value is the engine's "unknown during preview" marker. */
/** Deepest nesting and most values check() takes; anything beyond is refused at once. */
const MAX_DEPTH = 64;
const MAX_VALUES = 20_000;

/**
 * Refuses input too deep or too wide to be a configuration, before any recursive work, so that
 * hostile input gets failures in bounded time instead of a RangeError.
 */
function sizeFailures(input: Record<string, unknown>): CheckFailure[] {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: input, path: "", depth: 0 },
  ];
  let seen = 0;
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    seen += 1;
    const field = path || "inputs";
    if (seen > MAX_VALUES) {
      return [
        {
          property: path.split(".")[0] || "inputs",
          reason: `Invalid value for ${path.split(".")[0] || "inputs"}: it holds more than ${MAX_VALUES} values. A configuration is far smaller; check what is passed.`,
        },
      ];
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_DEPTH) {
      return [
        {
          property: field,
          reason: `Invalid value for ${field}: it is nested more than ${MAX_DEPTH} levels deep. A configuration is far flatter; check what is passed.`,
        },
      ];
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      stack.push({ value: v, path: path ? `${path}.${k}` : k, depth: depth + 1 });
    }
  }
  return [];
}

function unknownPaths(value: unknown, path = ""): string[] {
  if (value === UNKNOWN_VALUE) return [path];
  if (value === null || typeof value !== "object") return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out.push(...unknownPaths(v, path ? `${path}.${k}` : k));
  }
  return out;
}

function isUnder(path: string, prefixes: string[]): boolean {
  return prefixes.some((p) => path === p || path.startsWith(`${p}.`) || p === "");
}

function parseWith(
  schema: z.ZodType,
  value: unknown,
  prefix: string,
): { data?: unknown; failures: CheckFailure[] } {
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, failures: [] };
  return { failures: toFailures(result.error.issues, value, prefix) };
}

function discriminated(
  value: unknown,
  field: "llmConfig" | "ttsConfig",
  key: "llmType" | "ttsType",
  allowed: readonly string[],
  build: (type: string) => z.ZodType,
): { data?: unknown; failures: CheckFailure[] } {
  if (value === undefined)
    return { failures: [{ property: field, reason: `Missing required field ${field}.` }] };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      failures: [
        {
          property: field,
          reason: `Invalid value for ${field}: ${show(value, field)}. Expected an object.`,
        },
      ],
    };
  }
  const type = (value as Record<string, unknown>)[key];
  if (typeof type !== "string" || !allowed.includes(type)) {
    return {
      failures: [
        {
          property: `${field}.${key}`,
          reason:
            type === undefined
              ? `Missing required field ${field}.${key}. Allowed values are: ${allowed.join(", ")}.`
              : `Invalid value for ${field}.${key}: ${show(type, "")}. Allowed values are: ${allowed.join(", ")}.`,
        },
      ],
    };
  }
  const schema = cached(`${field}:${type}`, () => build(type));
  const misspelled = misspelledKeys(value as Record<string, unknown>, schema, field, key, type);
  if (misspelled.length > 0) return { failures: misspelled };
  return parseWith(schema, value, field);
}

/**
 * Unknown keys of an LLM or TTS config pass to the API verbatim, so a field Tencent adds needs no
 * release. Two kinds are refused, because they are mistakes that would otherwise only show at run
 * time in the room: another spelling of a known key's case (`APIKey`, `Speed`: sent as written, it
 * would override the checked camelCase field and escape its checks and, for keys, secret
 * marking), and a near miss of a known key (`systemPromt`): within 2 edits for keys of 6 or more
 * characters, 1 for 5, none for shorter ones, where one edit already makes another real field
 * (`topK` is not a typo of `topP`).
 */
function misspelledKeys(
  value: Record<string, unknown>,
  schema: z.ZodType,
  field: string,
  key: string,
  type: string,
): CheckFailure[] {
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const failures: CheckFailure[] = [];
  for (const name of Object.keys(value)) {
    if (known.includes(name)) continue;
    const sameLetters = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (sameLetters) {
      failures.push({
        property: `${field}.${name}`,
        reason: `Invalid field ${field}.${nameShown(name)}: write it as ${field}.${sameLetters} (camelCase), so it is checked${SECRET_KEYS.has(sameLetters) ? " and kept secret" : ""}; the provider renames it for the API.`,
      });
      continue;
    }
    const limit = name.length >= 6 ? 2 : name.length === 5 ? 1 : 0;
    if (limit === 0) continue;
    let best: { key: string; distance: number } | undefined;
    for (const k of known) {
      const d = levenshtein(name.toLowerCase(), k.toLowerCase());
      if (d <= limit && (!best || d < best.distance)) best = { key: k, distance: d };
    }
    if (best) {
      failures.push({
        property: `${field}.${name}`,
        reason: `Unknown field ${field}.${nameShown(name)} for ${key} ${type}. Did you mean ${field}.${best.key}? (Unknown fields are otherwise sent to the API as written.)`,
      });
    }
  }
  return failures;
}

/** A key as messages show it: at most 64 characters. */
function nameShown(name: string): string {
  return name.length > 64 ? `${name.slice(0, 61)}...` : name;
}

/** LLM and TTS config keys that hold secrets. */
const SECRET_KEYS = new Set<string>([
  ...VENDOR_SECRET_KEYS.llmConfig,
  ...VENDOR_SECRET_KEYS.ttsConfig,
]);

/** Options of {@link validateInputs}. */
export interface ValidateOptions {
  /** Region to apply when the resource names none (the provider's `trtc:region`). */
  defaultRegion?: Region;
  /**
   * The account's site (`trtc:site`), whose regions a bot may live in. Unset (`undefined`): only
   * the regions every site serves.
   */
  site?: Site;
  /**
   * The resource's inputs as state holds them (the engine's `olds`), for rules that let an
   * existing resource keep what it has: an all-digit string roomId keeps its roomIdType, and a
   * bot keeps the region it was started in (whatever rule of sites it passed then).
   */
  previous?: Record<string, unknown>;
}

function isRegion(value: string): value is Region {
  return (REGIONS as readonly string[]).includes(value);
}

/**
 * Where a bot may live on `site` (`undefined`: no site set), and how to set a site: the one that
 * adds the most regions first, with the whole command.
 */
function regionRule(site: Site | undefined): string {
  const allowed = botRegions(site);
  const added = (s: Site) => botRegions(s).filter((r) => !allowed.includes(r));
  const advice = SITES.filter((s) => s !== site)
    .sort((a, b) => added(b).length - added(a).length)
    .map((s, i) => {
      const more = added(s);
      const command = i === 0 ? `pulumi config set trtc:site ${s}` : `trtc:site ${s}`;
      return `${i === 0 ? "Accounts on" : "on"} ${SITE_HOMES[s]}: \`${command}\`${more.length > 0 ? ` (adds ${more.join(", ")})` : ""}`;
    })
    .join("; ");
  const rule =
    site === undefined
      ? "No site is set (trtc:site or TENCENTCLOUD_TRTC_SITE), so a bot must live in a region both sites serve"
      : `On the ${siteName(site)} a bot must live in a region where it can be started, looked up and stopped`;
  return `${rule}: ${allowed.join(", ")}. ${advice}.`;
}

/** The roomIdType an all-digit string roomId keeps from state (same room), if any. */
function inheritedRoomIdType(
  roomId: unknown,
  previous: Record<string, unknown> | undefined,
): 0 | 1 | undefined {
  if (!previous || previous.roomId !== roomId) return undefined;
  return previous.roomIdType === 0 || previous.roomIdType === 1 ? previous.roomIdType : undefined;
}

/**
 * Validates the resource's inputs and applies documented defaults. Makes no API call.
 * Values still unknown during preview are accepted unvalidated.
 *
 * @returns the normalized inputs, or every failure at once (each names its field).
 */
export function validateInputs(
  raw: Record<string, unknown>,
  opts: ValidateOptions = {},
): { inputs?: NormalizedInputs; failures: CheckFailure[] } {
  const { __provider: _provider, ...input } = raw;
  const oversized = sizeFailures(input);
  if (oversized.length > 0) return { failures: oversized };
  const unknowns = unknownPaths(input);
  const failures: CheckFailure[] = [];
  const keep = (fs: CheckFailure[]) =>
    failures.push(...fs.filter((f) => !isUnder(f.property, unknowns)));

  const top = parseWith(cached("top", topLevelSchema), input, "");
  keep(top.failures);

  const agentRaw = input.agentConfig;
  if (agentRaw === undefined) {
    keep([{ property: "agentConfig", reason: "Missing required field agentConfig." }]);
  } else {
    const agent = parseWith(cached("agentConfig", agentConfigSchema), agentRaw, "agentConfig");
    keep(agent.failures);
    if (agentRaw !== null && typeof agentRaw === "object") {
      // Cross-field rules run on the raw object too, so one preview lists every problem.
      const a = agentRaw as Partial<NormalizedAgentConfig>;
      const hasSig = a.userSig !== undefined;
      const hasSecret = a.userSigSecret !== undefined;
      if (hasSig === hasSecret) {
        keep([
          {
            property: "agentConfig.userSig",
            reason: hasSig
              ? "Set either agentConfig.userSig or agentConfig.userSigSecret, not both."
              : "Missing required field agentConfig.userSig. Set agentConfig.userSig (a UserSig for agentConfig.userId) or agentConfig.userSigSecret (the app's SDK secret key, to make one at create time).",
          },
        ]);
      }
      if (a.userSigExpireSeconds !== undefined && !hasSecret) {
        keep([
          {
            property: "agentConfig.userSigExpireSeconds",
            reason: "agentConfig.userSigExpireSeconds applies only with agentConfig.userSigSecret.",
          },
        ]);
      }
      if (a.userId !== undefined && a.userId === a.targetUserId) {
        keep([
          {
            property: "agentConfig.targetUserId",
            reason: `Invalid value for agentConfig.targetUserId: ${show(a.targetUserId, "")}. It must differ from agentConfig.userId (the bot's own UserId).`,
          },
        ]);
      }
    }
  }
  if (input.sttConfig !== undefined)
    keep(parseWith(cached("sttConfig", sttConfigSchema), input.sttConfig, "sttConfig").failures);
  keep(discriminated(input.llmConfig, "llmConfig", "llmType", LLM_TYPES, llmConfigSchema).failures);
  keep(discriminated(input.ttsConfig, "ttsConfig", "ttsType", TTS_TYPES, ttsConfigSchema).failures);

  const roomId = input.roomId;
  if (
    input.roomIdType === 0 &&
    typeof roomId === "string" &&
    !(/^[1-9][0-9]{0,9}$/.test(roomId) && Number(roomId) <= 4294967294)
  ) {
    keep([
      {
        property: "roomId",
        reason: `Invalid value for roomId: ${show(roomId, "")}. With roomIdType 0 the room id must be a number from 1 to 4294967294; use roomIdType 1 for a string room id.`,
      },
    ]);
  }
  if (input.roomIdType === 1 && typeof roomId === "number") {
    keep([
      {
        property: "roomIdType",
        reason:
          "Invalid value for roomIdType: 1. A numeric roomId needs roomIdType 0; pass the room id as a string for a string room.",
      },
    ]);
  }

  // "The number 123 and the string 123 are two different rooms" (TRTCParams docs), and the API
  // takes an omitted RoomIdType as 0. Stack config values are strings, so a numeric room read
  // from config must say which room it means; a resource in state keeps the one it has.
  if (
    typeof roomId === "string" &&
    /^[0-9]+$/.test(roomId) &&
    input.roomIdType === undefined &&
    !isUnder("roomId", unknowns) &&
    inheritedRoomIdType(roomId, opts.previous) === undefined
  ) {
    keep([
      {
        property: "roomIdType",
        reason: `Missing required field roomIdType: roomId ${show(roomId, "")} is all digits, so it could name the numeric room ${roomId} or the string room "${roomId}", two different rooms in TRTC. Set roomIdType: 0 for the numeric room (the API's default; clients that join with roomId ${roomId}), or roomIdType: 1 for the string room (clients that join with strRoomId "${roomId}").`,
      },
    ]);
  }

  // A bot in state keeps its region unchecked: it passed the rule of its day (earlier versions
  // had no site rule, or took the site from the endpoint), and a no-change preview or `up` must
  // go on working; a new bot, or one whose region changes, is checked.
  const region = input.region ?? opts.defaultRegion ?? DEFAULT_REGION;
  if (
    typeof region === "string" &&
    !isUnder("region", unknowns) &&
    isRegion(region) &&
    !botRegions(opts.site).includes(region) &&
    opts.previous?.region !== region
  ) {
    keep([
      {
        property: "region",
        reason: `Invalid value for region: ${show(region, "")}${input.region === undefined ? " (from trtc:region or TENCENTCLOUD_REGION)" : ""}. ${regionRule(opts.site)}`,
      },
    ]);
  }

  if (failures.length > 0) return { failures };
  return { inputs: applyDefaults(input, unknowns, opts), failures: [] };
}

function applyDefaults(
  input: Record<string, unknown>,
  unknowns: string[],
  opts: ValidateOptions,
): NormalizedInputs {
  const defaultsApplied: string[] = [];
  const out = structuredClone(input) as Record<string, unknown>;
  const setDefault = (obj: Record<string, unknown>, key: string, path: string, value: unknown) => {
    if (obj[key] === undefined) {
      obj[key] = value;
      defaultsApplied.push(path);
    }
  };
  if (!unknowns.includes("roomId")) {
    const inherited = inheritedRoomIdType(out.roomId, opts.previous);
    setDefault(
      out,
      "roomIdType",
      "roomIdType",
      typeof out.roomId === "number" ? 0 : (inherited ?? 1),
    );
  }
  setDefault(out, "region", "region", opts.defaultRegion ?? DEFAULT_REGION);
  // agentConfig's defaults are not filled in: see AGENT_DEFAULTS.
  out.defaultsApplied = defaultsApplied;
  return out as unknown as NormalizedInputs;
}
