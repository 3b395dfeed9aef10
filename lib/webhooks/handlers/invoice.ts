import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { invoices } from "@/db/schema";
import { defineHandler, idOf, toDate, type ProjectionContext, type RowScope } from "../context";
import { ORDERING } from "../ordering";
import { project, type ProjectionSpec, type WrittenWatermark } from "../projection";

type InvoiceWithId = Stripe.Invoice & { id: string };

function rowValues(scope: RowScope, inv: InvoiceWithId, wm: WrittenWatermark) {
  return {
    tenantId: scope.tenantId,
    mode: scope.mode,
    stripeInvoiceId: inv.id,
    stripeCustomerId: idOf(inv.customer),
    stripeSubscriptionId: idOf(inv.parent?.subscription_details?.subscription),
    // stripe_payment_intent_id is not here: events never include `invoice.payments` (an includable
    // field); invoice_payment.paid below links the PaymentIntent, and invoice snapshots leave it alone.
    status: inv.status,
    number: inv.number,
    amountDue: inv.amount_due,
    amountPaid: inv.amount_paid,
    amountRemaining: inv.amount_remaining,
    currency: inv.currency,
    hostedInvoiceUrl: inv.hosted_invoice_url ?? null,
    invoicePdf: inv.invoice_pdf ?? null,
    dueDate: toDate(inv.due_date),
    periodStart: toDate(inv.period_start),
    periodEnd: toDate(inv.period_end),
    stripeCreated: toDate(inv.created),
    ...wm,
    updatedAt: new Date(),
  };
}

const INVOICE: ProjectionSpec<InvoiceWithId> = {
  table: invoices,
  key: ["tenantId", "stripeInvoiceId"],
  rule: ORDERING.invoices,
  existingStatus: sql`${invoices.status}`,
  statusOf: (i) => i.status,
  idOf: (i) => i.id,
  values: rowValues,
  fetch: async (latest, i) => ({ ...(await latest("invoice", i.id)), id: i.id }),
};

/** The invoice copy the general path applied for this event, or null when the event was skipped. */
export function appliedInvoice(ctx: ProjectionContext, invoiceId: string): Stripe.Invoice | null {
  const applied = ctx.applied.get(`invoices:${invoiceId}`);
  return applied && applied.result !== "skipped" ? (applied.object as Stripe.Invoice) : null;
}

export const INVOICE_EVENT_TYPES = ["invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed", "invoice.voided", "invoice.marked_uncollectible"] as const;

export const invoiceHandler = defineHandler({
  name: "invoice",
  types: INVOICE_EVENT_TYPES,
  plan: (scope, event) => {
    const invoice = event.data.object;
    if (!invoice.id) return { outcome: { status: "ignored", note: "invoice preview without an id" } };
    return { projections: [project(INVOICE, scope, { ...invoice, id: invoice.id })] };
  },
});

/**
 * API basil+: an invoice's PaymentIntent is known from its InvoicePayment. The link never changes
 * once paid, so it is an order-insensitive effect: it fills the invoice row, or a stub row (status
 * null, watermark 0) that the invoice's own events then complete.
 */
export const invoicePaymentHandler = defineHandler({
  name: "invoice-payment",
  types: ["invoice_payment.paid"],
  plan: (scope, event) => {
    const payment = event.data.object;
    const invoiceId = idOf(payment.invoice);
    const paymentIntentId = idOf(payment.payment.payment_intent);
    if (!invoiceId || !paymentIntentId) return { outcome: { status: "ignored", note: "not a PaymentIntent payment" } };
    const row = {
      tenantId: scope.tenantId,
      mode: scope.mode,
      stripeInvoiceId: invoiceId,
      stripePaymentIntentId: paymentIntentId,
      status: null,
      amountDue: payment.amount_requested,
      amountPaid: payment.amount_paid ?? 0,
      amountRemaining: 0,
      currency: payment.currency,
      lastEventCreated: 0,
      lastEventId: "",
      updatedAt: new Date(),
    };
    return { effects: [{ kind: "upsert", table: invoices, key: ["tenantId", "stripeInvoiceId"], row, set: { stripePaymentIntentId: "excluded", updatedAt: "excluded" } }] };
  },
});
