/**
 * Command-line parsing for `trtc-emulator` (issue 3 §9), kept apart from the entry point so it
 * can be unit-tested without starting a process.
 */
import { type Action, ACTIONS } from "./constants";
import type { EmulatorOptions } from "./index";
import { type ApiKey, parseKey } from "./keys";
import { isSite } from "./sites";

/** Usage text printed by `--help` and after a flag error. */
export const USAGE = `Usage: trtc-emulator [flags]

  --port N                      TCP port, 0 = a free one (default 8787)
  --host H                      interface to listen on (default 127.0.0.1); any address
                                but loopback warns: others can then reach /_emulator
  --state FILE                  persist tasks across restarts (written atomically)
  --site intl|china             the site played: regions per action, default caps (default intl)
  --secret-id ID                accepted SecretId (env TRTC_EMULATOR_SECRET_ID)
  --secret-key KEY              accepted SecretKey (env TRTC_EMULATOR_SECRET_KEY)
  --token TOKEN                 make that key temporary with this X-TC-Token
                                (env TRTC_EMULATOR_TOKEN)
  --key ID=SECRET[@ACCOUNT]     another permanent key; keys of one ACCOUNT share its rate
                                caps (default: an account of its own); repeatable
  --temp-key ID=SECRET:TOKEN    a temporary key that must send X-TC-Token TOKEN; repeatable
  --deny ID:ACTION|ID:SDKAPPID  CAM denial: AuthFailure.UnauthorizedOperation for the action,
                                UnauthorizedOperation.SdkAppId for the app; repeatable
  --app SDKAPPID=KEY            known app and its UserSig key; repeatable; replaces the default
                                app 1400000000=emulator-app-key
  --rate ACTION=N               requests/s per account, e.g. Start=20 or
                                ControlAIConversation=0 (0 = unlimited); repeatable
                                (default: the site's caps)
  --preparing-ms N              Preparing -> InProgress delay (default 1000)
  --stopped-retention-seconds N how long Stopped tasks stay visible (default 30)
  --stopped-cleanup-ms N        how long a Stopped task keeps cleaning up, still
                                de-duplicating Starts (emulator ms, default 0)
  --dedupe session|room-bot     Start's TaskExist rule: SdkAppId + SessionId (default), or
                                also SdkAppId + RoomId + RoomIdType + bot UserId
  --describe-shape sdk-model|china-example
                                Describe's answer: the SDK model (default), or Status and
                                StartTime only, as the China-site example
  --max-tasks N                 active tasks per SdkAppId before Start answers
                                ResourceInsufficient.RequestRejection (default: no limit)
  --visible-after-ms N          Describe answers FailedOperation.TaskNotExist for a task
                                until N ms after its Start (emulator ms; Stop, Update and
                                Control find it at once; default 0)
  --not-allowed SDKAPPID        Start for that app answers FailedOperation.NotAllowed;
                                repeatable
  --quiet                       no per-request log lines on stderr
  --help                        show this text
`;

/**
 * Where the main key's secret parts came from, so the start-up lines can name their source
 * without printing them.
 */
export interface CredentialSources {
  /** `--secret-key`, the `TRTC_EMULATOR_SECRET_KEY` variable, or the documented default. */
  secretKey: "--secret-key" | "TRTC_EMULATOR_SECRET_KEY" | "default";
  /** `--token` or the `TRTC_EMULATOR_TOKEN` variable; absent when the key is permanent. */
  token?: "--token" | "TRTC_EMULATOR_TOKEN";
}

/** The result of parsing: options for `startEmulator`, or a request for help. */
export type ParsedArgs =
  { help: true } | { help: false; options: EmulatorOptions; sources: CredentialSources };

/** Default CLI port (the programmatic API defaults to 0). */
export const DEFAULT_CLI_PORT = 8787;

function number(flag: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new Error(`Invalid value for ${flag}: ${JSON.stringify(text)}. Use a number.`);
  }
  return value;
}

function pair(flag: string, text: string): [string, string] {
  const at = text.indexOf("=");
  if (at <= 0 || at === text.length - 1) {
    throw new Error(`Invalid value for ${flag}: ${JSON.stringify(text)}. Use NAME=VALUE.`);
  }
  return [text.slice(0, at), text.slice(at + 1)];
}

/** Said instead of a value that may hold a secret, which an error never repeats. */
const NOT_SHOWN = "(the value is not shown: it may hold a secret)";

/** `--app SDKAPPID=KEY`, with errors that never repeat the key. */
function app(text: string): [string, string] {
  const at = text.indexOf("=");
  if (at <= 0) {
    throw new Error(`Invalid value for --app ${NOT_SHOWN}. Use SDKAPPID=KEY.`);
  }
  if (at === text.length - 1) {
    throw new Error(
      `Invalid value for --app ${text.slice(0, at)}: the UserSig key is empty. Use SDKAPPID=KEY.`,
    );
  }
  return [text.slice(0, at), text.slice(at + 1)];
}

/**
 * `--key` / `--temp-key`. `parseKey`'s own errors quote the whole value, secret included, so they
 * are replaced by one that names only the SecretId (the part before `=`).
 */
function key(flag: "--key" | "--temp-key", text: string): ApiKey {
  try {
    return parseKey(text, flag === "--temp-key");
  } catch {
    const eq = text.indexOf("=");
    const which = eq > 0 ? ` for SecretId ${text.slice(0, eq)}` : ` ${NOT_SHOWN}`;
    const form = flag === "--temp-key" ? "ID=SECRET:TOKEN" : "ID=SECRET[@ACCOUNT]";
    throw new Error(`Invalid value for ${flag}${which}. Use ${form}.`);
  }
}

function actionName(text: string): Action {
  const full = text.endsWith("AIConversation") ? text : `${text}AIConversation`;
  const action = ACTIONS.find((a) => a.toLowerCase() === full.toLowerCase());
  if (!action) {
    throw new Error(
      `Invalid action in --rate: ${text}. Use Start, Stop, Describe, Update or Control ` +
        `(or the full action name).`,
    );
  }
  return action;
}

/**
 * Parse flags (both `--flag value` and `--flag=value`) and the environment.
 *
 * @param argv - Arguments after the script name.
 * @param env - Environment variables (for the credential fallbacks).
 * @returns Options, or `{ help: true }`.
 * @throws Error naming the bad flag and what it accepts.
 */
export function parseArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ParsedArgs {
  const options: EmulatorOptions = { port: DEFAULT_CLI_PORT, quiet: false };
  const sources: CredentialSources = { secretKey: "default" };
  if (env.TRTC_EMULATOR_SECRET_ID) options.secretId = env.TRTC_EMULATOR_SECRET_ID;
  if (env.TRTC_EMULATOR_SECRET_KEY) {
    options.secretKey = env.TRTC_EMULATOR_SECRET_KEY;
    sources.secretKey = "TRTC_EMULATOR_SECRET_KEY";
  }
  if (env.TRTC_EMULATOR_TOKEN) {
    options.token = env.TRTC_EMULATOR_TOKEN;
    sources.token = "TRTC_EMULATOR_TOKEN";
  }
  const apps: Record<string, string> = {};
  const rates: Partial<Record<Action, number>> = {};
  const keys: ApiKey[] = [];
  const deny: string[] = [];
  const notAllowed: number[] = [];
  const oneOf = <T extends string>(flag: string, value: string, allowed: readonly T[]): T => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new Error(
        `Invalid value for ${flag}: ${JSON.stringify(value)}. Allowed values are: ${allowed.join(", ")}.`,
      );
    }
    return value as T;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return { help: true };
    if (arg === "--quiet") {
      options.quiet = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (flag !== arg) return arg.slice(eq + 1);
      const value = argv[++i];
      if (value === undefined) throw new Error(`${flag} needs a value.\n\n${USAGE}`);
      return value;
    };
    switch (flag) {
      case "--port":
        options.port = number(flag, takeValue(), true);
        break;
      case "--host":
        options.host = takeValue();
        break;
      case "--state":
        options.statePath = takeValue();
        break;
      case "--secret-id":
        options.secretId = takeValue();
        break;
      case "--secret-key":
        options.secretKey = takeValue();
        sources.secretKey = "--secret-key";
        break;
      case "--token":
        options.token = takeValue();
        sources.token = "--token";
        break;
      case "--app": {
        const [sdkAppId, appKey] = app(takeValue());
        apps[sdkAppId] = appKey;
        break;
      }
      case "--rate": {
        const [action, rate] = pair(flag, takeValue());
        rates[actionName(action)] = number(flag, rate, false);
        break;
      }
      case "--preparing-ms":
        options.preparingMs = number(flag, takeValue(), false);
        break;
      case "--stopped-retention-seconds":
        options.stoppedRetentionSeconds = number(flag, takeValue(), false);
        break;
      case "--stopped-cleanup-ms":
        options.stoppedCleanupMs = number(flag, takeValue(), false);
        break;
      case "--site": {
        const site = takeValue();
        if (!isSite(site)) oneOf(flag, site, ["intl", "china"]);
        options.site = site as "intl" | "china";
        break;
      }
      case "--dedupe":
        options.dedupe = oneOf(flag, takeValue(), ["session", "room-bot"] as const);
        break;
      case "--describe-shape":
        options.describeShape = oneOf(flag, takeValue(), ["sdk-model", "china-example"] as const);
        break;
      case "--max-tasks":
        options.maxTasks = number(flag, takeValue(), true);
        break;
      case "--visible-after-ms":
        options.visibleAfterMs = number(flag, takeValue(), false);
        break;
      case "--not-allowed":
        notAllowed.push(number(flag, takeValue(), true));
        break;
      case "--key":
      case "--temp-key":
        keys.push(key(flag, takeValue()));
        break;
      case "--deny":
        deny.push(takeValue());
        break;
      default:
        // Only a flag's name is repeated: a stray argument or a `--flag=value` may hold a secret.
        throw new Error(
          arg.startsWith("-")
            ? `Unknown flag: ${arg.split("=")[0]}.\n\n${USAGE}`
            : `Unexpected argument at position ${i + 1} ${NOT_SHOWN}: every argument is a --flag or a flag's value.\n\n${USAGE}`,
        );
    }
  }
  if (Object.keys(apps).length > 0) options.apps = apps;
  if (Object.keys(rates).length > 0) options.rates = rates;
  if (keys.length > 0) options.keys = keys;
  if (deny.length > 0) options.deny = deny;
  if (notAllowed.length > 0) options.notAllowed = notAllowed;
  return { help: false, options, sources };
}
