import type Stripe from "stripe";
import type { Db } from "@/db/client";
import type { StripeMode } from "@/db/schema";
import { isKeyRefused } from "@/lib/stripe/errors";
import { resolveStripe } from "@/lib/stripe/resolve";
import type { FetchableKind, FetchableObjects, LatestFetcher } from "./context";

type Retrievers = { [K in FetchableKind]: (client: Stripe, id: string) => Promise<FetchableObjects[K]> };

const RETRIEVERS: Retrievers = {
  subscription: (c, id) => c.subscriptions.retrieve(id),
  payment_intent: (c, id) => c.paymentIntents.retrieve(id),
  invoice: (c, id) => c.invoices.retrieve(id),
  customer: (c, id) => c.customers.retrieve(id),
  refund: (c, id) => c.refunds.retrieve(id),
  payment_method: (c, id) => c.paymentMethods.retrieve(id),
  checkout_session: (c, id) => c.checkout.sessions.retrieve(id),
  // A deleted product answers 404; process-event.ts turns that into its deleted stub.
  product: (c, id) => c.products.retrieve(id),
  price: (c, id) => c.prices.retrieve(id),
};

/**
 * Retrieves the current copy of an object from the tenant's Stripe account, to settle same-second
 * ties (ordering.ts rule 6). The client is only resolved when a tie actually happens, and
 * process-event.ts only calls this outside its transaction (resolving the client reads the database
 * through `db`, and a retrieval is network I/O: neither may happen while a transaction is open).
 */
/**
 * Clients for retrievals, kept for a few seconds per tenant and mode: resolving one (a settings
 * query, decryptions, a new SDK client) was a sizeable part of a tie's cost (bench/webhooks.ts).
 * A key the admin replaced in the meantime at worst fails one retrieval with an authentication
 * error, which drops the entry; the event fails and Stripe's retry uses the new key.
 */
const CLIENT_TTL_MS = 15_000;
type CachedClient = { client: Promise<Stripe>; expiresAt: number };
const g = globalThis as typeof globalThis & { __memberpulseRetrievalClients?: Map<string, CachedClient> };
const clients = (g.__memberpulseRetrievalClients ??= new Map());

function clientFor(db: Db, scope: { tenantId: string; mode: StripeMode }): Promise<Stripe> {
  const key = `${scope.tenantId}:${scope.mode}`;
  const hit = clients.get(key);
  if (hit && hit.expiresAt > Date.now()) return hit.client;
  const client = resolveStripe(db, { ...scope, maxNetworkRetries: 1, timeoutMs: 10_000 }).then((r) => r.client);
  clients.set(key, { client, expiresAt: Date.now() + CLIENT_TTL_MS });
  client.catch(() => clients.delete(key));
  return client;
}

export function stripeLatestFetcher(db: Db, scope: { tenantId: string; mode: StripeMode }): LatestFetcher {
  return async (kind, id) => {
    try {
      return await RETRIEVERS[kind](await clientFor(db, scope), id);
    } catch (error) {
      if (isKeyRefused(error)) clients.delete(`${scope.tenantId}:${scope.mode}`);
      throw error;
    }
  };
}
