/** Test wiring between the emulator and Pulumi stacks: the stack config that points at it. */
import type { RunningEmulator } from "../../emulator";

/** Stack config that points the provider at `emulator` with its credentials (the key as a secret). */
export function emulatorStackConfig(emulator: RunningEmulator): {
  config: Record<string, string>;
  secretConfig: Record<string, string>;
} {
  return {
    config: { "trtc:endpoint": emulator.url, "trtc:secretId": emulator.secretId },
    secretConfig: { "trtc:secretKey": emulator.secretKey },
  };
}

/** Tasks the emulator reports as running (Preparing or InProgress). */
export function runningTasks(emulator: RunningEmulator) {
  return emulator.tasks().filter((t) => t.status === "Preparing" || t.status === "InProgress");
}
