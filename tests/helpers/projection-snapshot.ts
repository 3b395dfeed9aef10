import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { invoices, subscriptionItems, subscriptions } from "@/db/schema";

/**
 * The user-visible projection of one subscription (+ its items and invoices), without row ids,
 * watermarks or write times, with the subscription's own id replaced so two runs compare equal.
 */
export async function subscriptionState(db: Db, { tenantId, subscriptionId }: { tenantId: string; subscriptionId: string }) {
  const [sub] = await db
    .select({
      status: subscriptions.status,
      customer: subscriptions.stripeCustomerId,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      currentPeriodStart: subscriptions.currentPeriodStart,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      canceledAt: subscriptions.canceledAt,
      endedAt: subscriptions.endedAt,
      latestInvoice: subscriptions.stripeLatestInvoiceId,
    })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.stripeSubscriptionId, subscriptionId)));
  const items = await db
    .select({ price: subscriptionItems.stripePriceId, quantity: subscriptionItems.quantity, start: subscriptionItems.currentPeriodStart, end: subscriptionItems.currentPeriodEnd })
    .from(subscriptionItems)
    .where(and(eq(subscriptionItems.tenantId, tenantId), eq(subscriptionItems.stripeSubscriptionId, subscriptionId)))
    .orderBy(asc(subscriptionItems.stripePriceId));
  const invs = await db
    .select({ status: invoices.status, amountPaid: invoices.amountPaid, amountDue: invoices.amountDue, pi: invoices.stripePaymentIntentId })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.stripeSubscriptionId, subscriptionId)));
  return { sub: sub ?? null, items, invoices: invs };
}
