// The test vault's server (test-vault.ts says why): HashiCorp Vault's transit `encrypt` and
// `decrypt` for the engine's hashivault:// secrets provider, with a random AES-256-GCM key, on
// 127.0.0.1 at a port of its own. It prints `{"addr":…,"token":…}` once it listens, and exits
// when its stdin closes (the test process that started it has ended).
"use strict";

const { Buffer } = require("node:buffer");
const crypto = require("node:crypto");
const http = require("node:http");

/** The token the engine must send (VAULT_TOKEN), as Vault asks for one. */
const TOKEN = "pulumi-trtc-test-vault-token";
const TRANSIT = /^\/v1\/transit\/(encrypt|decrypt)\/([A-Za-z0-9_-]+)$/;
/** Vault's form of a transit ciphertext: `vault:v1:` + base64(IV, ciphertext, tag). */
const PREFIX = "vault:v1:";
const key = crypto.randomBytes(32);

function encrypt(plaintextBase64) {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv("aes-256-gcm", key, iv);
  const sealed = Buffer.concat([
    iv,
    c.update(Buffer.from(String(plaintextBase64), "base64")),
    c.final(),
    c.getAuthTag(),
  ]);
  return { ciphertext: PREFIX + sealed.toString("base64") };
}

function decrypt(ciphertext) {
  const text = String(ciphertext);
  if (!text.startsWith(PREFIX)) throw new Error("not a vault:v1 ciphertext");
  const raw = Buffer.from(text.slice(PREFIX.length), "base64");
  const d = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(raw.length - 16));
  const plaintext = Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]);
  return { plaintext: plaintext.toString("base64") };
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const reply = (status, body) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" && req.method !== "PUT") {
      return reply(405, { errors: ["only POST and PUT are served"] });
    }
    if (req.headers["x-vault-token"] !== TOKEN)
      return reply(403, { errors: ["permission denied"] });
    const m = TRANSIT.exec(req.url || "");
    if (!m) return reply(404, { errors: [`no handler for ${req.url}`] });
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      return reply(200, {
        data: m[1] === "encrypt" ? encrypt(body.plaintext) : decrypt(body.ciphertext),
      });
    } catch (err) {
      return reply(400, {
        errors: [`could not ${m[1]}: ${err instanceof Error ? err.message : err}`],
      });
    }
  });
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ addr: `http://127.0.0.1:${port}`, token: TOKEN })}\n`);
});
process.stdout.on("error", () => process.exit(0));
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
