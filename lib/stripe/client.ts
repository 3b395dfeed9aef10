import "server-only";
import { createHash } from "node:crypto";
import Stripe from "stripe";

/** The API version every call, every webhook endpoint and every type in this app is written for. */
export const STRIPE_API_VERSION = "2026-10-28.endive" as const satisfies Stripe.LatestApiVersion;

const APP_INFO = { name: "MemberPulse", version: "0.1.0", url: "https://github.com/memberpulse/memberpulse" };

/**
 * A Stripe client for one secret key. Only this folder imports the server SDK. When
 * STRIPE_API_BASE is set (tests, `npm run demo`) requests go to that host instead of Stripe.
 */
export function createStripeClient(secretKey: string, opts: { timeoutMs?: number; maxNetworkRetries?: number; stripeAccount?: string; base?: string } = {}): Stripe {
  const config: Stripe.StripeConfig = {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: opts.maxNetworkRetries ?? 2,
    timeout: opts.timeoutMs ?? 20_000,
    appInfo: APP_INFO,
    telemetry: false,
    // Connect (direct charges): every call of this client acts in the connected account.
    ...(opts.stripeAccount ? { stripeAccount: opts.stripeAccount } : {}),
  };
  const base = opts.base ?? process.env.STRIPE_API_BASE?.trim();
  if (base) {
    const url = new URL(base);
    config.host = url.hostname;
    config.port = url.port || (url.protocol === "https:" ? 443 : 80);
    config.protocol = url.protocol === "https:" ? "https" : "http";
  }
  return new Stripe(secretKey, config);
}

/**
 * A client per (key, options, API base), reused across requests: each SDK client keeps its own
 * keep-alive connections, so building one per call paid a new TLS handshake to Stripe every time.
 * Keyed by the key's hash; a changed key is simply a different entry. Bounded: the oldest goes.
 */
const MAX_CLIENTS = 200;
const g = globalThis as typeof globalThis & { __memberpulseStripeClients?: Map<string, Stripe> };
const clients = (g.__memberpulseStripeClients ??= new Map());

export function stripeClientFor(secretKey: string, opts: { timeoutMs?: number; maxNetworkRetries?: number; stripeAccount?: string } = {}): Stripe {
  const id = [createHash("sha256").update(secretKey).digest("base64url"), opts.timeoutMs ?? "", opts.maxNetworkRetries ?? "", opts.stripeAccount ?? "", process.env.STRIPE_API_BASE ?? ""].join(":");
  const hit = clients.get(id);
  if (hit) return hit;
  const client = createStripeClient(secretKey, opts);
  clients.set(id, client);
  if (clients.size > MAX_CLIENTS) clients.delete(clients.keys().next().value!);
  return client;
}
