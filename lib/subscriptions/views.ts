import type { listInvoiceRows } from "@/db/queries/billing-notices";
import type { listSubscriptionRows } from "@/db/queries/member-subscriptions";
import { guidanceFor } from "./statuses";

type SubscriptionRow = Awaited<ReturnType<typeof listSubscriptionRows>>[number];
type InvoiceRow = Awaited<ReturnType<typeof listInvoiceRows>>[number];

/** The REST shape of a subscription (snake_case, Stripe ids, status from the webhook projection). */
export function subscriptionJson(row: SubscriptionRow) {
  const guidance = guidanceFor(row.status);
  return {
    id: row.stripeSubscriptionId,
    object: "subscription",
    member: row.userId,
    plan: { product_id: row.productId, name: row.productName, price_id: row.catalogPriceId, nickname: row.priceNickname, amount: row.amount, currency: row.currency, interval: row.interval },
    status: row.status ?? "processing",
    status_label: guidance.label,
    what_to_do: guidance.advice,
    cancel_at_period_end: row.cancelAtPeriodEnd ?? false,
    current_period_end: row.currentPeriodEnd?.toISOString() ?? null,
    trial_end: row.trialEnd?.toISOString() ?? null,
    canceled_at: row.canceledAt?.toISOString() ?? null,
    ended_at: row.endedAt?.toISOString() ?? null,
    latest_invoice: row.stripeLatestInvoiceId,
    livemode: row.mode === "live",
    created_at: row.createdAt.toISOString(),
  };
}

export function invoiceJson(row: InvoiceRow) {
  return {
    id: row.stripeInvoiceId,
    object: "invoice",
    member: row.userId,
    status: row.status,
    number: row.number,
    amount_due: row.amountDue,
    amount_paid: row.amountPaid,
    amount_remaining: row.amountRemaining,
    currency: row.currency,
    hosted_invoice_url: row.hostedInvoiceUrl,
    invoice_pdf: row.invoicePdf,
    due_date: row.dueDate?.toISOString() ?? null,
    subscription: row.stripeSubscriptionId,
    livemode: row.mode === "live",
    created_at: row.createdAt.toISOString(),
  };
}
