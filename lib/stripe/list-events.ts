import "server-only";
import type Stripe from "stripe";

/**
 * One page of the account's events created at or after `createdGte`, newest first (Stripe keeps
 * 30 days of them). A 429 propagates: the reconciliation job fails and pg-boss retries it later.
 */
export function listEventsPage(client: Stripe, { createdGte, startingAfter }: { createdGte: number; startingAfter?: string }): Promise<Stripe.ApiList<Stripe.Event>> {
  return client.events.list({ created: { gte: createdGte }, limit: 100, ...(startingAfter ? { starting_after: startingAfter } : {}) });
}
