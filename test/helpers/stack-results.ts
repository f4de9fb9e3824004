/**
 * Fewer engine calls per operation of a test stack. The Automation API's `up` runs `pulumi up`,
 * then `pulumi stack output` twice (once masked, once with secrets, to tell which outputs are
 * secret) and `pulumi stack history` for the summary; `destroy` and `refresh` run `stack history`
 * too. Each call starts the engine's CLI and reads the whole state again. Here the summary comes
 * from the operation's own engine events (the engine's summary event holds the same resource
 * changes the history records) and the outputs from one `pulumi stack export --show-secrets`,
 * whose secret envelopes say which outputs are secret. What a test gets back is unchanged
 * (test/integration/smoke.spec.ts compares it with the Automation API's own answers).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type {
  ConfigMap,
  Deployment,
  EngineEvent,
  OutputMap,
  Stack,
  UpdateKind,
  UpdateSummary,
} from "@pulumi/pulumi/automation";

/**
 * The key and value that mark a secret in an exported deployment and in state
 * (apitype.SecretV1: `{ [SECRET_SIG_KEY]: SECRET_SIG, ciphertext | plaintext }`).
 */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** See {@link SECRET_SIG_KEY}. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret as `pulumi stack export --show-secrets` writes it. */
interface ExportedSecret {
  [SECRET_SIG_KEY]: typeof SECRET_SIG;
  plaintext: string;
}

function isExportedSecret(value: unknown): value is ExportedSecret {
  return (
    typeof value === "object" &&
    value !== null &&
    SECRET_SIG_KEY in value &&
    value[SECRET_SIG_KEY] === SECRET_SIG &&
    "plaintext" in value &&
    typeof value.plaintext === "string"
  );
}

/** A value of an exported deployment with every secret envelope replaced by its plain value. */
function revealed(value: unknown): unknown {
  if (isExportedSecret(value)) return revealed(JSON.parse(value.plaintext));
  if (Array.isArray(value)) return value.map(revealed);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealed(v)]));
  }
  return value;
}

/**
 * The stack outputs of an exported deployment (`--show-secrets`), as the Automation API's
 * `outputs()` gives them: each output's plain value, and `secret` when the output itself is a
 * secret.
 */
function outputsOfDeployment(deployment: Deployment): OutputMap {
  const resources = (deployment.deployment?.resources ?? []) as Array<{
    type: string;
    parent?: string;
    outputs?: Record<string, unknown>;
  }>;
  const root = resources.find((r) => r.type === "pulumi:pulumi:Stack" && !r.parent);
  const outputs: OutputMap = {};
  for (const [key, value] of Object.entries(root?.outputs ?? {})) {
    outputs[key] = { value: revealed(value), secret: isExportedSecret(value) };
  }
  return outputs;
}

/** Reading a summary field the engine's events do not carry: says where to get it. */
function notInEvents(field: string): never {
  throw new Error(
    `the test harness's summary has no ${field}: read it from \`await t.stack.history(1)\``,
  );
}

/** The summary fields the engine's events do not carry. */
const NOT_IN_EVENTS = ["message", "environment", "config", "version"] as const;

/**
 * An operation's summary from its engine events: its kind, times, result and resource changes.
 * The fields the events do not carry ({@link NOT_IN_EVENTS}) are left out of its keys (so that
 * printing the summary shows what it has) and throw when read, naming `stack.history()`, which
 * has them.
 */
function summaryOf(
  kind: UpdateKind,
  startTime: Date,
  resourceChanges: UpdateSummary["resourceChanges"],
): UpdateSummary {
  const summary: UpdateSummary = {
    kind,
    startTime,
    endTime: new Date(),
    result: "succeeded",
    resourceChanges,
    get message(): string {
      return notInEvents("message");
    },
    get environment(): Record<string, string> {
      return notInEvents("environment");
    },
    get config(): ConfigMap {
      return notInEvents("config");
    },
    get version(): number {
      return notInEvents("version");
    },
  };
  for (const field of NOT_IN_EVENTS) Object.defineProperty(summary, field, { enumerable: false });
  return summary;
}

/** Options of the operations {@link useFewerEngineCalls} changes: all take an event callback. */
interface WithEvents {
  onEvent?: (event: EngineEvent) => void;
}

/**
 * Makes the stack's `up`, `destroy` and `refresh` take their summary from the operation's engine
 * events, and `outputs()` (which `up` also calls) read one `stack export`, as described above.
 * `info()` outside such an operation still reads the history.
 */
export function useFewerEngineCalls(stack: Stack): void {
  const history = stack.info.bind(stack);
  /**
   * Each operation's own slot for its summary, found by the `info()` call that operation makes
   * (the same async context), so operations never read each other's.
   */
  const slots = new AsyncLocalStorage<{ summary?: UpdateSummary }>();
  stack.info = async (showSecrets?: boolean) => {
    const slot = slots.getStore();
    const summary = slot?.summary;
    if (slot) slot.summary = undefined;
    return summary ?? history(showSecrets);
  };
  stack.outputs = async () => outputsOfDeployment(await stack.exportStack());

  /** Runs an operation with an event callback that records its summary for its `info()`. */
  async function summarised<O extends WithEvents, R>(
    kind: UpdateKind,
    opts: O | undefined,
    run: (opts: O | WithEvents) => Promise<R>,
  ): Promise<R> {
    const startTime = new Date();
    const slot: { summary?: UpdateSummary } = {};
    return slots.run(slot, () =>
      run({
        ...opts,
        onEvent: (event: EngineEvent) => {
          if (event.summaryEvent) {
            slot.summary = summaryOf(kind, startTime, event.summaryEvent.resourceChanges);
          }
          opts?.onEvent?.(event);
        },
      }),
    );
  }
  const up = stack.up.bind(stack);
  const destroy = stack.destroy.bind(stack);
  const refresh = stack.refresh.bind(stack);
  stack.up = (opts) => summarised("update", opts, up);
  stack.destroy = (opts) => summarised("destroy", opts, destroy);
  stack.refresh = (opts) => summarised("refresh", opts, refresh);
}
