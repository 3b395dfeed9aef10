import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { payments, refunds } from "../schema";

/** Refund statuses that gave no money back: Stripe's charge.amount_refunded counted them until they failed. */
export const RETURNED_REFUND_STATUSES = ["failed", "canceled"] as const;

const inList = (statuses: readonly string[]) =>
  sql.join(
    statuses.map((s) => sql`${s}`),
    sql`, `,
  );

/*
 * One pass over the payment's refunds for both sums (a second subquery cost Postgres as much to plan
 * again as the rest of a list row). Kept a nested fragment: Drizzle writes the columns of a
 * single-table select's own fields unqualified, which would make the correlation compare refunds
 * with themselves.
 */
const refundedBySubquery = sql`(select greatest(
    coalesce(sum(${refunds.amount}) filter (where ${refunds.status} = 'succeeded'), 0),
    ${payments.amountRefunded} - coalesce(sum(${refunds.amount}) filter (where ${refunds.status} in (${inList(RETURNED_REFUND_STATUSES)})), 0),
    0)
  from ${refunds} where ${refunds.tenantId} = ${payments.tenantId} and ${refunds.stripePaymentIntentId} = ${payments.stripePaymentIntentId})`;

/**
 * A payment's refunded amount as money really went back: the larger of its succeeded refunds and
 * the charge's amount_refunded (charge.refunded; only ever raised, since events arrive in any order)
 * less the refunds that later failed or were canceled. A selected column in place of
 * payments.amount_refunded, so lists, statuses, filters and the refundable remainder all agree.
 */
export const effectiveRefunded = sql<number>`${refundedBySubquery}::bigint`.mapWith(Number);

/**
 * How much of a payment has been refunded, as far as the projections know (effectiveRefunded):
 * either the charge's or the refund's own event may arrive first.
 */
export async function refundedTotal(db: Db, { tenantId, paymentIntentId }: { tenantId: string; paymentIntentId: string }): Promise<number> {
  const [row] = await db
    .select({ refunded: effectiveRefunded })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.stripePaymentIntentId, paymentIntentId)));
  if (row) return row.refunded;
  // No payment row yet (a refund event before any charge or payment event): its succeeded refunds.
  const [fromRefunds] = await db
    .select({ sum: sql<string>`coalesce(sum(${refunds.amount}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.tenantId, tenantId), eq(refunds.stripePaymentIntentId, paymentIntentId), eq(refunds.status, "succeeded")));
  return Number(fromRefunds?.sum ?? 0);
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
