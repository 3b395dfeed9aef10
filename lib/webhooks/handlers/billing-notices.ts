import type Stripe from "stripe";
import { billingNotices } from "@/db/schema";
import { openPaymentFailedNotice } from "@/db/queries/billing-notices";
import { findMemberByCustomer, getMailTenant } from "@/db/queries/mail-recipients";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { portalUrl } from "@/lib/mail/portal-url";
import { applyEffect } from "../apply";
import { defineHandler, idOf, type PlanScope, type ProjectionContext } from "../context";
import { NOW, type Plan } from "../projection";
import { appliedInvoice, INVOICE_EVENT_TYPES } from "./invoice";

/**
 * An open invoice whose payment failed: Stripe tried to charge it (attempt_count), or this very
 * event says so. The member must pay it.
 */
const failedOpen = (invoice: Stripe.Invoice, eventType: string) =>
  invoice.status === "open" && (invoice.attempt_count >= 1 || eventType === "invoice.payment_failed");
/** Nothing more to ask of the member: paid, voided, or written off by the tenant (uncollectible). */
const settled = (invoice: Stripe.Invoice) => invoice.status === "paid" || invoice.status === "void" || invoice.status === "uncollectible";

function resolvePlan(scope: PlanScope, invoiceId: string): Plan {
  return {
    outcome: { status: "processed", note: "notices resolved" },
    effects: [{ kind: "update", table: billingNotices, set: { resolvedAt: NOW }, where: { tenantId: scope.tenantId, stripeInvoiceId: invoiceId, resolvedAt: null } }],
  };
}

/**
 * The member's "payment failed" mail, once per failed attempt (the dedupe key carries the attempt),
 * written with the notice so both commit or neither does.
 */
async function mailPaymentFailed(ctx: ProjectionContext, invoice: Stripe.Invoice, invoiceId: string) {
  const customerId = idOf(invoice.customer);
  const recipient = customerId && (await findMemberByCustomer(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, stripeCustomerId: customerId }));
  const tenant = recipient && (await getMailTenant(ctx.tx, { tenantId: ctx.tenantId }));
  if (!recipient || !tenant) return;
  const data = {
    tenantName: tenant.name,
    amount: invoice.amount_remaining,
    currency: invoice.currency,
    attemptCount: invoice.attempt_count,
    payUrl: portalUrl(`/${tenant.slug}/billing/invoices/${invoiceId}/pay`),
    cardsUrl: portalUrl(`/${tenant.slug}/billing/payment-methods`),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
  };
  const dedupeKey = `payment_failed:${ctx.tenantId}:${invoiceId}:${invoice.attempt_count}`;
  if (await enqueueMail(ctx.tx, { tenantId: ctx.tenantId, dedupeKey, to: recipient.email, template: "payment_failed", data })) ctx.afterCommit(nudgeMailRelay);
}

/**
 * Side effect of invoice events (seed 003: "mark invoice as overdue, trigger notifications"): a
 * failed payment opens an in-app notice for the member (with "Pay now") and the admins' list of
 * failed payments; the invoice being paid or voided resolves it.
 *
 * It follows the invoice PROJECTION, not the raw event (ordering.ts): after the invoice handler
 * ran in the same transaction, the copy it applied — the event's snapshot or, for a same-second
 * tie, the copy retrieved from Stripe — decides. An open invoice with a failed attempt opens or
 * updates the notice with that copy's attempt count and amount; a paid or void one resolves it; an
 * event the projection skipped (older, or after the invoice was paid) changes nothing. So an older
 * attempt never overwrites a newer message, whatever the order and whichever event settled a tie.
 */
export const billingNoticesHandler = defineHandler({
  name: "billing-notices",
  types: INVOICE_EVENT_TYPES,
  // Resolving is order-insensitive: paid and void are terminal, and an uncollectible invoice only
  // ever becomes one of them.
  plan: (scope, event) => (event.data.object.id && settled(event.data.object) ? resolvePlan(scope, event.data.object.id) : null),
  decide: async (ctx, event) => {
    const id = event.data.object.id;
    if (!id) return { status: "ignored", note: "invoice preview without an id" };
    const invoice = appliedInvoice(ctx, id);
    if (!invoice) {
      return event.type === "invoice.payment_failed" ? { status: "ignored", note: "older than the invoice's projection; notice unchanged" } : { status: "processed" };
    }
    if (settled(invoice) && !settled(event.data.object)) {
      // A tie settled with a copy that is already paid/void: the plan above did not resolve.
      for (const effect of resolvePlan(ctx, id).effects ?? []) await applyEffect(ctx.tx, effect);
      return { status: "processed", note: "notices resolved" };
    }
    if (!failedOpen(invoice, event.type)) {
      return event.type === "invoice.payment_failed" ? { status: "ignored", note: `invoice is ${invoice.status ?? "unknown"}` } : { status: "processed" };
    }
    await mailPaymentFailed(ctx, invoice, id);
    await openPaymentFailedNotice(ctx.tx, {
      tenantId: ctx.tenantId,
      mode: ctx.mode,
      stripeInvoiceId: id,
      stripeCustomerId: idOf(invoice.customer),
      stripeSubscriptionId: idOf(invoice.parent?.subscription_details?.subscription),
      amountDue: invoice.amount_remaining,
      currency: invoice.currency,
      message: invoice.attempt_count > 1 ? `Payment failed ${invoice.attempt_count} times.` : "The payment failed.",
    });
    return { status: "processed", note: "notice opened" };
  },
  // The one-statement path applies the snapshot itself: it may take the event when that snapshot
  // opens no notice (a tie never takes the fast path).
  fastWhen: (_scope, event) => !failedOpen(event.data.object, event.type) && event.type !== "invoice.payment_failed",
});
