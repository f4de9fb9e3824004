/**
 * The API keys the emulator accepts, the account each belongs to, and what CAM denies them.
 *
 * - A permanent key (`--key ID=SECRET[@ACCOUNT]`, or `--secret-id`/`--secret-key`) signs with
 *   its SecretKey alone: "a permanent key needs no Token" (API 3.0 common parameters,
 *   cloud.tencent.com/document/api/270/35296). A token sent with one is refused with
 *   `AuthFailure.TokenFailure` (assumed: the pages are silent; refusing surfaces a stale
 *   environment token instead of hiding it).
 * - A temporary key (`--temp-key ID=SECRET:TOKEN`) must send its token in `X-TC-Token`, else
 *   `AuthFailure.TokenFailure`.
 * - Keys of one account share that account's rate caps (the common error table's
 *   `RequestLimitExceeded.UinLimitExceeded`, "main account frequency limit"); a key without
 *   `@ACCOUNT` is an account of its own.
 * - `--deny ID:ACTION` answers `AuthFailure.UnauthorizedOperation` (CAM), `--deny ID:SDKAPPID`
 *   answers `UnauthorizedOperation.SdkAppId` (TRTC error codes of the SDK).
 */
import { type Action, ACTIONS } from "./constants";

/** One accepted key. */
export interface ApiKey {
  /** The SecretId. */
  secretId: string;
  /** Its SecretKey. */
  secretKey: string;
  /** The account whose caps it counts against; default: its own SecretId. */
  account?: string;
  /** For a temporary key: the X-TC-Token it must send. */
  token?: string;
}

/** What CAM forbids a key. */
export interface KeyDenials {
  /** Actions the key may not call. */
  actions: ReadonlySet<Action>;
  /** SdkAppIds the key may not use. */
  sdkAppIds: ReadonlySet<number>;
}

const NO_DENIALS: KeyDenials = { actions: new Set(), sdkAppIds: new Set() };

/** Keys by SecretId, with their denials. */
export class KeyRing {
  private readonly keys = new Map<string, ApiKey>();
  private readonly denials = new Map<string, { actions: Set<Action>; sdkAppIds: Set<number> }>();

  /**
   * @param keys - The accepted keys (a later one with the same SecretId replaces an earlier).
   * @param deny - Entries `SECRETID:ACTION` (full or short action name) or `SECRETID:SDKAPPID`.
   * @throws Error naming a malformed key or denial.
   */
  constructor(keys: readonly ApiKey[], deny: readonly string[] = []) {
    for (const key of keys) {
      if (!key.secretId || !key.secretKey) {
        throw new Error("Invalid key: a key needs a non-empty SecretId and SecretKey.");
      }
      if (key.token !== undefined && key.token === "") {
        throw new Error(`Invalid temporary key ${key.secretId}: its token is empty.`);
      }
      this.keys.set(key.secretId, key);
    }
    for (const entry of deny) this.addDenial(entry);
  }

  private addDenial(entry: string): void {
    const at = entry.lastIndexOf(":");
    const secretId = entry.slice(0, at);
    const what = entry.slice(at + 1);
    if (at <= 0 || !what) {
      throw new Error(
        `Invalid deny entry ${JSON.stringify(entry)}: use SECRETID:ACTION (e.g. AKID...:Stop) or SECRETID:SDKAPPID.`,
      );
    }
    const denial = this.denials.get(secretId) ?? { actions: new Set(), sdkAppIds: new Set() };
    this.denials.set(secretId, denial);
    if (/^[1-9]\d{0,9}$/.test(what)) {
      denial.sdkAppIds.add(Number(what));
      return;
    }
    const full = what.endsWith("AIConversation") ? what : `${what}AIConversation`;
    const action = ACTIONS.find((a) => a.toLowerCase() === full.toLowerCase());
    if (!action) {
      throw new Error(
        `Invalid deny entry ${JSON.stringify(entry)}: ${what} is neither an SdkAppId nor an action ` +
          `(Start, Stop, Describe, Update, Control).`,
      );
    }
    denial.actions.add(action);
  }

  /** The key with this SecretId, if accepted. */
  get(secretId: string): ApiKey | undefined {
    return this.keys.get(secretId);
  }

  /** The account a key's calls count against. */
  accountOf(secretId: string): string {
    return this.keys.get(secretId)?.account ?? secretId;
  }

  /** What CAM denies a key. */
  denialsOf(secretId: string): KeyDenials {
    return this.denials.get(secretId) ?? NO_DENIALS;
  }

  /** Every accepted key. */
  list(): ApiKey[] {
    return [...this.keys.values()];
  }
}

/**
 * Parse `ID=SECRET[@ACCOUNT]` (`--key`) or `ID=SECRET:TOKEN` (`--temp-key`).
 *
 * @param text - The flag's value.
 * @param temporary - Whether it is a `--temp-key`.
 * @throws Error naming the expected form.
 */
export function parseKey(text: string, temporary: boolean): ApiKey {
  const eq = text.indexOf("=");
  const form = temporary ? "ID=SECRET:TOKEN" : "ID=SECRET[@ACCOUNT]";
  if (eq <= 0 || eq === text.length - 1) {
    throw new Error(`Invalid key ${JSON.stringify(text)}: use ${form}.`);
  }
  const secretId = text.slice(0, eq);
  const rest = text.slice(eq + 1);
  if (temporary) {
    const colon = rest.lastIndexOf(":");
    if (colon <= 0 || colon === rest.length - 1) {
      throw new Error(`Invalid temporary key ${JSON.stringify(text)}: use ${form}.`);
    }
    return { secretId, secretKey: rest.slice(0, colon), token: rest.slice(colon + 1) };
  }
  const at = rest.lastIndexOf("@");
  if (at === 0 || at === rest.length - 1) {
    throw new Error(`Invalid key ${JSON.stringify(text)}: use ${form}.`);
  }
  return at > 0
    ? { secretId, secretKey: rest.slice(0, at), account: rest.slice(at + 1) }
    : { secretId, secretKey: rest };
}
