import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import type { StripeMode } from "@/db/schema";
import { isKeyRefused } from "@/lib/stripe/errors";
import { stripeFor } from "./resolve";

/**
 * Clients for the webhook engine's retrievals (same-second ties), kept for a few seconds per tenant
 * and mode: resolving one (a settings query, decryptions, a new SDK client) was a sizeable part of
 * a tie's cost (bench/webhooks.ts). Saving keys or secrets forgets the tenant's entries (see
 * webhook-secret-cache.ts); a key refused by Stripe drops its entry at once.
 */
const TTL_MS = 15_000;
type Entry = { client: Promise<Stripe>; expiresAt: number };
const g = globalThis as typeof globalThis & { __memberpulseRetrievalClients?: Map<string, Entry> };
const entries = (g.__memberpulseRetrievalClients ??= new Map());

export async function withRetrievalClient<T>(db: Db, scope: { tenantId: string; mode: StripeMode }, call: (client: Stripe) => Promise<T>): Promise<T> {
  const key = `${scope.tenantId}:${scope.mode}`;
  let hit = entries.get(key);
  if (!hit || hit.expiresAt <= Date.now()) {
    const client = stripeFor(db, { ...scope, maxNetworkRetries: 1, timeoutMs: 10_000 }).then((r) => r.client);
    client.catch(() => entries.delete(key));
    hit = { client, expiresAt: Date.now() + TTL_MS };
    entries.set(key, hit);
  }
  try {
    return await call(await hit.client);
  } catch (error) {
    if (isKeyRefused(error)) entries.delete(key);
    throw error;
  }
}

export function forgetRetrievalClients(tenantId: string): void {
  for (const mode of ["test", "live"] as const) entries.delete(`${tenantId}:${mode}`);
}
