import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Db, DbHandle } from "@/db/client";
import { logger } from "@/lib/log";
import { admitWebhook } from "./admission";
import { CONNECT_WEBHOOK_SEGMENT, handleConnectWebhook } from "./connect-ingest";
import { handleStripeWebhook, MAX_WEBHOOK_BODY_BYTES, type IngestOptions } from "./ingest";

/*
 * THE WEBHOOK LANE — Stripe's deliveries answered by the Node HTTP server itself.
 *
 * A webhook delivery needs nothing Next.js gives a request: no session, no proxy, no rendering, no
 * routing beyond one fixed path. Yet passing through Next's request pipeline costs about a
 * millisecond of CPU per request on this class of machine — most of what a delivery costs (see
 * bench/webhooks.ts). So instrumentation.ts installs this lane in the production (and development)
 * server: a POST to exactly `/api/webhooks/stripe/{tenantId}/{mode}` is handed to the same
 * admission gate and the same `handleStripeWebhook` that the route handler
 * (app/api/webhooks/stripe/[tenantId]/[mode]/route.ts) calls; every other request goes to Next as
 * before. `/api/webhooks/stripe/connect/{mode}` (the platform's Connect endpoint) goes to
 * connect-ingest.ts instead, as its route does. Behaviour is identical by construction: the lane only translates Node's request into a
 * Web Request and the Web Response back. The route stays for servers where this lane is not
 * installed (and is what the route tests call).
 */

const WEBHOOK_PATH = /^\/api\/webhooks\/stripe\/([^/?#]+)\/([^/?#]+)$/;

/** `{ tenantId, mode }` when `request` is a delivery this lane answers, else null. */
export function laneScope(method: string | undefined, url: string | undefined): { tenantId: string; mode: string } | null {
  if (method !== "POST" || !url) return null;
  const match = WEBHOOK_PATH.exec(url);
  if (!match) return null;
  try {
    return { tenantId: decodeURIComponent(match[1]!), mode: decodeURIComponent(match[2]!) };
  } catch {
    return null; // malformed escapes: Next answers it
  }
}

/** The body, or null once it passes `maxBytes` (the rest is not read into memory). */
function readNodeBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let over = false;
    request.on("data", (chunk: Buffer) => {
      if (over) return;
      total += chunk.byteLength;
      if (total > maxBytes) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (!over) resolve(Buffer.concat(chunks, total));
    });
    request.on("error", reject);
  });
}

function webHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

async function send(response: ServerResponse, answer: Response) {
  const body = answer.body ? Buffer.from(await answer.arrayBuffer()) : undefined;
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => (headers[name] = value));
  if (body) headers["content-length"] = String(body.byteLength);
  response.writeHead(answer.status, headers).end(body);
}

/**
 * Answers one delivery on Node's request/response. Never throws: a failure outside the gate (which
 * already answers 503 for database faults) is logged and answered 500 so Stripe retries.
 */
export async function serveWebhook(
  request: IncomingMessage,
  response: ServerResponse,
  scope: { tenantId: string; mode: string },
  opts: IngestOptions & { handle?: () => Promise<DbHandle> } = {},
): Promise<void> {
  try {
    const body = await readNodeBody(request, MAX_WEBHOOK_BODY_BYTES);
    const headers = webHeaders(request);
    if (body === null) headers.set("content-length", String(MAX_WEBHOOK_BODY_BYTES + 1)); // the ingest answers 413
    const webRequest = new Request(`http://lane${request.url}`, { method: "POST", headers, body: body ? body.toString("utf8") : "" });
    const { handle, ...ingest } = opts;
    // `/api/webhooks/stripe/connect/{mode}`: the platform's Connect endpoint (routes by event.account).
    const deliver = scope.tenantId === CONNECT_WEBHOOK_SEGMENT ? (db: Db) => handleConnectWebhook(db, webRequest, { mode: scope.mode }, ingest) : (db: Db) => handleStripeWebhook(db, webRequest, scope, ingest);
    const answer = await admitWebhook(scope, deliver, handle ? { handle } : {});
    await send(response, answer);
  } catch (error) {
    logger.error("webhook.lane_failed", { tenantId: scope.tenantId, mode: scope.mode, error });
    if (!response.headersSent) response.writeHead(500, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(JSON.stringify({ error: { code: "internal_error", message: "The delivery could not be handled; it will be retried." } }));
  }
}

const INSTALLED = Symbol.for("memberpulse.webhook-lane");
type Emitter = { emit: (this: unknown, event: string | symbol, ...args: unknown[]) => boolean; [INSTALLED]?: boolean };

/**
 * Installs the lane on every Node HTTP(S) server class given (instrumentation.ts passes Node's own;
 * tests pass a subclass). Idempotent per class: a second install (Next may register twice in
 * development) changes nothing.
 */
export function installWebhookLane(servers: (typeof HttpServer | typeof HttpsServer)[], opts: Parameters<typeof serveWebhook>[3] = {}): void {
  for (const server of servers) {
    const prototype = server.prototype as unknown as Emitter;
    if (Object.prototype.hasOwnProperty.call(prototype, INSTALLED)) continue;
    const emit = prototype.emit;
    prototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const request = args[0] as IncomingMessage;
        const scope = laneScope(request.method, request.url);
        if (scope) {
          void serveWebhook(request, args[1] as ServerResponse, scope, opts);
          return true;
        }
      }
      return emit.call(this, event, ...args);
    };
    prototype[INSTALLED] = true;
  }
}
