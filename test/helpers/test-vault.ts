/**
 * A local stand-in for HashiCorp Vault's transit engine, the keeper of the test stacks' data keys.
 *
 * Why: the passphrase secrets manager derives its key with PBKDF2-SHA256 over 1,000,000
 * iterations in every CLI call that reads a stack's secrets (pulumi/pulumi v3.276.0,
 * sdk/go/common/resource/config/crypt.go l.168): about 0.15 s of CPU per `up`, `preview`,
 * `stack output`, `stack history` or `config set`, and the integration tier makes some 750 such
 * calls. A stack whose secrets provider is `hashivault://KEY` (the engine's cloud secrets manager,
 * gocloud.dev/secrets/hashivault) keeps a data key that Vault encrypted in its stack config, and
 * gets it back with one `POST /v1/transit/decrypt/KEY` per call instead. The engine then encrypts
 * every secret in state with that data key (AES-256-GCM), exactly as it does with a passphrase's
 * key: what state and config hold is the same form (`secure: v1:…`, `ciphertext: v1:…`).
 *
 * The stand-in (test-vault-server.cjs) answers only the two transit calls the keeper makes
 * (`encrypt`, `decrypt`), with an AES-256-GCM key of its own, made at random when it starts. It
 * runs in a child process of its own, listening on 127.0.0.1 on a port of its own: a test that
 * runs the engine synchronously (spawnSync) blocks its own event loop, and a stand-in there could
 * not answer. The child ends when this process does (it watches its stdin). Stacks that must be
 * what users have on their machines ask for `secretsProvider: "passphrase"`.
 */
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import * as readline from "node:readline";

/** How the engine reaches the stand-in: the variables gocloud's Vault keeper reads. */
export interface TestVault {
  /** `VAULT_ADDR`: the stand-in's base URL. */
  addr: string;
  /** `VAULT_TOKEN`: the token the stand-in asks for. */
  token: string;
}

const SERVER = path.join(__dirname, "test-vault-server.cjs");

let started: Promise<TestVault> | undefined;

/** The stand-in of this process, started on first use. */
export function testVault(): Promise<TestVault> {
  started ??= startTestVault();
  return started;
}

function startTestVault(): Promise<TestVault> {
  // Started with this process's Node.js; its stdin stays open until this process ends.
  const child = spawn(process.execPath, [SERVER], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let listening = false;
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (!listening) {
        reject(new Error(`the test vault exited (${signal ?? `code ${code}`}) before it listened`));
        return;
      }
      // Every engine call of a vault-backed test stack fails from now on: say why.
      process.stderr.write(
        `[test-vault] the Vault stand-in (${SERVER}) exited (${signal ?? `code ${code}`}); test stacks' engine calls cannot read their secrets\n`,
      );
    });
    readline.createInterface({ input: child.stdout }).once("line", (line) => {
      try {
        const vault = JSON.parse(line) as TestVault;
        listening = true;
        // Only now, so that a process awaiting the start stays alive until it has the answer:
        // unreferenced, the child and its pipes (sockets) do not keep this process alive.
        child.unref();
        for (const stream of [child.stdin, child.stdout]) {
          if (stream instanceof net.Socket) stream.unref();
        }
        resolve(vault);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}
