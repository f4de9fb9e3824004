/**
 * The native face of the AIConversation provider: each `pulumirpc.ResourceProvider` request of
 * the engine, translated to a call of the same core the dynamic resource runs
 * (ai-conversation/provider.ts) and its answer translated back. Nothing here decides what a bot
 * is or how it changes; this module only:
 *
 * - reads provider configuration from Configure (and checks it in CheckConfig/DiffConfig);
 * - unwraps secrets on the way in and wraps secret paths on the way out (values.ts);
 * - gives a bot the SessionId scope the dynamic resource gives it (`project/stack/name`);
 * - answers preview creates and updates without an API call, with unknown outputs;
 * - labels the core's diff per path (detailed-diff.ts);
 * - reads an import ID `SDKAPPID/REGION/TASKID` (import-id.ts) into a state whose configuration
 *   is taken on trust, as after `adoptTaskId`.
 */
import * as grpc from "@grpc/grpc-js";
import type * as pulumi from "@pulumi/pulumi";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { AIConversationProvider, type ProviderInputs } from "../ai-conversation/provider";
import { changedPaths } from "../ai-conversation/diff";
import { UNKNOWN_VALUE } from "../ai-conversation/model";
import { stateRecord, type TaskState } from "../ai-conversation/state";
import { TASK_OUTPUTS } from "../outputs";
import {
  SECRET_CONFIG_KEYS,
  changedConfigKeys,
  checkConfig,
  configValues,
  getterOf,
} from "./config";
import { pathChanges, type PathChange } from "./detailed-diff";
import { ProviderRpcError, errorText, recordingFailures } from "./errors";
import { isImportId, parseImportId } from "./import-id";
import { packageVersion } from "./package-info";
import { RESOURCE_TYPE, schemaText } from "./schema";
import { secretPathsFor } from "./secret-paths";
import { sessionScopeOf } from "./urn";
import { fromStruct, toStruct, type PropertyMap } from "./values";

const KINDS: Record<PathChange, provproto.PropertyDiff.Kind> = {
  add: provproto.PropertyDiff.Kind.ADD,
  "add-replace": provproto.PropertyDiff.Kind.ADD_REPLACE,
  delete: provproto.PropertyDiff.Kind.DELETE,
  "delete-replace": provproto.PropertyDiff.Kind.DELETE_REPLACE,
  update: provproto.PropertyDiff.Kind.UPDATE,
  "update-replace": provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/**
 * The core a {@link NativeProvider} translates requests to: the AIConversation provider's methods
 * (ai-conversation/provider.ts), which is the only core the plugin serves. Another core (the
 * benchmark's no-op, which calls nothing) can stand in for it behind the same face.
 */
export interface NativeCore {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  check(olds: PropertyMap, news: PropertyMap): Promise<pulumi.dynamic.CheckResult<PropertyMap>>;
  diff(
    id: string,
    olds: Partial<TaskState>,
    news: ProviderInputs,
  ): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: ProviderInputs): Promise<pulumi.dynamic.CreateResult<PropertyMap>>;
  read(id: string, props?: Partial<TaskState>): Promise<pulumi.dynamic.ReadResult<PropertyMap>>;
  update(
    id: string,
    olds: Partial<TaskState>,
    news: ProviderInputs,
  ): Promise<pulumi.dynamic.UpdateResult<PropertyMap>>;
  delete(id: string, props: Partial<TaskState>): Promise<void>;
}

/** What a {@link NativeProvider} serves; the defaults are the plugin's own. */
export interface NativeProviderOptions {
  /** The core behind the face (default: the AIConversation provider). */
  core?: NativeCore;
  /** The one resource type served; URNs of any other are refused (default `trtc:index:AIConversation`). */
  resourceType?: string;
}

/** The native provider: one per plugin process, that is, one per provider instance. */
export class NativeProvider {
  private readonly core: NativeCore;
  private readonly resourceType: string;

  constructor(options: NativeProviderOptions = {}) {
    this.core = options.core ?? new AIConversationProvider();
    this.resourceType = options.resourceType ?? RESOURCE_TYPE;
  }

  /** The plugin's version (the package's). */
  getPluginInfo(): plugproto.PluginInfo {
    return new plugproto.PluginInfo().setVersion(packageVersion());
  }

  /** The package schema (schema.ts). */
  getSchema(): provproto.GetSchemaResponse {
    return new provproto.GetSchemaResponse().setSchema(schemaText());
  }

  /** Checks the provider configuration: one failure per bad key; secret keys come back secret. */
  checkConfig(req: provproto.CheckRequest): provproto.CheckResponse {
    const news = fromStruct(req.getNews());
    const resp = new provproto.CheckResponse();
    const failures = checkConfig(news.value);
    if (failures.length > 0) return resp.setFailuresList(failures.map(checkFailure));
    return resp.setInputs(toStruct(news.value, [...SECRET_CONFIG_KEYS, ...news.secrets]));
  }

  /**
   * A configuration change updates the provider; it never replaces it, which would replace every
   * bot it manages (a bot stays in the region and app it was started in whatever the default).
   */
  diffConfig(req: provproto.DiffRequest): provproto.DiffResponse {
    const changed = changedConfigKeys(
      fromStruct(req.getOlds()).value,
      fromStruct(req.getNews()).value,
    );
    const resp = new provproto.DiffResponse().setDeletebeforereplace(false);
    resp.setChanges(
      changed.length > 0
        ? provproto.DiffResponse.DiffChanges.DIFF_SOME
        : provproto.DiffResponse.DiffChanges.DIFF_NONE,
    );
    const details = resp.getDetaileddiffMap();
    for (const key of changed) details.set(key, propertyDiff("update"));
    return resp.setHasdetaileddiff(true);
  }

  /**
   * Takes this instance's configuration: Configure's arguments (typed, secrets wrapped) over its
   * variables (text), each accepted with or without the `trtc:` namespace.
   *
   * @throws a ProviderRpcError (INVALID_ARGUMENT) naming the bad key.
   */
  async configure(req: provproto.ConfigureRequest): Promise<provproto.ConfigureResponse> {
    const raw: PropertyMap = {};
    for (const [key, value] of req.getVariablesMap().entries()) raw[key] = value;
    Object.assign(raw, fromStruct(req.getArgs()).value);
    const get = getterOf(configValues(raw));
    try {
      await this.core.configure({
        config: {
          get,
          require: (key) => {
            const value = get(key);
            if (value === undefined) throw new Error(`Missing required configuration key: ${key}`);
            return value;
          },
        },
      });
    } catch (err) {
      throw new ProviderRpcError(errorText(err), grpc.status.INVALID_ARGUMENT);
    }
    return new provproto.ConfigureResponse()
      .setAcceptsecrets(true)
      .setSupportspreview(true)
      .setAcceptresources(false)
      .setAcceptoutputs(false);
  }

  /**
   * The core's check, on the unwrapped inputs with the bot's SessionId scope; the checked inputs
   * come back with every secret path wrapped. A failure names the field, in the core's words.
   */
  async check(req: provproto.CheckRequest): Promise<provproto.CheckResponse> {
    assertResourceType(req.getUrn(), this.resourceType);
    const olds = fromStruct(req.getOlds());
    const news = fromStruct(req.getNews());
    const resp = new provproto.CheckResponse();
    if (isImportedRecord(olds.value, news.value)) {
      // `pulumi import` checks the inputs Read returned: an imported bot's app and region (its
      // configuration is not known, and taken on trust). There is nothing more to check.
      return resp.setInputs(toStruct(news.value, secretPathsFor(news.secrets)));
    }
    const inputs: PropertyMap = { ...news.value };
    inputs.sessionScope ??= sessionScopeOf(req.getUrn());
    const result = await this.core.check(olds.value, inputs);
    if (result.failures && result.failures.length > 0) {
      return resp.setFailuresList(result.failures.map(checkFailure));
    }
    return resp.setInputs(toStruct(result.inputs ?? inputs, secretPathsFor(news.secrets)));
  }

  /**
   * The core's diff of the old outputs and the new checked inputs, with the detail per path
   * (which fields change, which of them replace the bot).
   */
  async diff(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
    const olds = fromStruct(req.getOlds()).value;
    const news = fromStruct(req.getNews()).value;
    const decision = await this.core.diff(req.getId(), olds, news as ProviderInputs);
    const resp = new provproto.DiffResponse()
      .setChanges(
        decision.changes
          ? provproto.DiffResponse.DiffChanges.DIFF_SOME
          : provproto.DiffResponse.DiffChanges.DIFF_NONE,
      )
      .setReplacesList(decision.replaces ?? [])
      .setDeletebeforereplace(decision.deleteBeforeReplace === true);
    const changes = pathChanges(changedPaths(olds, news), olds, decision.replaces ?? []);
    const details = resp.getDetaileddiffMap();
    for (const [path, change] of changes) details.set(path, propertyDiff(change));
    // A change the core makes without a changed path (an unverified configuration sent again by
    // an in-place update) has no detail: the engine then shows its own input diff.
    return resp.setHasdetaileddiff(!decision.changes || changes.size > 0);
  }

  /** Starts the bot (core create); a preview makes no call and answers unknown outputs. */
  async create(req: provproto.CreateRequest): Promise<provproto.CreateResponse> {
    const inputs = fromStruct(req.getProperties());
    const secrets = secretPathsFor(inputs.secrets);
    const resp = new provproto.CreateResponse();
    if (req.getPreview()) {
      // The record create would write, with every fact of the task not known yet.
      const checked = inputs.value as ProviderInputs;
      const record = stateRecord(checked, { taskId: "", status: "Preparing" }, !checked.sessionId);
      const unknowns = Object.fromEntries(TASK_OUTPUTS.map((key) => [key, UNKNOWN_VALUE]));
      const outs = { ...record, ...unknowns, sessionId: checked.sessionId ?? UNKNOWN_VALUE };
      return resp.setProperties(toStruct(outs, secrets));
    }
    const result = await recordingFailures(secrets, () =>
      this.core.create(inputs.value as ProviderInputs),
    );
    return resp.setId(result.id).setProperties(toStruct(outsOf(result.outs ?? {}), secrets));
  }

  /**
   * Refresh (core read): a task that is gone answers an empty id, and the engine forgets it.
   * Without old state and with an ID `SDKAPPID/REGION/TASKID`, an import: the task is described
   * in the region the ID names and recorded with its configuration unverified.
   */
  async read(req: provproto.ReadRequest): Promise<provproto.ReadResponse> {
    assertResourceType(req.getUrn(), this.resourceType);
    const props = fromStruct(req.getProperties());
    const inputs = fromStruct(req.getInputs());
    const id = req.getId();
    const secrets = secretPathsFor(props.secrets, inputs.secrets);
    const imported = Object.keys(props.value).length === 0 && isImportId(id);
    const { taskId, state } = imported
      ? importState(id)
      : { taskId: id, state: props.value as Partial<TaskState> };
    const result = await this.core.read(taskId, state);
    const resp = new provproto.ReadResponse().setId(result.id ?? "");
    if (!result.id || !result.props) return resp;
    const record = outsOf(result.props);
    resp.setProperties(toStruct(record, secrets));
    // A refresh answers no inputs: the engine keeps the ones it has. An import must answer them
    // (the engine refuses an import without): the app, region and SessionId the task has.
    if (imported) resp.setInputs(toStruct(importedInputs(record), secrets));
    return resp;
  }

  /**
   * Updates the bot in place or finishes a partly started one (core update); a preview makes
   * no call and answers the new inputs with the bot's recorded facts.
   */
  async update(req: provproto.UpdateRequest): Promise<provproto.UpdateResponse> {
    const olds = fromStruct(req.getOlds());
    const news = fromStruct(req.getNews());
    const secrets = secretPathsFor(olds.secrets, news.secrets);
    const resp = new provproto.UpdateResponse();
    if (req.getPreview()) {
      // The record update would write: the new configuration, the task's recorded facts.
      const state = olds.value as Partial<TaskState>;
      const checked = news.value as ProviderInputs;
      const record = stateRecord(
        { ...checked, region: state.region ?? checked.region },
        {
          taskId: req.getId(),
          sessionId: state.sessionId,
          requestId: state.requestId,
          status: state.status ?? "InProgress",
          startTime: state.startTime,
          configurationUnverified: state.configurationUnverified,
        },
        state.defaultsApplied?.includes("sessionId") === true,
      );
      return resp.setProperties(toStruct(record, secrets));
    }
    const result = await recordingFailures(secrets, () =>
      this.core.update(req.getId(), olds.value, news.value as ProviderInputs),
    );
    return resp.setProperties(toStruct(outsOf(result.outs ?? {}), secrets));
  }

  /** Stops the bot (core delete). */
  async delete(req: provproto.DeleteRequest): Promise<emptyproto.Empty> {
    await this.core.delete(req.getId(), fromStruct(req.getProperties()).value);
    return new emptyproto.Empty();
  }
}

/**
 * The state an import starts from: the app and region the ID names, the TaskId, and the
 * configuration marked unverified (DescribeAIConversation does not return it), as adoption
 * records it. The core's read then describes the task in that region and records what it says.
 */
function importState(id: string): { taskId: string; state: Partial<TaskState> } {
  const { sdkAppId, region, taskId } = parseImportId(id);
  return { taskId, state: { sdkAppId, region, taskId, configurationUnverified: true } };
}

/** The inputs of an imported bot: what identifies its task (its configuration is not known). */
function importedInputs(record: PropertyMap): PropertyMap {
  const { sdkAppId, region, sessionId } = record;
  return { sdkAppId, region, sessionId };
}

/**
 * Whether a check is import's check of the inputs Read returned for an imported bot: the same
 * inputs on both sides, with none of the bot's configuration (only the app and region an import
 * ID names). A program's check never looks like this: a program gives the configuration.
 */
function isImportedRecord(olds: PropertyMap, news: PropertyMap): boolean {
  const configured = ["roomId", "agentConfig", "llmConfig", "ttsConfig"].some(
    (key) => news[key] !== undefined,
  );
  return (
    !configured && news.sdkAppId !== undefined && JSON.stringify(olds) === JSON.stringify(news)
  );
}

/** A state record as the engine gets it: without the dynamic provider's `__provider`. */
function outsOf(record: object): PropertyMap {
  const { __provider: _provider, ...rest } = record as PropertyMap;
  return rest;
}

function checkFailure(f: { property: string; reason: string }): provproto.CheckFailure {
  return new provproto.CheckFailure().setProperty(f.property).setReason(f.reason);
}

function propertyDiff(change: PathChange): provproto.PropertyDiff {
  return new provproto.PropertyDiff().setKind(KINDS[change]).setInputdiff(true);
}

/** The resource type a provider serves (`expected`, by default the plugin's); any other is refused. */
export function assertResourceType(urn: string, expected: string = RESOURCE_TYPE): void {
  const type = urn.split("::")[2]?.split("$").pop();
  if (type !== undefined && type !== expected) {
    throw new ProviderRpcError(
      `Unknown resource type ${type}: the ${expected.split(":")[0]} provider serves ${expected} only.`,
      grpc.status.INVALID_ARGUMENT,
    );
  }
}
