import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import type { Db } from "@/db/client";
import { upsertStripeSettings } from "@/db/queries/stripe-settings";
import type { StripeMode } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { forgetWebhookSecrets } from "@/lib/stripe-connection/webhook-secret-cache";
import type { FetchableKind, FetchableObjects, LatestFetcher } from "@/lib/webhooks/context";

/** Stores a tenant's webhook signing secret the way the settings page does (encrypted). */
export async function setWebhookSecret(db: Db, { tenantId, mode, secret }: { tenantId: string; mode: StripeMode; secret: string }) {
  await upsertStripeSettings(db, { tenantId, mode, patch: { webhookSecretEnc: encryptSecret(secret), webhookSecretHint: secret.slice(-4) } });
  forgetWebhookSecrets(tenantId);
}

export function newSecret(): string {
  return `whsec_${randomUUID().replaceAll("-", "")}`;
}

export function evtId(): string {
  return `evt_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
}

/** A Stripe event envelope around `object`, as the endive API sends it. */
export function makeEvent(type: string, object: object, opts: { id?: string; created?: number; livemode?: boolean } = {}) {
  return {
    id: opts.id ?? evtId(),
    object: "event",
    api_version: "2026-10-28.endive",
    created: opts.created ?? Math.floor(Date.now() / 1000),
    data: { object },
    livemode: opts.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** A delivery signed exactly as Stripe signs it (the SDK's own test helper). */
export function signedRequest(
  { tenantId, mode }: { tenantId: string; mode: string },
  payload: string,
  secret: string,
  opts: { timestamp?: number; headers?: Record<string, string> } = {},
): Request {
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(opts.timestamp ? { timestamp: opts.timestamp } : {}) });
  return new Request(`http://localhost/api/webhooks/stripe/${tenantId}/${mode}`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": header, ...opts.headers },
    body: payload,
  });
}

/** A fetcher that serves fixed "current Stripe state" per object id, counting calls. */
export function fixedFetcher(objects: Map<string, object>): LatestFetcher & { calls: number } {
  const fetcher = async <K extends FetchableKind>(_kind: K, id: string): Promise<FetchableObjects[K]> => {
    fetcher.calls++;
    const obj = objects.get(id);
    if (!obj) throw new Error(`fixture has no current copy of ${id}`);
    return structuredClone(obj) as FetchableObjects[K];
  };
  fetcher.calls = 0;
  return fetcher;
}

export const noFetch: LatestFetcher = async (kind, id) => {
  throw new Error(`unexpected Stripe retrieve of ${kind} ${id}`);
};

type SubState = { id: string; customer: string; status: Stripe.Subscription.Status; start: number; end: number; canceledAt?: number | null; latestInvoice?: string };

/** A subscription object shaped like the endive API's (periods on the items). */
export function subscriptionObject(s: SubState) {
  return {
    id: s.id,
    object: "subscription",
    customer: s.customer,
    status: s.status,
    cancel_at_period_end: false,
    canceled_at: s.canceledAt ?? null,
    ended_at: s.status === "canceled" ? (s.canceledAt ?? null) : null,
    latest_invoice: s.latestInvoice ?? null,
    metadata: {},
    items: {
      object: "list",
      has_more: false,
      url: `/v1/subscription_items?subscription=${s.id}`,
      data: [
        {
          id: `si_${s.id.slice(4)}`,
          object: "subscription_item",
          price: { id: "price_basic", object: "price", product: "prod_basic" },
          quantity: 1,
          current_period_start: s.start,
          current_period_end: s.end,
        },
      ],
    },
  };
}

/** An invoice as events carry it: no `payments` (an includable field, never in events). */
export function invoiceObject(o: { id: string; customer: string; subscription: string; status: Stripe.Invoice.Status; amount: number }) {
  return {
    id: o.id,
    object: "invoice",
    customer: o.customer,
    status: o.status,
    number: null,
    amount_due: o.amount,
    amount_paid: o.status === "paid" ? o.amount : 0,
    amount_remaining: o.status === "paid" ? 0 : o.amount,
    currency: "usd",
    hosted_invoice_url: null,
    period_start: 1_700_000_000,
    period_end: 1_700_000_000,
    parent: { type: "subscription_details", quote_details: null, subscription_details: { subscription: o.subscription, metadata: {} } },
  };
}

/** The InvoicePayment of `invoice_payment.paid`: how an invoice's PaymentIntent is learned. */
export function invoicePaymentObject(o: { invoice: string; paymentIntent: string; amount: number; paidAt?: number; id?: string }): Stripe.InvoicePayment {
  return {
    id: o.id ?? `inpay_${o.invoice}`,
    object: "invoice_payment",
    amount_paid: o.amount,
    amount_requested: o.amount,
    created: o.paidAt ?? 1_700_000_000,
    currency: "usd",
    invoice: o.invoice,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: o.paymentIntent },
    status: "paid",
    status_transitions: { canceled_at: null, paid_at: o.paidAt ?? 1_700_000_000 },
  };
}

export function paymentIntentObject(o: { id: string; status: Stripe.PaymentIntent.Status; amount: number; customer?: string | null; charge?: string | null }) {
  return {
    id: o.id,
    object: "payment_intent",
    amount: o.amount,
    amount_received: o.status === "succeeded" ? o.amount : 0,
    currency: "usd",
    customer: o.customer ?? null,
    description: null,
    latest_charge: o.charge ?? null,
    last_payment_error: null,
    metadata: {},
    status: o.status,
  };
}

/** A dispute snapshot as charge.dispute.* events carry it (only the fields the projection reads). */
export function disputeObject(o: { id: string; charge: string; paymentIntent: string | null; status: string; amount: number; net?: number[]; evidence?: Record<string, string>; submissions?: number }) {
  return {
    id: o.id,
    object: "dispute",
    amount: o.amount,
    balance_transactions: (o.net ?? []).map((net, i) => ({ id: `txn_${o.id}_${i}`, object: "balance_transaction", amount: net, net, currency: "usd" })),
    charge: o.charge,
    currency: "usd",
    evidence: { uncategorized_text: null, receipt: null, ...o.evidence },
    evidence_details: { due_by: 1_790_600_000, has_evidence: Object.keys(o.evidence ?? {}).length > 0, past_due: false, submission_count: o.submissions ?? 0, submission_method: "manual" },
    is_charge_refundable: false,
    metadata: {},
    payment_intent: o.paymentIntent,
    reason: "fraudulent",
    status: o.status,
  };
}
