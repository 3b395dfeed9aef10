import type Stripe from "stripe";
import type { Tx } from "@/db/client";
import { listTenantAdmins, getMailTenant } from "@/db/queries/mail-recipients";
import {
  getPlatformCheckout,
  getPlatformCustomerByStripeId,
  getPlatformPlan,
  getPlatformPlanByPrice,
  lockPlatformInvoice,
  lockPlatformSubscription,
  upsertPlatformInvoice,
  upsertPlatformSubscription,
} from "@/db/queries/platform-billing";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { portalUrl } from "@/lib/mail/portal-url";
import { formatMoney } from "@/lib/money";

/*
 * What each platform event writes. Only platform tables (platform_subscriptions, platform_invoices)
 * and, for a failed payment, the admins' e-mail in the outbox. An event is ours only when its
 * customer is a platform customer the portal created (platform_customers) or, for Checkout, a session
 * the portal created (platform_checkouts); anything else is logged as ignored.
 */

export type PlatformOutcome = { status: "processed" | "ignored"; note?: string; tenantId?: string | null; mailed?: boolean };

/** Same-second tie on a row: the transaction rolls back and the object is retrieved from Stripe first. */
export class NeedsLatest extends Error {
  constructor(
    readonly kind: "subscription",
    readonly id: string,
  ) {
    super(`retrieve platform ${kind} ${id}`);
    this.name = "NeedsLatest";
  }
}

export type PlatformCtx = {
  tx: Tx;
  event: Stripe.Event;
  /** Copies retrieved before this attempt (by `${kind}:${id}`). */
  latest: Map<string, Stripe.Subscription | Stripe.Invoice>;
};

const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === "string" ? v : v.id);
const date = (s: number | null | undefined) => (s == null ? null : new Date(s * 1000));

type Watermarked = { lastEventCreated: number | null; lastEventId: string | null };

/** older: skip; same: this event again; tie: same second, another event; newer: apply. */
function compare(row: Watermarked | undefined, event: Stripe.Event): "newer" | "older" | "same" | "tie" {
  if (!row || row.lastEventCreated == null) return "newer";
  if (row.lastEventId === event.id) return "same";
  if (event.created > row.lastEventCreated) return "newer";
  if (event.created < row.lastEventCreated) return "older";
  return "tie";
}

async function tenantOfCustomer(tx: Tx, customer: string | null): Promise<string | null> {
  if (!customer) return null;
  return (await getPlatformCustomerByStripeId(tx, { stripeCustomerId: customer }))?.tenantId ?? null;
}

export async function onCheckoutCompleted(ctx: PlatformCtx, session: Stripe.Checkout.Session): Promise<PlatformOutcome> {
  const checkout = await getPlatformCheckout(ctx.tx, { stripeSessionId: session.id });
  if (!checkout) return { status: "ignored", note: "not a platform checkout of this portal" };
  const subscriptionId = idOf(session.subscription);
  const customer = idOf(session.customer);
  if (session.mode !== "subscription" || !subscriptionId || !customer) return { status: "ignored", note: "no subscription", tenantId: checkout.tenantId };
  const existing = await lockPlatformSubscription(ctx.tx, { stripeSubscriptionId: subscriptionId });
  if (existing) return { status: "processed", note: "subscription already recorded", tenantId: checkout.tenantId };
  const plan = await getPlatformPlan(ctx.tx, { planId: checkout.planId });
  // No watermark: the subscription's own events, whenever they arrive, carry its real state.
  await upsertPlatformSubscription(ctx.tx, {
    stripeSubscriptionId: subscriptionId,
    tenantId: checkout.tenantId,
    stripeCustomerId: customer,
    planId: checkout.planId,
    stripePriceId: plan?.stripePriceId ?? null,
    status: session.payment_status === "no_payment_required" ? "trialing" : "active",
    amount: plan?.amount ?? null,
    currency: plan?.currency ?? null,
  });
  return { status: "processed", note: "subscription created, organisation activated", tenantId: checkout.tenantId };
}

export async function onSubscription(ctx: PlatformCtx, sub: Stripe.Subscription): Promise<PlatformOutcome> {
  const tenantId = await tenantOfCustomer(ctx.tx, idOf(sub.customer));
  if (!tenantId) return { status: "ignored", note: "not a platform customer" };
  const row = await lockPlatformSubscription(ctx.tx, { stripeSubscriptionId: sub.id });
  const order = compare(row, ctx.event);
  if (order === "older" || order === "same") return { status: "processed", note: "older than the recorded state", tenantId };
  let snapshot = sub;
  if (order === "tie") {
    const latest = ctx.latest.get(`subscription:${sub.id}`);
    if (!latest) throw new NeedsLatest("subscription", sub.id);
    snapshot = latest as Stripe.Subscription;
  }
  // Ended is ended: a late "updated" never revives a canceled subscription.
  if (row && (row.status === "canceled" || row.status === "incomplete_expired") && snapshot.status !== row.status) {
    return { status: "processed", note: "subscription already ended", tenantId };
  }
  const item = snapshot.items.data[0];
  const priceId = item?.price.id ?? null;
  const plan = priceId ? await getPlatformPlanByPrice(ctx.tx, { stripePriceId: priceId }) : undefined;
  await upsertPlatformSubscription(ctx.tx, {
    stripeSubscriptionId: snapshot.id,
    tenantId,
    stripeCustomerId: idOf(snapshot.customer) ?? "",
    planId: plan?.id ?? row?.planId ?? null,
    stripePriceId: priceId,
    status: snapshot.status,
    amount: item?.price.unit_amount ?? null,
    currency: item?.price.currency ?? null,
    currentPeriodEnd: snapshot.items.data.length ? date(Math.max(...snapshot.items.data.map((i) => i.current_period_end))) : null,
    trialEnd: date(snapshot.trial_end),
    cancelAtPeriodEnd: snapshot.cancel_at_period_end,
    lastEventCreated: ctx.event.created,
    lastEventId: ctx.event.id,
  });
  return { status: "processed", note: order === "tie" ? "resolved_tie" : undefined, tenantId };
}

/** Stripe's invoice statuses in the order they can only move forward (paid and void are final). */
const INVOICE_RANK: Record<string, number> = { draft: 0, open: 1, uncollectible: 2, paid: 3, void: 3 };

export async function onInvoice(ctx: PlatformCtx, invoice: Stripe.Invoice): Promise<PlatformOutcome> {
  const customer = idOf(invoice.customer);
  const tenantId = await tenantOfCustomer(ctx.tx, customer);
  if (!tenantId || !invoice.id) return { status: "ignored", note: "not a platform customer" };
  const row = await lockPlatformInvoice(ctx.tx, { stripeInvoiceId: invoice.id });
  const failed = ctx.event.type === "invoice.payment_failed";
  const order = compare(row, ctx.event);
  if (order === "same") return { status: "processed", note: "already applied", tenantId };
  const status = invoice.status ?? "draft";
  const rowRank = row ? (INVOICE_RANK[row.status] ?? 0) : -1;
  const rank = INVOICE_RANK[status] ?? 0;
  // A paid or void invoice stays so; an older or tied snapshot may only move the status forward.
  const apply = rowRank < 3 && (order === "newer" || rank > rowRank);
  const settled = rowRank >= 3 || (apply && rank >= 3);
  if (apply) {
    await upsertPlatformInvoice(ctx.tx, {
      stripeInvoiceId: invoice.id,
      tenantId,
      stripeCustomerId: customer ?? "",
      stripeSubscriptionId: idOf(invoice.parent?.subscription_details?.subscription ?? null),
      number: invoice.number,
      status,
      overdue: settled ? false : failed || (row?.overdue ?? false),
      lastPaymentError: settled ? null : failed ? "The card was declined or could not be charged." : (row?.lastPaymentError ?? null),
      amountDue: invoice.amount_due,
      amountPaid: invoice.amount_paid,
      currency: invoice.currency,
      periodEnd: date(invoice.period_end),
      dueDate: date(invoice.due_date),
      stripeCreated: date(invoice.created) ?? new Date(),
      lastEventCreated: order === "newer" ? ctx.event.created : (row?.lastEventCreated ?? ctx.event.created),
      lastEventId: order === "newer" ? ctx.event.id : (row?.lastEventId ?? ctx.event.id),
    });
  } else if (failed && row && !settled && !row.overdue) {
    await upsertPlatformInvoice(ctx.tx, { ...row, overdue: true, lastPaymentError: "The card was declined or could not be charged." });
  }
  const mailed = failed && !settled ? await mailAdminsOfFailure(ctx, tenantId, invoice) : false;
  return { status: "processed", note: failed ? (settled ? "payment failed after the invoice was settled" : "invoice overdue, admins notified") : undefined, tenantId, mailed };
}

async function mailAdminsOfFailure(ctx: PlatformCtx, tenantId: string, invoice: Stripe.Invoice): Promise<boolean> {
  const tenant = await getMailTenant(ctx.tx, { tenantId });
  if (!tenant) return false;
  let written = false;
  for (const admin of await listTenantAdmins(ctx.tx, { tenantId })) {
    written =
      (await enqueueMail(ctx.tx, {
        tenantId,
        // One mail per failed attempt (event) and admin: a redelivered event never mails twice.
        dedupeKey: `platform_payment_failed:${ctx.event.id}:${admin.userId}`,
        to: admin.email,
        template: "platform_payment_failed",
        data: { tenantName: tenant.name, amount: formatMoney(invoice.amount_due, invoice.currency), invoiceNumber: invoice.number, billingUrl: portalUrl(`/${tenant.slug}/settings/billing`) },
      })) || written;
  }
  return written;
}

/** invoice_payment.paid links the invoice to its PaymentIntent (never inside invoice events). */
export async function onInvoicePayment(ctx: PlatformCtx, payment: Stripe.InvoicePayment): Promise<PlatformOutcome> {
  const invoiceId = idOf(payment.invoice as string | { id: string } | null);
  if (!invoiceId) return { status: "ignored", note: "no invoice" };
  const row = await lockPlatformInvoice(ctx.tx, { stripeInvoiceId: invoiceId });
  if (!row) return { status: "ignored", note: "invoice not recorded (yet)" };
  const pi = idOf(payment.payment.payment_intent ?? null);
  const charge = idOf(payment.payment.charge ?? null);
  await upsertPlatformInvoice(ctx.tx, { ...row, stripePaymentIntentId: pi ?? row.stripePaymentIntentId, stripeChargeId: charge ?? row.stripeChargeId });
  return { status: "processed", tenantId: row.tenantId };
}

/** The charge of a platform invoice's PaymentIntent (seed 003's Payment.stripeChargeId). */
export async function onPaymentIntent(ctx: PlatformCtx, pi: Stripe.PaymentIntent): Promise<PlatformOutcome> {
  const tenantId = await tenantOfCustomer(ctx.tx, idOf(pi.customer));
  if (!tenantId) return { status: "ignored", note: "not a platform customer" };
  return { status: "processed", note: `payment ${ctx.event.type === "payment_intent.succeeded" ? "recorded" : "failure logged"}`, tenantId };
}

export const PLATFORM_EVENT_TYPES = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "invoice.created",
  "invoice.finalized",
  "invoice.paid",
  "invoice.payment_succeeded",
  "invoice.payment_failed",
  "invoice.voided",
  "invoice.marked_uncollectible",
  "invoice_payment.paid",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
] as const satisfies readonly Stripe.Event.Type[];

/** Dispatch by type; null for types the platform does not handle (logged as ignored). */
export function platformHandlerFor(event: Stripe.Event): ((ctx: PlatformCtx) => Promise<PlatformOutcome>) | null {
  switch (event.type) {
    case "checkout.session.completed":
      return (ctx) => onCheckoutCompleted(ctx, event.data.object);
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
    case "customer.subscription.paused":
    case "customer.subscription.resumed":
      return (ctx) => onSubscription(ctx, event.data.object);
    case "invoice.created":
    case "invoice.finalized":
    case "invoice.paid":
    case "invoice.payment_succeeded":
    case "invoice.payment_failed":
    case "invoice.voided":
    case "invoice.marked_uncollectible":
      return (ctx) => onInvoice(ctx, event.data.object);
    case "invoice_payment.paid":
      return (ctx) => onInvoicePayment(ctx, event.data.object);
    case "payment_intent.succeeded":
    case "payment_intent.payment_failed":
      return (ctx) => onPaymentIntent(ctx, event.data.object);
    default:
      return null;
  }
}

/** The key every event of one platform customer is serialised on. */
export function customerOf(event: Stripe.Event): string | null {
  const o = event.data.object as { customer?: string | { id: string } | null; object?: string };
  if (o.object === "invoice_payment") return null;
  return idOf(o.customer ?? null);
}
