/** Types for scripts/sdk.js, the SDK tool (see its header comment). */

/** Where {@link generateSdk} and {@link checkSdk} read and write. */
export interface SdkOptions {
  /** The package schema; default schema.json of the repository. */
  schema?: string;
  /** The SDK folder holding nodejs/, python/ and go/; default sdk/ of the repository. */
  out?: string;
}
/** The language folders the SDK tool generates, in its order. */
export const LANGUAGES: readonly ["nodejs", "python", "go"];
/** Generates the SDKs, replacing the language folders of `out`; returns gensdk's summary lines. */
export function generateSdk(opts?: SdkOptions): string[];
/** Regenerates into a temporary folder; returns how `out` differs from it (empty: up to date). */
export function checkSdk(opts?: SdkOptions): string[];
/** How the language folders of `actualDir` differ from those of `expectedDir`, as `path: what` lines. */
export function compareSdk(expectedDir: string, actualDir: string): string[];
