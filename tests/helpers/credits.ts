import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Db } from "@/db/client";
import { getBalance, getLedgerSum } from "@/db/queries/credit-ledger";
import { catalogPrices, catalogProducts } from "@/db/schema";
import type { LatestFetcher } from "@/lib/webhooks/context";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { makeEvent, noFetch, signedRequest } from "./webhooks";

/** A credit package priced `amount` cents; `credits` defaults to the amount (1 credit = 1 cent). */
export async function createCreditPackage(db: Db, { tenantId, amount, credits }: { tenantId: string; amount: number; credits?: number }) {
  const [product] = await db.insert(catalogProducts).values({ tenantId, kind: "credit_package", name: `${amount / 100} dollars of credits` }).returning();
  const [price] = await db
    .insert(catalogPrices)
    .values({ tenantId, productId: product!.id, amount, currency: "usd", type: "one_time", credits: credits ?? amount })
    .returning();
  return price!.id;
}

// Each event one second after the previous: same-second ties would make the projections ask Stripe.
let clock = Math.floor(Date.now() / 1000) - 100_000;
export function nextCreated(): number {
  return ++clock;
}

export function piId(): string {
  return `pi_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
}

/** A succeeded PaymentIntent as lib/payments creates it (portal metadata), wrapped in its event. */
export function paymentSucceeded(o: { id: string; amount: number; tenantId: string; userId: string; priceId: string | null; created?: number; customer?: string }) {
  const metadata: Record<string, string> = { memberpulse_tenant_id: o.tenantId, memberpulse_user_id: o.userId };
  if (o.priceId) metadata.memberpulse_price_id = o.priceId;
  return makeEvent(
    "payment_intent.succeeded",
    {
      id: o.id,
      object: "payment_intent",
      amount: o.amount,
      amount_received: o.amount,
      currency: "usd",
      customer: o.customer ?? null,
      description: null,
      latest_charge: `ch_${o.id.slice(3)}`,
      last_payment_error: null,
      metadata,
      status: "succeeded",
    },
    { created: o.created ?? nextCreated() },
  );
}

/** charge.refunded after refunds of `amounts` (the charge lists every refund so far, newest first). */
export function chargeRefunded(o: { paymentIntentId: string; amount: number; refunds: { id: string; amount: number }[] }) {
  const refunded = o.refunds.reduce((s, r) => s + r.amount, 0);
  const chargeId = `ch_${o.paymentIntentId.slice(3)}`;
  return makeEvent("charge.refunded", {
    id: chargeId,
    object: "charge",
    amount: o.amount,
    amount_refunded: refunded,
    refunded: refunded === o.amount,
    currency: "usd",
    customer: null,
    payment_intent: o.paymentIntentId,
    refunds: {
      object: "list",
      has_more: false,
      url: `/v1/charges/${chargeId}/refunds`,
      data: [...o.refunds].reverse().map((r) => ({
        id: r.id,
        object: "refund",
        amount: r.amount,
        charge: chargeId,
        currency: "usd",
        payment_intent: o.paymentIntentId,
        reason: "requested_by_customer",
        status: "succeeded",
      })),
    },
  }, { created: nextCreated() });
}

/** Delivers an event signed with the tenant's secret, exactly as Stripe would; returns the HTTP status. */
export async function deliver(db: Db, { tenantId, secret, fetchLatest = noFetch }: { tenantId: string; secret: string; fetchLatest?: LatestFetcher }, event: object): Promise<number> {
  const res = await handleStripeWebhook(db, signedRequest({ tenantId, mode: "test" }, JSON.stringify(event), secret), { tenantId, mode: "test" }, { fetchLatest });
  return res.status;
}

/**
 * The member's balance — after asserting the cached balance equals the ledger sum. Both are read
 * from ONE snapshot: two separate reads can straddle a webhook's commit and disagree for an instant.
 */
export async function balanceOf(db: Db, { tenantId, userId }: { tenantId: string; userId: string }): Promise<number> {
  const [cached, sum] = await db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read`);
    return [await getBalance(tx, { tenantId, userId }), await getLedgerSum(tx, { tenantId, userId })] as const;
  });
  expect(cached, "cached balance equals the ledger sum").toBe(sum);
  return cached;
}
