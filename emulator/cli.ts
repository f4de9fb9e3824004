#!/usr/bin/env node
/**
 * `trtc-emulator` / `npm run emulator -- [flags]`: run the TRTC AI-conversation emulator.
 *
 * The first stdout line is exactly `listening on http://HOST:PORT` (with the real port when
 * `--port 0`), so scripts can wait for it and parse the port; the accepted SecretIds, accounts
 * and apps follow, never a SecretKey, token or UserSig key (CI logs keep this output). A `--host`
 * other than loopback adds a warning on stderr. SIGINT and SIGTERM close the server and exit 0.
 */
import { DEFAULT_APPS, DEFAULT_SECRET_KEY, startEmulator } from "./index";
import { bannerLines, exposureWarning } from "./banner";
import { USAGE, parseArgs } from "./cli-args";
import type { EmulatorOptions } from "./index";

/** Every secret the options hold, the documented defaults included. */
function secretsOf(options: EmulatorOptions): string[] {
  return [
    options.secretKey ?? DEFAULT_SECRET_KEY,
    options.token,
    ...(options.keys ?? []).flatMap((key) => [key.secretKey, key.token]),
    ...Object.values(options.apps ?? DEFAULT_APPS),
  ].filter((secret): secret is string => typeof secret === "string" && secret !== "");
}

/**
 * An error message with any configured secret replaced by `***`. The emulator's own messages
 * hold none; this keeps one from reaching a CI log should a message ever quote an option.
 */
function scrubbed(message: string, secrets: readonly string[]): string {
  return secrets.reduce((text, secret) => text.split(secret).join("***"), message);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2), process.env);
  } catch (error) {
    // parseArgs never quotes a value that may hold a secret.
    process.stderr.write(`trtc-emulator: ${(error as Error).message}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  const { options, sources } = parsed;

  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    process.stderr.write(
      `trtc-emulator: ${scrubbed((error as Error).message, secretsOf(options))}\n`,
    );
    process.exit(1);
  }

  // Handlers first: a script may send SIGTERM as soon as it reads the banner.
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`trtc-emulator: ${signal}, shutting down\n`);
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));

  // Before the banner, so a log cut off right after it still holds the warning.
  const warning = exposureWarning(emulator.host, emulator.port);
  if (warning) process.stderr.write(`${warning}\n`);
  const lines = bannerLines({
    url: emulator.url,
    secretId: emulator.secretId,
    sources,
    keys: options.keys ?? [],
    apps: emulator.apps,
    appsFromFlags: options.apps !== undefined,
    site: emulator.site,
  });
  process.stdout.write(`${lines.join("\n")}\n`);
}

void main();
