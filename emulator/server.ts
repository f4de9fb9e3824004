/**
 * The HTTP layer: reads bodies (enforcing the 10 MB limit without buffering more), routes
 * `/_emulator/*` to inspection and everything else to the API pipeline, writes the JSON answer
 * with `X-TC-TraceId` echoed (or minted), destroys the socket for `drop`/`commit-then-lose`
 * faults, and logs every API call. Nothing that arrives on the socket can throw out of here.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { type ApiDeps, MAX_BODY_BYTES, handleApiRequest } from "./api";
import { INSPECTION_PREFIX, type EmulatorControls, handleInspection } from "./inspection";
import type { RequestLog } from "./request-log";
import { toIso } from "./clock";

/** Largest body accepted on the control endpoints. */
const MAX_INSPECTION_BYTES = 1024 * 1024;

/** What the request handler needs. */
export interface ServerDeps {
  /** The API pipeline's dependencies. */
  api: ApiDeps;
  /** The control endpoints' operations. */
  controls: EmulatorControls;
  /** Where API calls are recorded. */
  log: RequestLog;
  /** One line per API call (no secrets); omitted when quiet. */
  logLine?: (line: string) => void;
}

interface Body {
  raw: Buffer;
  tooLarge: boolean;
}

/**
 * Collect the body, keeping at most `limit` bytes. A larger body is drained and discarded rather
 * than cut off, so the client still gets its RequestSizeLimitExceeded answer. Resolves
 * `undefined` if the client went away.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Body | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers["content-length"] ?? 0) > limit;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on("end", () =>
      resolve({ raw: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }),
    );
    req.on("error", () => resolve(undefined));
    req.on("aborted", () => resolve(undefined));
  });
}

function send(res: ServerResponse, status: number, body: unknown, traceId?: string): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  };
  if (traceId) headers["X-TC-TraceId"] = traceId;
  res.writeHead(status, headers);
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const url = req.url ?? "/";
  const queryAt = url.indexOf("?");
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? "" : url.slice(queryAt + 1);
  const method = (req.method ?? "GET").toUpperCase();

  if (path === INSPECTION_PREFIX || path.startsWith(`${INSPECTION_PREFIX}/`)) {
    const body = await readBody(req, MAX_INSPECTION_BYTES);
    if (!body) return;
    if (body.tooLarge) {
      send(res, 413, { error: `The body exceeds ${MAX_INSPECTION_BYTES} bytes.` });
      return;
    }
    const reply = handleInspection(
      method,
      path,
      body.raw,
      deps.controls,
      req.headers["content-type"],
    );
    send(res, reply.status, reply.body);
    return;
  }

  const time = toIso(deps.api.clock.realNowMs());
  const sentTrace = req.headers["x-tc-traceid"];
  const traceId = (Array.isArray(sentTrace) ? sentTrace[0] : sentTrace) || randomUUID();
  const body = await readBody(req, MAX_BODY_BYTES);
  if (!body) return;
  const outcome = await handleApiRequest(
    { method, path, query, headers: req.headers, rawBody: body.raw, tooLarge: body.tooLarge },
    deps.api,
  );
  deps.log.add({
    time,
    action: outcome.action,
    region: outcome.region,
    tokenSent: outcome.tokenSent,
    code: outcome.code,
    requestId: outcome.requestId,
  });
  deps.logLine?.(`${time} ${outcome.action ?? "-"} ${outcome.code ?? "OK"} ${outcome.requestId}`);
  if (outcome.kind === "destroy") {
    req.socket.destroy();
    return;
  }
  send(res, 200, outcome.envelope, traceId);
}

/**
 * Build the `http.Server` request listener.
 *
 * @param deps - API, controls, log and optional log-line sink.
 * @returns A listener that never throws; an unexpected failure is answered with an
 *   `InternalError` envelope (or the socket is closed if the answer had already started).
 */
export function createRequestHandler(
  deps: ServerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    res.on("error", () => undefined);
    handle(req, res, deps).catch((error: unknown) => {
      deps.api.onInternalError(error);
      if (res.headersSent) res.destroy();
      else {
        send(res, 200, {
          Response: {
            Error: {
              Code: "InternalError",
              Message: "An internal error occurred. Please retry later.",
            },
            RequestId: randomUUID(),
          },
        });
      }
    });
  };
}
