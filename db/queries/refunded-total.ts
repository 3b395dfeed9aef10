import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { payments, refunds } from "../schema";

/**
 * How much of a payment has been refunded, as far as the projections know: the larger of the
 * charge's amount_refunded (charge.refunded) and the sum of its succeeded refunds (refund.*),
 * since either event may arrive first.
 */
export async function refundedTotal(db: Db, { tenantId, paymentIntentId }: { tenantId: string; paymentIntentId: string }): Promise<number> {
  const [fromRefunds] = await db
    .select({ sum: sql<string>`coalesce(sum(${refunds.amount}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.tenantId, tenantId), eq(refunds.stripePaymentIntentId, paymentIntentId), eq(refunds.status, "succeeded")));
  const [fromPayment] = await db
    .select({ refunded: payments.amountRefunded })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.stripePaymentIntentId, paymentIntentId)));
  return Math.max(Number(fromRefunds?.sum ?? 0), fromPayment?.refunded ?? 0);
}

/** Succeeded refunds already projected for a payment (they may arrive before the payment's own event). */
export async function listSucceededRefunds(db: Db, { tenantId, paymentIntentId }: { tenantId: string; paymentIntentId: string }) {
  return db
    .select({ refundId: refunds.stripeRefundId, amount: refunds.amount })
    .from(refunds)
    .where(and(eq(refunds.tenantId, tenantId), eq(refunds.stripePaymentIntentId, paymentIntentId), eq(refunds.status, "succeeded")));
}

/** The projected status of one refund (null when no event about it has been applied yet). */
export async function getRefundStatus(db: Db, { tenantId, refundId }: { tenantId: string; refundId: string }): Promise<string | null> {
  const [row] = await db
    .select({ status: refunds.status })
    .from(refunds)
    .where(and(eq(refunds.tenantId, tenantId), eq(refunds.stripeRefundId, refundId)))
    .limit(1);
  return row?.status ?? null;
}
