import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";

/**
 * The client's network address, decided by the server and never by the client.
 *
 * Next (`next start`) gives route handlers and server actions only the request's headers, and it
 * fills `X-Forwarded-For` from the socket only when the client did not send one — so that header
 * is whatever an attacker wants it to be. Instead, `stampClientAddresses` (installed once from
 * instrumentation.ts) hooks the Node HTTP server and, for every request, overwrites
 * `x-memberpulse-client-address` with the address computed from the socket and the configured
 * number of trusted proxy hops. `clientAddress()` reads only that header, and only when the hook
 * is installed in this process (otherwise a client could have sent it): then it answers "unknown".
 *
 * Everything that keys on the client (sign-in and sign-up throttles, API throttles) uses it.
 */
export const CLIENT_ADDRESS_HEADER = "x-memberpulse-client-address";
export const UNKNOWN_ADDRESS = "unknown";
const INSTALLED = Symbol.for("memberpulse.client-address-stamp");

type Stamped = typeof globalThis & { [INSTALLED]?: boolean };

export function clientAddress(headers: Headers): string {
  if (!(globalThis as Stamped)[INSTALLED]) return UNKNOWN_ADDRESS;
  return headers.get(CLIENT_ADDRESS_HEADER) || UNKNOWN_ADDRESS;
}

/**
 * With `trustedHops` proxies in front, each appending the address it received from, the client is
 * the `trustedHops`-th X-Forwarded-For entry from the right (entries further left were written by
 * the client itself). With no trusted hops the socket's peer is the client.
 */
export function addressFromConnection(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  if (trustedHops > 0) {
    const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    // Fewer entries than hops: the request skipped a proxy; its leftmost entry is the best we have.
    const entry = entries.length >= trustedHops ? entries[entries.length - trustedHops] : entries[0];
    if (entry) return normalise(entry);
  }
  return socketAddress ? normalise(socketAddress) : UNKNOWN_ADDRESS;
}

function normalise(address: string): string {
  const bare = address.toLowerCase();
  return bare.startsWith("::ffff:") && bare.includes(".") ? bare.slice(7) : bare;
}

type Emitter = { emit: (this: unknown, event: string | symbol, ...args: unknown[]) => boolean };

/** Installs the per-request stamp on every Node HTTP(S) server of this process. Idempotent. */
export function stampClientAddresses(servers: (typeof HttpServer | typeof HttpsServer)[], trustedHops: number): void {
  const global = globalThis as Stamped;
  if (global[INSTALLED]) return;
  for (const server of servers) {
    const prototype = server.prototype as unknown as Emitter;
    const emit = prototype.emit;
    prototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const request = args[0] as IncomingMessage;
        request.headers[CLIENT_ADDRESS_HEADER] = addressFromConnection(request.socket?.remoteAddress, request.headers["x-forwarded-for"], trustedHops);
      }
      return emit.call(this, event, ...args);
    };
  }
  global[INSTALLED] = true;
}
