import { and, asc, eq, gt, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { catalogPrices, catalogProducts, creditLedger, invoices, memberStripeCustomers, memberSubscriptions, subscriptions, users } from "../schema";

/*
 * Keyset batches for the CSV exports (lib/exports): oldest first on (created_at, id), each batch
 * one round trip, so an export of any size holds one batch in memory and no connection between
 * batches. The cursor carries created_at as Postgres text (microseconds kept).
 */
export type ExportCursor = { createdAt: string; id: string };

function after(createdAt: AnyColumn, id: AnyColumn, cursor?: ExportCursor): SQL | undefined {
  if (!cursor) return undefined;
  const ts = sql`${cursor.createdAt}::timestamptz`;
  return or(sql`${createdAt} > ${ts}`, and(sql`${createdAt} = ${ts}`, gt(id, cursor.id)));
}

export async function exportSubscriptionsBatch(db: Db, { tenantId, cursor, limit }: { tenantId: string; cursor?: ExportCursor; limit: number }) {
  return db
    .select({
      id: memberSubscriptions.id,
      cursorTs: sql<string>`${memberSubscriptions.createdAt}::text`,
      createdAt: memberSubscriptions.createdAt,
      mode: memberSubscriptions.mode,
      stripeSubscriptionId: memberSubscriptions.stripeSubscriptionId,
      memberEmail: users.email,
      memberName: users.name,
      plan: catalogProducts.name,
      nickname: catalogPrices.nickname,
      amount: catalogPrices.amount,
      currency: catalogPrices.currency,
      interval: catalogPrices.interval,
      status: subscriptions.status,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      endedAt: subscriptions.endedAt,
    })
    .from(memberSubscriptions)
    .innerJoin(users, eq(users.id, memberSubscriptions.userId))
    .innerJoin(catalogProducts, eq(catalogProducts.id, memberSubscriptions.productId))
    .innerJoin(catalogPrices, eq(catalogPrices.id, memberSubscriptions.catalogPriceId))
    .leftJoin(subscriptions, and(eq(subscriptions.tenantId, memberSubscriptions.tenantId), eq(subscriptions.stripeSubscriptionId, memberSubscriptions.stripeSubscriptionId)))
    .where(and(eq(memberSubscriptions.tenantId, tenantId), after(memberSubscriptions.createdAt, memberSubscriptions.id, cursor)))
    .orderBy(asc(memberSubscriptions.createdAt), asc(memberSubscriptions.id))
    .limit(limit);
}

export async function exportInvoicesBatch(db: Db, { tenantId, cursor, limit }: { tenantId: string; cursor?: ExportCursor; limit: number }) {
  return db
    .select({
      id: invoices.id,
      cursorTs: sql<string>`${invoices.createdAt}::text`,
      createdAt: invoices.createdAt,
      mode: invoices.mode,
      stripeInvoiceId: invoices.stripeInvoiceId,
      number: invoices.number,
      status: invoices.status,
      memberEmail: users.email,
      amountDue: invoices.amountDue,
      amountPaid: invoices.amountPaid,
      amountRemaining: invoices.amountRemaining,
      currency: invoices.currency,
      dueDate: invoices.dueDate,
      stripeSubscriptionId: invoices.stripeSubscriptionId,
      hostedInvoiceUrl: invoices.hostedInvoiceUrl,
      invoicePdf: invoices.invoicePdf,
    })
    .from(invoices)
    .leftJoin(
      memberStripeCustomers,
      and(eq(memberStripeCustomers.tenantId, invoices.tenantId), eq(memberStripeCustomers.mode, invoices.mode), eq(memberStripeCustomers.stripeCustomerId, invoices.stripeCustomerId)),
    )
    .leftJoin(users, eq(users.id, memberStripeCustomers.userId))
    // Stub rows (an invoice_payment seen before its invoice) have no status yet: not an invoice to report.
    .where(and(eq(invoices.tenantId, tenantId), sql`${invoices.status} is not null`, after(invoices.createdAt, invoices.id, cursor)))
    .orderBy(asc(invoices.createdAt), asc(invoices.id))
    .limit(limit);
}

export async function exportLedgerBatch(db: Db, { tenantId, cursor, limit }: { tenantId: string; cursor?: ExportCursor; limit: number }) {
  return db
    .select({
      id: creditLedger.id,
      cursorTs: sql<string>`${creditLedger.createdAt}::text`,
      createdAt: creditLedger.createdAt,
      memberEmail: users.email,
      delta: creditLedger.delta,
      reason: creditLedger.reason,
      description: creditLedger.description,
      stripePaymentIntentId: creditLedger.stripePaymentIntentId,
      stripeRefundId: creditLedger.stripeRefundId,
    })
    .from(creditLedger)
    .innerJoin(users, eq(users.id, creditLedger.userId))
    .where(and(eq(creditLedger.tenantId, tenantId), after(creditLedger.createdAt, creditLedger.id, cursor)))
    .orderBy(asc(creditLedger.createdAt), asc(creditLedger.id))
    .limit(limit);
}
