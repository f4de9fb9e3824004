/**
 * `npm run schema`: writes the package schema (schema.json) and the dynamic resource's documented
 * Args (provider/args.generated.ts) from the field table (provider/ai-conversation/fields.ts),
 * the outputs (provider/outputs.ts) and the provider's config keys (provider/trtc/config-docs.ts).
 * Both files are committed; a unit test (test/unit/schema.spec.ts) fails when they are stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, generatedFiles } from "./schema/files";

async function main(): Promise<void> {
  for (const [file, text] of Object.entries(await generatedFiles())) {
    const absolute = path.join(ROOT, file);
    const before = fs.existsSync(absolute) ? fs.readFileSync(absolute, "utf8") : undefined;
    if (before === text) {
      process.stdout.write(`${file}: up to date\n`);
    } else {
      fs.writeFileSync(absolute, text);
      process.stdout.write(`${file}: written\n`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
