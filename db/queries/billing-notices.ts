import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { billingNotices, invoices, memberStripeCustomers, users, type StripeMode } from "../schema";

export async function openPaymentFailedNotice(
  db: Db,
  input: { tenantId: string; mode: StripeMode; stripeInvoiceId: string; stripeCustomerId: string | null; stripeSubscriptionId: string | null; amountDue: number; currency: string; message: string | null },
) {
  await db
    .insert(billingNotices)
    .values({ ...input, kind: "payment_failed" })
    .onConflictDoUpdate({
      target: [billingNotices.tenantId, billingNotices.stripeInvoiceId, billingNotices.kind],
      set: { amountDue: input.amountDue, message: input.message, resolvedAt: null },
      // A notice for an invoice that was already paid stays resolved (events arrive out of order).
      setWhere: isNull(billingNotices.resolvedAt),
    });
}

/**
 * "Your bank needs you to confirm the payment" for an invoice whose off-session charge wants 3-D
 * Secure; refreshed (amount) while open, never reopened once the invoice was paid or voided.
 * Returns whether a row was written (false: already resolved).
 */
export async function openPaymentActionNotice(
  db: Db,
  input: { tenantId: string; mode: StripeMode; stripeInvoiceId: string; stripeCustomerId: string | null; stripeSubscriptionId: string | null; amountDue: number; currency: string },
): Promise<boolean> {
  const written = await db
    .insert(billingNotices)
    .values({ ...input, kind: "payment_action_required", message: "Your bank needs you to confirm the payment." })
    .onConflictDoUpdate({
      target: [billingNotices.tenantId, billingNotices.stripeInvoiceId, billingNotices.kind],
      set: { amountDue: input.amountDue },
      setWhere: isNull(billingNotices.resolvedAt),
    })
    .returning({ id: billingNotices.id });
  return written.length > 0;
}

export async function resolveInvoiceNotices(db: Db, { tenantId, stripeInvoiceId }: { tenantId: string; stripeInvoiceId: string }) {
  await db
    .update(billingNotices)
    .set({ resolvedAt: new Date() })
    .where(and(eq(billingNotices.tenantId, tenantId), eq(billingNotices.stripeInvoiceId, stripeInvoiceId), isNull(billingNotices.resolvedAt)));
}

/**
 * Open notices for a member (through their Stripe customers) or, without userId, the whole tenant
 * (admin dashboard), one per invoice: a renewal that needs 3-D Secure also fails (Stripe sends
 * invoice.payment_failed with it), and "confirm with your bank" is then the thing to do.
 */
export async function listOpenNotices(db: Db, { tenantId, userId }: { tenantId: string; userId?: string }) {
  const rows = await db
    .select({
      id: billingNotices.id,
      kind: billingNotices.kind,
      mode: billingNotices.mode,
      stripeInvoiceId: billingNotices.stripeInvoiceId,
      stripeSubscriptionId: billingNotices.stripeSubscriptionId,
      amountDue: billingNotices.amountDue,
      currency: billingNotices.currency,
      message: billingNotices.message,
      createdAt: billingNotices.createdAt,
      userId: memberStripeCustomers.userId,
      userEmail: users.email,
    })
    .from(billingNotices)
    .leftJoin(
      memberStripeCustomers,
      and(eq(memberStripeCustomers.tenantId, billingNotices.tenantId), eq(memberStripeCustomers.mode, billingNotices.mode), eq(memberStripeCustomers.stripeCustomerId, billingNotices.stripeCustomerId)),
    )
    .leftJoin(users, eq(users.id, memberStripeCustomers.userId))
    .where(and(eq(billingNotices.tenantId, tenantId), isNull(billingNotices.resolvedAt), userId ? eq(memberStripeCustomers.userId, userId) : undefined))
    .orderBy(desc(billingNotices.createdAt));
  const needsAction = new Set(rows.filter((r) => r.kind === "payment_action_required").map((r) => r.stripeInvoiceId));
  return rows.filter((r) => r.kind === "payment_action_required" || !needsAction.has(r.stripeInvoiceId));
}

/** Invoices (projection) of a member's customers, or of the whole tenant without userId. */
/** The columns an invoice list shows, with the member whose Stripe customer it bills. */
export const invoiceRowFields = {
  stripeInvoiceId: invoices.stripeInvoiceId,
  mode: invoices.mode,
  status: invoices.status,
  number: invoices.number,
  amountDue: invoices.amountDue,
  amountPaid: invoices.amountPaid,
  amountRemaining: invoices.amountRemaining,
  currency: invoices.currency,
  hostedInvoiceUrl: invoices.hostedInvoiceUrl,
  invoicePdf: invoices.invoicePdf,
  dueDate: invoices.dueDate,
  stripeSubscriptionId: invoices.stripeSubscriptionId,
  periodStart: invoices.periodStart,
  createdAt: invoices.createdAt,
  userId: memberStripeCustomers.userId,
  userEmail: users.email,
};

export const invoiceMemberLink = and(eq(memberStripeCustomers.tenantId, invoices.tenantId), eq(memberStripeCustomers.mode, invoices.mode), eq(memberStripeCustomers.stripeCustomerId, invoices.stripeCustomerId));

export async function listInvoiceRows(db: Db, { tenantId, userId, status, mode, limit = 200 }: { tenantId: string; userId?: string; status?: string; mode?: StripeMode; limit?: number }) {
  return db
    .select(invoiceRowFields)
    .from(invoices)
    .leftJoin(memberStripeCustomers, invoiceMemberLink)
    .leftJoin(users, eq(users.id, memberStripeCustomers.userId))
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        userId ? eq(memberStripeCustomers.userId, userId) : undefined,
        status ? eq(invoices.status, status) : undefined,
        mode ? eq(invoices.mode, mode) : undefined,
      ),
    )
    .orderBy(desc(invoices.createdAt))
    .limit(limit);
}

export async function getInvoiceRow(db: Db, { tenantId, stripeInvoiceId }: { tenantId: string; stripeInvoiceId: string }) {
  const [row] = await db
    .select({ stripeInvoiceId: invoices.stripeInvoiceId, mode: invoices.mode, status: invoices.status, stripeCustomerId: invoices.stripeCustomerId, userId: memberStripeCustomers.userId })
    .from(invoices)
    .leftJoin(
      memberStripeCustomers,
      and(eq(memberStripeCustomers.tenantId, invoices.tenantId), eq(memberStripeCustomers.mode, invoices.mode), eq(memberStripeCustomers.stripeCustomerId, invoices.stripeCustomerId)),
    )
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.stripeInvoiceId, stripeInvoiceId)))
    .limit(1);
  return row;
}

export async function getInvoiceStatus(db: Db, { tenantId, stripeInvoiceId }: { tenantId: string; stripeInvoiceId: string }) {
  const [row] = await db
    .select({ status: invoices.status })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.stripeInvoiceId, stripeInvoiceId)))
    .limit(1);
  return row?.status ?? null;
}
