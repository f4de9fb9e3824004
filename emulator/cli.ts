#!/usr/bin/env node
/**
 * `trtc-emulator` / `npm run emulator -- [flags]`: run the TRTC AI-conversation emulator.
 *
 * The first stdout line is exactly `listening on http://HOST:PORT` (with the real port when
 * `--port 0`), so scripts can wait for it and parse the port; the accepted credentials follow.
 * SIGINT and SIGTERM close the server and exit 0.
 */
import { SITE_REGIONS, startEmulator } from "./index";
import { USAGE, parseArgs } from "./cli-args";

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`trtc-emulator: ${(error as Error).message}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }

  let emulator;
  try {
    emulator = await startEmulator(parsed.options);
  } catch (error) {
    process.stderr.write(`trtc-emulator: ${(error as Error).message}\n`);
    process.exit(1);
  }

  const lines = [
    `listening on ${emulator.url}`,
    `SecretId:  ${emulator.secretId}`,
    // The emulator's own credentials are meant to be copied into a client's configuration.
    `SecretKey: ${emulator.secretKey}`,
    ...Object.entries(emulator.apps).map(([id, key]) => `App:       ${id} (UserSig key ${key})`),
    `Site:      ${emulator.site}`,
    `Regions:   Start/Control ${SITE_REGIONS[emulator.site].StartAIConversation.join(", ")}; Stop/Describe/Update ${SITE_REGIONS[emulator.site].StopAIConversation.join(", ")}`,
    `Inspect:   ${emulator.url}/_emulator/tasks`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);

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
}

void main();
