import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { invoices } from "@/db/schema";
import { defineHandler, idOf, toDate, type RowScope } from "../context";
import { watermarkOf } from "../fast-path";
import { ORDERING } from "../ordering";
import { lockWatermark, projectOrdered, type WrittenWatermark } from "../project-ordered";

/** API basil+: the PaymentIntent is under `invoice.payments`, not `invoice.payment_intent`. */
function paymentIntentOf(invoice: Stripe.Invoice): string | null {
  for (const p of invoice.payments?.data ?? []) {
    const id = idOf(p.payment.payment_intent);
    if (id) return id;
  }
  return null;
}

const STATUS = `"invoices"."status"`;

function rowValues(ctx: RowScope, inv: Stripe.Invoice & { id: string }, wm: WrittenWatermark) {
  return {
    tenantId: ctx.tenantId,
    mode: ctx.mode,
    stripeInvoiceId: inv.id,
    stripeCustomerId: idOf(inv.customer),
    stripeSubscriptionId: idOf(inv.parent?.subscription_details?.subscription),
    stripePaymentIntentId: paymentIntentOf(inv),
    status: inv.status,
    number: inv.number,
    amountDue: inv.amount_due,
    amountPaid: inv.amount_paid,
    amountRemaining: inv.amount_remaining,
    currency: inv.currency,
    hostedInvoiceUrl: inv.hosted_invoice_url ?? null,
    periodStart: toDate(inv.period_start),
    periodEnd: toDate(inv.period_end),
    ...wm,
    updatedAt: new Date(),
  };
}

export const invoiceHandler = defineHandler({
  name: "invoice",
  types: ["invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed", "invoice.voided"],
  async handle(ctx, event) {
    const invoice = event.data.object;
    const id = invoice.id;
    if (!id) return { status: "ignored", note: "invoice preview without an id" };
    const where = and(eq(invoices.tenantId, ctx.tenantId), eq(invoices.stripeInvoiceId, id));
    const withId = (inv: Stripe.Invoice) => ({ ...inv, id });
    const result = await projectOrdered(ctx, {
      rule: ORDERING.invoices,
      snapshot: withId(invoice),
      statusOf: (i) => i.status,
      lock: () => lockWatermark(ctx, { table: invoices, key: invoices.stripeInvoiceId, value: id, status: sql.raw(STATUS) }),
      insert: async (i, wm) => (await ctx.tx.insert(invoices).values(rowValues(ctx, i, wm)).onConflictDoNothing().returning({ id: invoices.id })).length > 0,
      update: async (i, wm) => {
        await ctx.tx.update(invoices).set(rowValues(ctx, i, wm)).where(where);
      },
      fetch: async () => withId(await ctx.fetchLatest("invoice", id)),
    });
    return { status: "processed", note: result };
  },
  fast: (scope, event) => {
    const invoice = event.data.object;
    if (!invoice.id) return null;
    return {
      projections: [
        {
          table: invoices,
          conflict: [invoices.tenantId, invoices.stripeInvoiceId],
          values: rowValues(scope, { ...invoice, id: invoice.id }, watermarkOf(scope)),
          rule: ORDERING.invoices,
          status: invoice.status,
          existingStatus: STATUS,
        },
      ],
    };
  },
});
