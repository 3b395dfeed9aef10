import type { MemberPaymentRow, PaymentDispute, PaymentInvoice, PaymentRefundRequest } from "@/db/queries/member-payments";
import { displayStatus, type DisplayStatus } from "./payment-status";
import { stripeDashboardPaymentUrl } from "./payment-links";

/** A refund an admin asked for, as pages and the API show it. */
export type RefundView = Pick<PaymentRefundRequest, "id" | "stripeRefundId" | "amount" | "currency" | "reason" | "note" | "createdAt" | "failureReason"> & {
  requestedBy: string | null;
  /** "pending" until the webhook confirms; then Stripe's refund status. */
  status: string;
};

export type PaymentView = {
  id: string;
  status: DisplayStatus;
  stripeStatus: string | null;
  amount: number;
  /** Stripe Tax's share of `amount` for portal purchases made with tax on (from the intent's metadata), else null. */
  tax: number | null;
  amountRefunded: number;
  /** Refunds asked for but not yet confirmed by Stripe's webhook. */
  amountRefundPending: number;
  currency: string;
  description: string | null;
  /** What was paid for, as people read it: the portal's description, else the invoice it paid. */
  item: string;
  /** The Stripe invoice this payment paid (a membership charge or an invoice an admin sent). */
  invoice: PaymentInvoice | null;
  priceId: string | null;
  member: { id: string; email: string | null; name: string | null } | null;
  lastPaymentError: string | null;
  stripePaymentIntentId: string;
  mode: "test" | "live";
  dashboardUrl: string;
  createdAt: Date;
  refunds: RefundView[];
  /** The latest dispute of this payment's charge, if its cardholder's bank opened one. */
  dispute: PaymentDispute | null;
};

const SETTLED_FAILED = ["failed", "canceled"];

/**
 * "Membership · invoice ACME-0003", "Invoice ACME-0004", "Workshop ticket", or "Payment". An
 * invoice's own label wins: Stripe describes its PaymentIntents as "Subscription creation" and the like.
 */
export function paymentItem(description: string | null, invoice: PaymentInvoice | null): string {
  if (!invoice) return description || "Payment";
  const number = invoice.number ? `invoice ${invoice.number}` : "invoice";
  return invoice.subscription ? `Membership · ${number}` : `I${number.slice(1)}`;
}

/** The tax createMemberPayment wrote into the intent's metadata (`memberpulse_tax_amount`). */
function taxOf(metadata: Record<string, string>): number | null {
  const raw = metadata.memberpulse_tax_amount;
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null;
}

/** A payment as pages and the API show it: its row, with its refund requests and latest dispute. */
export function toPaymentView(row: MemberPaymentRow): PaymentView {
  const p = row.payment;
  const refunds = row.refundRequests.map((r) => ({
    id: r.id,
    stripeRefundId: r.stripeRefundId,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    note: r.note,
    createdAt: r.createdAt,
    requestedBy: r.requestedByEmail,
    status: r.confirmedStatus ?? "pending",
    failureReason: r.failureReason ?? null,
  }));
  const amountRefundPending = refunds.filter((r) => r.status === "pending").reduce((sum, r) => sum + r.amount, 0);
  return {
    id: p.id,
    status: displayStatus(p),
    stripeStatus: p.status,
    amount: p.amount,
    tax: taxOf(p.metadata),
    amountRefunded: p.amountRefunded,
    amountRefundPending,
    currency: p.currency,
    description: p.description,
    // A Checkout purchase's PaymentIntent has no description: its session names the price.
    item: paymentItem(p.description || row.checkoutItem, row.invoice),
    invoice: row.invoice,
    priceId: p.catalogPriceId,
    member: { id: row.payerId, email: row.memberEmail, name: row.memberName },
    lastPaymentError: p.lastPaymentError,
    stripePaymentIntentId: p.stripePaymentIntentId,
    mode: p.mode,
    dashboardUrl: stripeDashboardPaymentUrl(p.mode, p.stripePaymentIntentId),
    createdAt: p.createdAt,
    refunds,
    dispute: row.dispute,
  };
}

/** Refunded or asked for (and not failed): what can no longer be refunded. */
export function committedRefunds(p: { amountRefunded: number }, requests: { amount: number; confirmedStatus: string | null }[]): number {
  const requested = requests.filter((r) => !SETTLED_FAILED.includes(r.confirmedStatus ?? "")).reduce((sum, r) => sum + r.amount, 0);
  return Math.max(p.amountRefunded, requested);
}

/** The JSON shape of the payments API (snake_case, amounts in minor units). */
export function toApiPayment(v: PaymentView) {
  return {
    id: v.id,
    object: "payment",
    status: v.status,
    stripe_status: v.stripeStatus,
    amount: v.amount,
    amount_refunded: v.amountRefunded,
    amount_refund_pending: v.amountRefundPending,
    currency: v.currency,
    description: v.description,
    price_id: v.priceId,
    member: v.member,
    last_payment_error: v.lastPaymentError,
    dispute_status: v.dispute?.status ?? null,
    stripe_payment_intent_id: v.stripePaymentIntentId,
    livemode: v.mode === "live",
    created_at: v.createdAt.toISOString(),
    refunds: v.refunds.map((r) => ({
      id: r.id,
      stripe_refund_id: r.stripeRefundId,
      amount: r.amount,
      currency: r.currency,
      reason: r.reason,
      note: r.note,
      status: r.status,
      failure_reason: r.failureReason,
      created_at: r.createdAt.toISOString(),
    })),
  };
}
