/**
 * A local stand-in for the TencentCloud API 3.0 endpoint of TRTC's AI-conversation actions
 * (StartAIConversation, DescribeAIConversation, StopAIConversation, UpdateAIConversation,
 * ControlAIConversation), faithful enough that the official `tencentcloud-sdk-nodejs` client,
 * unmodified, cannot tell the difference for what the documents describe.
 *
 * @example
 * const emulator = await startEmulator();
 * const client = new Client({
 *   credential: { secretId: emulator.secretId, secretKey: emulator.secretKey },
 *   region: "ap-guangzhou",
 *   profile: { httpProfile: { endpoint: `${emulator.host}:${emulator.port}`, protocol: "http://" } },
 * });
 * // ...
 * await emulator.stop();
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorClock, realClock, toIso } from "./clock";
import { type Action, ACTIONS } from "./constants";
import { FaultInjector, type FaultSpec, parseFaultSpec } from "./faults";
import type { EmulatorControls } from "./inspection";
import { KeyRing, type ApiKey } from "./keys";
import { RateLimiter } from "./rate-limit";
import { isSite, SITE_RATES, type Site } from "./sites";
import { RequestLog } from "./request-log";
import { createRequestHandler } from "./server";
import { TaskStore } from "./store";
import type { StateWrite } from "./state-writer";

export type { Action } from "./constants";
export { ACTIONS, API_VERSION, REGIONS } from "./constants";
export { DEFAULT_RATES } from "./rate-limit";
export { SITES, SITE_RATES, SITE_REGIONS } from "./sites";
export type { Site } from "./sites";
export type { ApiKey } from "./keys";
export type { FaultMode, FaultSpec } from "./faults";
export type { RequestLogEntry } from "./request-log";
export type { TaskStatus, TaskView } from "./store";
export type { EmulatorControls } from "./inspection";
export { generateUserSig, verifyUserSig, decodeUserSig } from "./usersig";
export type { UserSigParams, DecodedUserSig } from "./usersig";

/** The SecretId the emulator accepts unless told otherwise. */
export const DEFAULT_SECRET_ID = "AKIDEMULATOR0000000000000000000000";

/** The SecretKey the emulator accepts unless told otherwise. Not a secret: it is documented. */
export const DEFAULT_SECRET_KEY = "emulator-secret-key";

/** The app the emulator knows unless told otherwise: SdkAppId -> UserSig key. */
export const DEFAULT_APPS: Readonly<Record<string, string>> = { "1400000000": "emulator-app-key" };

/** Options of {@link startEmulator}; all optional. */
export interface EmulatorOptions {
  /**
   * TCP port; `0` picks a free one (read it from the result).
   * @default 0
   */
  port?: number;
  /**
   * Interface to listen on.
   * @default "127.0.0.1"
   */
  host?: string;
  /**
   * The SecretId clients must sign with.
   * @default "AKIDEMULATOR0000000000000000000000"
   */
  secretId?: string;
  /**
   * The matching SecretKey.
   * @default "emulator-secret-key"
   */
  secretKey?: string;
  /**
   * When set, the key above is a temporary one: every call with it must carry this
   * `X-TC-Token`. Otherwise it is permanent, and a call that sends a token is refused with
   * `AuthFailure.TokenFailure`.
   */
  token?: string;
  /**
   * More accepted keys (`--key`, `--temp-key`): each with its account (default: an account of
   * its own) and, for a temporary key, its token. Keys of one account share its rate caps and its
   * tasks: a task is found only with keys of the account that started it (others get
   * `FailedOperation.TaskNotExist`). The main key (`secretId`) is an account of its own, unless
   * listed here with an account.
   */
  keys?: ApiKey[];
  /**
   * CAM denials: `SECRETID:ACTION` answers `AuthFailure.UnauthorizedOperation`,
   * `SECRETID:SDKAPPID` answers `UnauthorizedOperation.SdkAppId`.
   */
  deny?: string[];
  /**
   * Which site the emulator plays: the regions each action accepts and the default caps.
   * @default "intl"
   */
  site?: Site;
  /**
   * DescribeAIConversation's answer: the SDK model's fields, or the China-site example's
   * (Status and StartTime only).
   * @default "sdk-model"
   */
  describeShape?: "sdk-model" | "china-example";
  /**
   * Start's de-duplication: by SdkAppId + SessionId, or also by SdkAppId + RoomId + RoomIdType +
   * bot UserId (`room-bot`).
   * @default "session"
   */
  dedupe?: "session" | "room-bot";
  /**
   * Emulator milliseconds a stopped task stays "Stopped, cleaning up", still de-duplicating.
   * @default 0
   */
  stoppedCleanupMs?: number;
  /** Active tasks per SdkAppId past which Start answers `ResourceInsufficient.RequestRejection`. */
  maxTasks?: number;
  /**
   * Emulator milliseconds after its Start during which a task answers
   * `FailedOperation.TaskNotExist` to DescribeAIConversation, by TaskId and by SdkAppId +
   * SessionId (which then finds an older task of that session, if one is still shown). Stop,
   * Update and Control find it at once, and it holds its SessionId for Start's de-duplication from
   * the start. Tests a client against a Describe that lags Start; the real lag, if any, is not
   * documented. Advance the clock to end it early.
   * @default 0
   * @example
   * await startEmulator({ visibleAfterMs: 2000 }); // Describe finds a task 2 s after its Start
   */
  visibleAfterMs?: number;
  /**
   * SdkAppIds whose StartAIConversation answers `FailedOperation.NotAllowed` ("This operation is
   * not allowed, please submit a ticket to contact us"), whatever the request.
   * @default []
   */
  notAllowed?: number[];
  /**
   * Known apps, SdkAppId -> UserSig key. Start with another SdkAppId fails with
   * `FailedOperation.NotAbility`; UserSigs are verified with the app's key.
   * @default { "1400000000": "emulator-app-key" }
   */
  apps?: Record<string, string>;
  /**
   * Requests per second per account for each action; `0` or negative = unlimited.
   * @default the site's caps: intl Start 50, Stop/Describe/Update 20, Control 50; china 50 each
   */
  rates?: Partial<Record<Action, number>>;
  /**
   * Emulator-clock milliseconds from Preparing to InProgress; `0` = InProgress at once.
   * @default 1000
   */
  preparingMs?: number;
  /**
   * Seconds a Stopped task stays visible to Describe (as `Stopped`) before it is gone.
   * @default 30
   */
  stoppedRetentionSeconds?: number;
  /**
   * How far the emulator's real clock is ahead of this machine's, in seconds (negative: behind).
   * Simulates a client machine whose clock is off: signatures older or newer than 300 s by the
   * emulator's clock fail with `AuthFailure.SignatureExpire`.
   * @default 0
   */
  realClockOffsetSeconds?: number;
  /**
   * Milliseconds a client has to send a whole request (headers and body); a slower one is
   * answered 408 and its connection closed, so a body that never finishes cannot hold a
   * connection forever.
   * @default 30000
   */
  requestTimeoutMs?: number;
  /**
   * Persist tasks, rooms and the clock offset to this JSON file (loaded at start if present; a
   * file wrong in content is refused, naming the first bad entry). Changes are written at most
   * every 100 ms and once more by {@link RunningEmulator.stop}, each time to a fresh temporary
   * file renamed over this one (a symbolic link here is replaced, never written through). A
   * failed write is reported on stderr and retried; it never fails an API call.
   */
  statePath?: string;
  /**
   * Suppress the one-line-per-call log on stderr.
   * @default true
   */
  quiet?: boolean;
}

/** A running emulator: where it is, what it accepts, and test controls. */
export interface RunningEmulator extends EmulatorControls {
  /** Base URL, e.g. `http://127.0.0.1:43521`. */
  url: string;
  /** The host it listens on. */
  host: string;
  /** The bound port. */
  port: number;
  /** The accepted SecretId. */
  secretId: string;
  /** The accepted SecretKey. */
  secretKey: string;
  /** The site the emulator plays. */
  site: Site;
  /** Known apps, SdkAppId -> UserSig key. */
  apps: Readonly<Record<string, string>>;
  /** Add a fault (validated; throws Error naming a bad field). */
  addFault(spec: FaultSpec | Record<string, unknown>): void;
  /**
   * Close the server and every open connection, then write the state file's last changes
   * (`statePath`). Safe to call twice.
   */
  stop(): Promise<void>;
}

/**
 * Hooks for the emulator's own tests, not part of its interface: they count or fail state file
 * writes and capture what is logged about them.
 *
 * @internal
 */
export interface EmulatorInternals {
  /** Least time between two state file writes, milliseconds (default 100). */
  stateWriteIntervalMs?: number;
  /** Replaces the state file write. */
  writeState?: StateWrite;
  /** Receives the lines about state file writes instead of stderr. */
  stateLog?: (line: string) => void;
}

/** A value as an error message shows it: numbers as they are, anything else as JSON. */
function shown(value: unknown): string {
  return typeof value === "number" ? String(value) : JSON.stringify(value);
}

function checkOptions(options: EmulatorOptions): void {
  const { port, preparingMs, stoppedRetentionSeconds, apps, rates } = options;
  if (options.site !== undefined && !isSite(options.site)) {
    throw new Error(`Invalid value for site: ${options.site}. Allowed values are: intl, china.`);
  }
  if (
    options.describeShape !== undefined &&
    !["sdk-model", "china-example"].includes(options.describeShape)
  ) {
    throw new Error(
      `Invalid value for describeShape: ${options.describeShape}. Allowed values are: sdk-model, china-example.`,
    );
  }
  if (options.dedupe !== undefined && !["session", "room-bot"].includes(options.dedupe)) {
    throw new Error(
      `Invalid value for dedupe: ${options.dedupe}. Allowed values are: session, room-bot.`,
    );
  }
  const cleanup = options.stoppedCleanupMs;
  if (cleanup !== undefined && !(Number.isFinite(cleanup) && cleanup >= 0)) {
    throw new Error(`Invalid value for stoppedCleanupMs: ${cleanup}. Use a number >= 0.`);
  }
  const timeout = options.requestTimeoutMs;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 100)) {
    throw new Error(`Invalid value for requestTimeoutMs: ${timeout}. Use an integer >= 100.`);
  }
  const visibleAfter = options.visibleAfterMs;
  if (visibleAfter !== undefined && !(Number.isFinite(visibleAfter) && visibleAfter >= 0)) {
    throw new Error(`Invalid value for visibleAfterMs: ${visibleAfter}. Use a number >= 0.`);
  }
  const notAllowed: unknown = options.notAllowed;
  if (notAllowed !== undefined) {
    if (!Array.isArray(notAllowed)) {
      throw new Error(
        `Invalid value for notAllowed: ${shown(notAllowed)}. Use an array of SdkAppIds.`,
      );
    }
    for (const sdkAppId of notAllowed) {
      if (!(Number.isInteger(sdkAppId) && sdkAppId >= 1 && sdkAppId <= 4294967295)) {
        throw new Error(
          `Invalid value in notAllowed: ${shown(sdkAppId)}. Use SdkAppIds, integers ` +
            `from 1 to 4294967295.`,
        );
      }
    }
  }
  const maxTasks = options.maxTasks;
  if (maxTasks !== undefined && !(Number.isInteger(maxTasks) && maxTasks >= 0)) {
    throw new Error(`Invalid value for maxTasks: ${maxTasks}. Use an integer >= 0.`);
  }
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new Error(`Invalid value for port: ${port}. Use an integer from 0 to 65535 (0 = free).`);
  }
  if (preparingMs !== undefined && !(Number.isFinite(preparingMs) && preparingMs >= 0)) {
    throw new Error(`Invalid value for preparingMs: ${preparingMs}. Use a number >= 0.`);
  }
  if (
    stoppedRetentionSeconds !== undefined &&
    !(Number.isFinite(stoppedRetentionSeconds) && stoppedRetentionSeconds >= 0)
  ) {
    throw new Error(
      `Invalid value for stoppedRetentionSeconds: ${stoppedRetentionSeconds}. Use a number >= 0.`,
    );
  }
  for (const [sdkAppId, key] of Object.entries(apps ?? {})) {
    if (!/^[1-9]\d{0,9}$/.test(sdkAppId) || typeof key !== "string" || key === "") {
      throw new Error(
        `Invalid app ${sdkAppId}: an app is a numeric SdkAppId mapped to a non-empty UserSig key.`,
      );
    }
  }
  for (const [action, rate] of Object.entries(rates ?? {})) {
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new Error(`Invalid rate action: ${action}. Allowed values are: ${ACTIONS.join(", ")}.`);
    }
    if (typeof rate !== "number" || Number.isNaN(rate)) {
      throw new Error(`Invalid rate for ${action}: ${rate}. Use a number (0 or less = unlimited).`);
    }
  }
}

/**
 * Start an emulator.
 *
 * @param options - See {@link EmulatorOptions}; everything has a default.
 * @param internals - For the emulator's own tests only (see {@link EmulatorInternals}).
 * @returns The running emulator once it is listening.
 * @throws Error for invalid options, an unreadable or wrong state file, or a port that cannot be
 *   bound.
 */
export async function startEmulator(
  options: EmulatorOptions = {},
  internals: EmulatorInternals = {},
): Promise<RunningEmulator> {
  checkOptions(options);
  const host = options.host ?? "127.0.0.1";
  const secretId = options.secretId ?? DEFAULT_SECRET_ID;
  const secretKey = options.secretKey ?? DEFAULT_SECRET_KEY;
  const site = options.site ?? "intl";
  const keys = new KeyRing(
    [
      { secretId, secretKey, ...(options.token === undefined ? {} : { token: options.token }) },
      ...(options.keys ?? []),
    ],
    options.deny,
  );
  const apps: Readonly<Record<string, string>> = { ...(options.apps ?? DEFAULT_APPS) };
  const quiet = options.quiet ?? true;

  const realOffsetMs = (options.realClockOffsetSeconds ?? 0) * 1000;
  const clock = new EmulatorClock(
    realOffsetMs === 0 ? realClock : () => realClock() + realOffsetMs,
  );
  const store = new TaskStore(clock, {
    preparingMs: options.preparingMs ?? 1000,
    stoppedRetentionSeconds: options.stoppedRetentionSeconds ?? 30,
    stoppedCleanupMs: options.stoppedCleanupMs ?? 0,
    visibleAfterMs: options.visibleAfterMs ?? 0,
    ...(options.statePath === undefined
      ? {}
      : {
          state: {
            path: options.statePath,
            // A file written before tasks recorded their account gives them to the main key's.
            defaultAccount: keys.accountOf(secretId),
            sdkAppIds: new Set(Object.keys(apps).map(Number)),
            ...(internals.stateWriteIntervalMs === undefined
              ? {}
              : { writeIntervalMs: internals.stateWriteIntervalMs }),
            ...(internals.writeState === undefined ? {} : { write: internals.writeState }),
            ...(internals.stateLog === undefined ? {} : { log: internals.stateLog }),
          },
        }),
  });
  const limiter = new RateLimiter(options.rates, undefined, SITE_RATES[site]);
  const faults = new FaultInjector();
  const log = new RequestLog();

  const controls: EmulatorControls = {
    tasks: () => store.list(),
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    advanceClock: (seconds) => {
      clock.advance(seconds);
      store.refresh();
      store.persist();
      return toIso(clock.nowMs());
    },
    clock: () => ({ now: toIso(clock.nowMs()), offsetSeconds: clock.offset / 1000 }),
    holdStatus: (taskId, status) => {
      const task = store.get(taskId);
      if (!task) return undefined;
      store.holdStatus(task, status);
      return store.list().find((t) => t.taskId === taskId);
    },
    setStreaming: (roomId, userId, streaming) => store.setStreaming(roomId, userId, streaming),
    addFault: (spec) => faults.add(parseFaultSpec(spec)),
    faults: () => faults.list(),
    clearFaults: () => faults.clear(),
    reset: () => {
      faults.clear();
      log.clear();
      limiter.reset();
      clock.reset();
      store.reset();
    },
  };

  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const server = createServer(
    {
      requestTimeout,
      headersTimeout: Math.min(requestTimeout, 20_000),
      // How often Node checks those timeouts (its default, 30 s, would let them overrun).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, requestTimeout / 2)),
    },
    createRequestHandler({
      api: {
        keys,
        site,
        rules: {
          describeShape: options.describeShape ?? "sdk-model",
          dedupe: options.dedupe ?? "session",
          ...(options.maxTasks === undefined ? {} : { maxTasks: options.maxTasks }),
          ...(options.notAllowed === undefined ? {} : { notAllowed: new Set(options.notAllowed) }),
        },
        clock,
        limiter,
        faults,
        store,
        apps,
        onInternalError: (error) => {
          process.stderr.write(
            `trtc-emulator internal error: ${(error as Error)?.stack ?? error}\n`,
          );
        },
      },
      controls,
      log,
      ...(quiet ? {} : { logLine: (line: string) => process.stderr.write(`${line}\n`) }),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // A late socket error must not become an unhandled 'error' event that kills the process.
  server.on("error", (error) => process.stderr.write(`trtc-emulator server error: ${error}\n`));

  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let stopping: Promise<void> | undefined;

  return {
    ...controls,
    url: `http://${urlHost}:${port}`,
    host,
    port,
    secretId,
    secretKey,
    site,
    apps,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => {
          // After the last call, so the file holds everything a client was answered.
          store.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
