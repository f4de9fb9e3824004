/**
 * The `pulumi-resource-trtc` plugin's entry point. The engine starts it (with its own address as
 * an argument, which this provider does not need), reads the port from the first line of its
 * output, and talks `pulumirpc.ResourceProvider` to it; it ends when the engine kills it.
 */
import type { NativeProvider } from "./provider";
import { serve } from "./server";

/**
 * Starts the server and prints its port; a failure to start is reported on stderr, exit 1.
 *
 * @param provider - What the server serves; default the trtc provider (another is for the
 *   benchmark's no-op plugin, which serves the same face over a core that calls nothing).
 */
export async function main(provider?: NativeProvider): Promise<void> {
  // A crash is reported by its message only: a stack trace could quote a value of a request.
  process.on("uncaughtException", (err) => fail(err));
  process.on("unhandledRejection", (err) => fail(err));
  const port = await serve(provider);
  // As text, so that Node never colours it: the engine parses this line.
  process.stdout.write(`${String(port)}\n`);
}

function fail(err: unknown): never {
  process.stderr.write(
    `pulumi-resource-trtc: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
}

if (require.main === module) void main();
