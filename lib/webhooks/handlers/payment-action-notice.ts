import { getInvoiceStatus, openPaymentActionNotice } from "@/db/queries/billing-notices";
import { defineHandler, idOf } from "../context";

/** Paid, voided or written off: nothing left for the member to confirm. */
const SETTLED = new Set(["paid", "void", "uncollectible"]);

/**
 * invoice.payment_action_required (a renewal's off-session charge wants 3-D Secure): the member's
 * in-app notice "Your bank needs you to confirm the payment", linking the invoice's pay page, where
 * confirming with the card runs the bank's challenge. The mail for the same event is
 * invoice-mail.ts; the invoice being paid or voided resolves this notice with the failed-payment one
 * (billing-notices.ts resolves every notice of the invoice).
 *
 * Events come unordered: when the invoice projection already shows the invoice settled (its
 * invoice.paid came first), no notice is opened; a duplicate or replay finds the row and only
 * refreshes the amount of a still-open notice.
 */
export const paymentActionNoticeHandler = defineHandler({
  name: "payment-action-notice",
  types: ["invoice.payment_action_required"],
  async decide(ctx, event) {
    const invoice = event.data.object;
    if (!invoice.id || invoice.status !== "open") return { status: "ignored", note: `invoice is ${invoice.status ?? "unknown"}` };
    const projected = await getInvoiceStatus(ctx.tx, { tenantId: ctx.tenantId, stripeInvoiceId: invoice.id });
    if (projected && SETTLED.has(projected)) return { status: "ignored", note: `invoice is already ${projected}` };
    const opened = await openPaymentActionNotice(ctx.tx, {
      tenantId: ctx.tenantId,
      mode: ctx.mode,
      stripeInvoiceId: invoice.id,
      stripeCustomerId: idOf(invoice.customer),
      stripeSubscriptionId: idOf(invoice.parent?.subscription_details?.subscription),
      amountDue: invoice.amount_remaining,
      currency: invoice.currency,
    });
    return { status: "processed", note: opened ? "action notice open" : "action notice already resolved" };
  },
});
