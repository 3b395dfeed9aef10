import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import {
  currentPlatformSubscription,
  getPlatformCustomer,
  getPlatformInvoice,
  getPlatformPlan,
  insertPlatformCheckout,
  insertPlatformCustomer,
  listPlatformInvoices,
  listPlatformPlans,
} from "@/db/queries/platform-billing";
import type { PlatformInvoice } from "@/db/schema";
import { getTenantById } from "@/db/queries/tenants";
import { getUserById } from "@/db/queries/users";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors/domain-error";
import { createPortalSession } from "@/lib/stripe/billing-portal";
import { retrieveInvoiceForPayment } from "@/lib/stripe/invoices";
import { createPlatformCheckoutSession, createPlatformCustomer } from "@/lib/stripe/platform-billing";
import { changeSubscriptionPrice, retrieveSubscription } from "@/lib/stripe/subscriptions";
import { billingStatusOf } from "./billing-status";
import { platformStripe, platformStripeOrNull, type PlatformStripe } from "./platform-stripe";

/*
 * "Billing for this portal": the organisation paying MemberPulse, on the PLATFORM's Stripe account.
 * Only the tenant's admins (permission platform_billing.manage) reach any of it; every read and
 * write is scoped by the actor's tenant, and a platform object of another tenant answers 404.
 * Nothing here changes the organisation's status: only platform webhooks do (./webhooks).
 */

function assertAdmin(actor: TenantActor) {
  if (!can(actor.role, "platform_billing.manage")) throw new DomainError("forbidden", "Only the organisation's admins manage its MemberPulse plan.");
}

export const billingPath = (slug: string) => `/${slug}/settings/billing`;

export async function loadPortalBillingView(db: Db, actor: TenantActor) {
  assertAdmin(actor);
  const platform = platformStripeOrNull();
  const [plans, sub, invoices] = await Promise.all([
    listPlatformPlans(db, { activeOnly: true }),
    currentPlatformSubscription(db, { tenantId: actor.tenantId }),
    listPlatformInvoices(db, { tenantId: actor.tenantId }),
  ]);
  const plan = sub?.planId ? await getPlatformPlan(db, { planId: sub.planId }) : undefined;
  const status = billingStatusOf(sub?.status);
  const live = status !== "none" && status !== "canceled";
  const openInvoices = invoices.filter((i) => i.status === "open");
  // Past due or suspended: the page leads with what is owed and how to pay it — no "next invoice"
  // or plan switching as if all were well (a switch would only add another unpaid invoice).
  const inArrears = status === "past_due" || status === "suspended" || openInvoices.some((i) => i.overdue);
  return {
    configured: Boolean(platform?.publishableKey),
    /** The platform account's publishable key (public by design): the embedded Checkout's and Payment Element's. */
    publishableKey: platform?.publishableKey ?? null,
    status,
    subscription: sub
      ? { planName: plan?.name ?? "Unknown plan", planId: sub.planId, amount: sub.amount, currency: sub.currency, currentPeriodEnd: sub.currentPeriodEnd, trialEnd: sub.trialEnd, cancelAtPeriodEnd: sub.cancelAtPeriodEnd }
      : null,
    /** The next charge: the renewal at the period's end unless the plan ends then, or the portal is in arrears. */
    nextInvoice:
      live && !inArrears && sub?.currentPeriodEnd && !sub.cancelAtPeriodEnd && sub.amount != null && sub.currency ? { at: sub.currentPeriodEnd, amount: sub.amount, currency: sub.currency } : null,
    owed: inArrears ? amountOwed(openInvoices) : null,
    plans: plans.filter((p) => p.syncStatus === "synced" && p.stripePriceId && p.mode === platform?.mode),
    invoices,
    openInvoices,
    canChangePlan: (status === "active" || status === "trialing") && !inArrears,
    inArrears,
    hasCustomer: Boolean(await getPlatformCustomer(db, { tenantId: actor.tenantId })),
  };
}

/**
 * What the organisation owes: the open invoices' remaining amounts per currency, and the one to pay
 * first (the overdue one Stripe is retrying, else the oldest open one). Null when nothing is open.
 */
function amountOwed(open: PlatformInvoice[]) {
  if (open.length === 0) return null;
  const totals = new Map<string, number>();
  for (const i of open) totals.set(i.currency, (totals.get(i.currency) ?? 0) + Math.max(0, i.amountDue - i.amountPaid));
  const byAge = [...open].sort((a, b) => a.stripeCreated.getTime() - b.stripeCreated.getTime());
  const first = byAge.find((i) => i.overdue) ?? byAge[0]!;
  return { totals: [...totals].map(([currency, amount]) => ({ currency, amount })), payFirst: { stripeInvoiceId: first.stripeInvoiceId, number: first.number, since: first.stripeCreated, lastPaymentError: first.lastPaymentError } };
}
export type PortalBillingView = Awaited<ReturnType<typeof loadPortalBillingView>>;

async function offeredPlan(db: Db, platform: PlatformStripe, planId: string) {
  const plan = await getPlatformPlan(db, { planId });
  if (!plan || !plan.active) throw new DomainError("not_found", "No such plan.", "planId");
  if (plan.syncStatus !== "synced" || !plan.stripePriceId || plan.mode !== platform.mode) throw new DomainError("conflict", "This plan is not available yet. Try again later.", "planId");
  return { ...plan, stripePriceId: plan.stripePriceId };
}

/** The tenant's customer on the platform account, created on first use (no transaction is open here). */
async function ensurePlatformCustomer(db: Db, platform: PlatformStripe, actor: TenantActor): Promise<string> {
  const existing = await getPlatformCustomer(db, { tenantId: actor.tenantId });
  if (existing) return existing.stripeCustomerId;
  const [tenant, user] = await Promise.all([getTenantById(db, { tenantId: actor.tenantId }), getUserById(db, { userId: actor.userId })]);
  const stripeCustomerId = await createPlatformCustomer(platform.client, { tenantId: actor.tenantId, name: tenant?.name ?? actor.tenantSlug, email: user?.email ?? null });
  const row = await insertPlatformCustomer(db, { tenantId: actor.tenantId, mode: platform.mode, stripeCustomerId });
  return row?.stripeCustomerId ?? stripeCustomerId;
}

/**
 * An embedded Checkout Session on the platform account for the chosen plan (seed 003's
 * `POST /billing/stripe/checkout` with tenantId + planId). The price is the plan's, never the
 * request's. Refused while the organisation already has a plan that has not ended (change it instead).
 */
export async function createPlatformCheckout(db: Db, actor: TenantActor, { planId }: { planId: string }) {
  assertAdmin(actor);
  const platform = platformStripe();
  if (!platform.publishableKey) throw new DomainError("stripe_not_configured", "Platform billing is not set up: STRIPE_PUBLISHABLE_KEY is missing.");
  const plan = await offeredPlan(db, platform, planId);
  const status = billingStatusOf((await currentPlatformSubscription(db, { tenantId: actor.tenantId }))?.status);
  if (status !== "none" && status !== "canceled" && status !== "incomplete") throw new DomainError("conflict", "This portal already has a plan. Change it instead of subscribing again.");
  const customerId = await ensurePlatformCustomer(db, platform, actor);
  const returnUrl = `${new URL(billingPath(actor.tenantSlug), env().APP_URL).toString()}?checkout={CHECKOUT_SESSION_ID}`;
  const session = await createPlatformCheckoutSession(
    platform.client,
    { customerId, priceId: plan.stripePriceId, tenantId: actor.tenantId, planId: plan.id, trialDays: plan.trialDays, returnUrl },
    `memberpulse-platform-checkout-${randomUUID()}`,
  );
  if (!session.clientSecret) throw new DomainError("stripe_error", "Stripe did not return an embedded Checkout Session.");
  await insertPlatformCheckout(db, { stripeSessionId: session.id, tenantId: actor.tenantId, planId: plan.id, userId: actor.userId });
  return { id: session.id, clientSecret: session.clientSecret, publishableKey: platform.publishableKey };
}

/** Switches the live subscription to another plan's price (prorated); the row follows customer.subscription.updated. */
export async function changePlatformPlan(db: Db, actor: TenantActor, { planId }: { planId: string }) {
  assertAdmin(actor);
  const platform = platformStripe();
  const plan = await offeredPlan(db, platform, planId);
  const sub = await currentPlatformSubscription(db, { tenantId: actor.tenantId });
  const status = billingStatusOf(sub?.status);
  if (!sub || status === "none" || status === "canceled" || status === "incomplete") throw new DomainError("conflict", "This portal has no plan to change yet: choose one first.");
  if (sub.planId === plan.id) throw new DomainError("conflict", "This portal is already on that plan.", "planId");
  const current = await retrieveSubscription(platform.client, sub.stripeSubscriptionId);
  if (!current.itemId) throw new DomainError("conflict", "This subscription cannot be changed here; use Manage billing in Stripe.");
  await changeSubscriptionPrice(platform.client, sub.stripeSubscriptionId, { itemId: current.itemId, priceId: plan.stripePriceId, prorationBehavior: "always_invoice" });
  return { planName: plan.name };
}

/** A Customer Portal session on the platform account (seed 003's `POST /billing/stripe/portal`). */
export async function platformPortalSession(db: Db, actor: TenantActor) {
  assertAdmin(actor);
  const platform = platformStripe();
  const customer = await getPlatformCustomer(db, { tenantId: actor.tenantId });
  if (!customer) throw new DomainError("conflict", "Choose a plan first: the billing account is created with the first checkout.");
  return createPortalSession(platform.client, { customerId: customer.stripeCustomerId, returnUrl: new URL(billingPath(actor.tenantSlug), env().APP_URL).toString() });
}

/**
 * The client secret for paying one of the organisation's open platform invoices with the Payment
 * Element (seed 003's `POST /invoices/{id}/payment-intent`): the invoice's confirmation secret on the
 * platform account. Another tenant's invoice is a 404; a paid or void one a 409.
 */
export async function platformInvoicePaymentSecret(db: Db, actor: TenantActor, { invoiceId }: { invoiceId: string }) {
  assertAdmin(actor);
  const row = await getPlatformInvoice(db, { tenantId: actor.tenantId, stripeInvoiceId: invoiceId });
  if (!row) throw new DomainError("not_found", "No such invoice.");
  const platform = platformStripe();
  const invoice = await retrieveInvoiceForPayment(platform.client, invoiceId);
  if (invoice.status !== "open" || !invoice.clientSecret) throw new DomainError("conflict", `This invoice is ${invoice.status ?? "not open"}; there is nothing to pay.`);
  return { invoiceId, clientSecret: invoice.clientSecret, publishableKey: platform.publishableKey, amountDue: invoice.amountRemaining, currency: invoice.currency, number: invoice.number };
}
