import type Stripe from "stripe";
import type { Db } from "@/db/client";
import type { StripeMode } from "@/db/schema";
import { withRetrievalClient } from "@/lib/stripe-connection/retrieval-client";
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
  dispute: (c, id) => c.disputes.retrieve(id),
  // A deleted coupon answers 404 too: process-event.ts turns it into its deleted stub.
  coupon: (c, id) => c.coupons.retrieve(id),
  promotion_code: (c, id) => c.promotionCodes.retrieve(id),
};

/**
 * Retrieves the current copy of an object from the tenant's Stripe account, to settle same-second
 * ties (ordering.ts rule 6). The client is only resolved when a tie actually happens, and
 * process-event.ts only calls this outside its transaction (resolving the client reads the database
 * through `db`, and a retrieval is network I/O: neither may happen while a transaction is open).
 */
export function stripeLatestFetcher(db: Db, scope: { tenantId: string; mode: StripeMode }): LatestFetcher {
  return (kind, id) => withRetrievalClient(db, scope, (client) => RETRIEVERS[kind](client, id));
}
