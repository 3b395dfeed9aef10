import { getInvoiceStatus, openPaymentFailedNotice, resolveInvoiceNotices } from "@/db/queries/billing-notices";
import { defineHandler, idOf } from "../context";
import { IF_CLAIMED } from "../fast-path";

/**
 * Side effect of invoice events (seed 003: "mark invoice as overdue, trigger notifications"): a
 * failed payment opens an in-app notice for the member (with "Pay now") and the admins' list of
 * failed payments; the invoice being paid or voided resolves it. Runs after the invoice projection
 * in the same transaction, so a late `payment_failed` for an invoice already projected as paid
 * (out-of-order delivery) opens nothing.
 */
export const billingNoticesHandler = defineHandler({
  name: "billing-notices",
  types: ["invoice.payment_failed", "invoice.paid", "invoice.payment_succeeded", "invoice.voided"],
  async handle(ctx, event) {
    const invoice = event.data.object;
    if (!invoice.id) return { status: "ignored", note: "invoice preview without an id" };
    if (event.type !== "invoice.payment_failed") {
      await resolveInvoiceNotices(ctx.tx, { tenantId: ctx.tenantId, stripeInvoiceId: invoice.id });
      return { status: "processed", note: "notices resolved" };
    }
    const projected = await getInvoiceStatus(ctx.tx, { tenantId: ctx.tenantId, stripeInvoiceId: invoice.id });
    if (projected !== "open") return { status: "ignored", note: `invoice is ${projected ?? "unknown"}` };
    await openPaymentFailedNotice(ctx.tx, {
      tenantId: ctx.tenantId,
      mode: ctx.mode,
      stripeInvoiceId: invoice.id,
      stripeCustomerId: idOf(invoice.customer),
      stripeSubscriptionId: idOf(invoice.parent?.subscription_details?.subscription),
      amountDue: invoice.amount_remaining,
      currency: invoice.currency,
      message: invoice.attempt_count > 1 ? `Payment failed ${invoice.attempt_count} times.` : "The payment failed.",
    });
    return { status: "processed", note: "notice opened" };
  },
  // Opening a notice depends on the projected status (decided in code); resolving does not.
  fast: (scope, event) => {
    const invoice = event.data.object;
    if (!invoice.id || event.type === "invoice.payment_failed") return null;
    const invoiceId = invoice.id;
    return {
      note: "notices resolved",
      effects: [
        (s) =>
          `update "billing_notices" set "resolved_at" = now() where "tenant_id" = ${s.param(scope.tenantId, "uuid")} ` +
          `and "stripe_invoice_id" = ${s.param(invoiceId)} and "resolved_at" is null and ${IF_CLAIMED} returning 1`,
      ],
    };
  },
});
