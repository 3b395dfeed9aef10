import { billingNotices } from "@/db/schema";
import { openPaymentFailedNotice } from "@/db/queries/billing-notices";
import { defineHandler, idOf } from "../context";
import { NOW } from "../projection";
import { appliedInvoice } from "./invoice";

/**
 * Side effect of invoice events (seed 003: "mark invoice as overdue, trigger notifications"): a
 * failed payment opens an in-app notice for the member (with "Pay now") and the admins' list of
 * failed payments; the invoice being paid or voided resolves it. Runs after the invoice projection
 * in the same transaction and follows it (ordering.ts): a `payment_failed` the projection skipped
 * (older than the row, or after the invoice was paid) changes no notice, and the message and amount
 * come from the invoice copy that was applied, so an older attempt never overwrites a newer one.
 */
export const billingNoticesHandler = defineHandler({
  name: "billing-notices",
  types: ["invoice.payment_failed", "invoice.paid", "invoice.payment_succeeded", "invoice.voided"],
  // Resolving is order-insensitive (a plan); opening depends on what was applied (a decision).
  plan: (scope, event) => {
    const invoice = event.data.object;
    if (!invoice.id || event.type === "invoice.payment_failed") return null;
    return {
      outcome: { status: "processed", note: "notices resolved" },
      effects: [{ kind: "update", table: billingNotices, set: { resolvedAt: NOW }, where: { tenantId: scope.tenantId, stripeInvoiceId: invoice.id, resolvedAt: null } }],
    };
  },
  decide: async (ctx, event) => {
    if (event.type !== "invoice.payment_failed") return { status: "processed" };
    const id = event.data.object.id;
    if (!id) return { status: "ignored", note: "invoice preview without an id" };
    const invoice = appliedInvoice(ctx, id);
    if (!invoice) return { status: "ignored", note: "older than the invoice's projection; notice unchanged" };
    if (invoice.status !== "open") return { status: "ignored", note: `invoice is ${invoice.status ?? "unknown"}` };
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
  fastWhen: (_scope, event) => event.type !== "invoice.payment_failed",
});
