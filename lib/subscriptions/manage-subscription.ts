import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit-log";
import { getBillingSettings } from "@/db/queries/billing-settings";
import { getMemberSubscription, getSubscribablePrice, updateMemberSubscriptionPrice } from "@/db/queries/member-subscriptions";
import { DomainError } from "@/lib/errors/domain-error";
import { can } from "@/lib/auth/permissions";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import {
  cancelSubscriptionNow,
  changeSubscriptionPrice,
  previewPriceChange,
  retrieveSubscription,
  setCancelAtPeriodEnd,
  type PortalSubscription,
} from "@/lib/stripe/subscriptions";
import { assertTenantTakesPayments } from "@/lib/platform/tenant-status";
import { prorationBehaviorFor } from "./proration-policy";
import { hasEnded } from "./statuses";

/** The subscription if the actor may act on it: their own, or any in the tenant for admins. Else 404 (no leaking). */
export async function loadSubscriptionFor(db: Db, actor: TenantActor, stripeSubscriptionId: string) {
  const row = await getMemberSubscription(db, { tenantId: actor.tenantId, stripeSubscriptionId });
  if (!row || (row.userId !== actor.userId && !can(actor.role, "subscriptions.view_all"))) throw new DomainError("not_found", "No such subscription.");
  return row;
}

/** A plan change (preview or confirm): refused while the tenant is suspended (lib/platform/tenant-status.ts). */
async function resolveTarget(db: Db, actor: TenantActor, stripeSubscriptionId: string, priceId: string) {
  await assertTenantTakesPayments(db, { tenantId: actor.tenantId });
  const row = await loadSubscriptionFor(db, actor, stripeSubscriptionId);
  if (hasEnded(row.status)) throw new DomainError("conflict", "This subscription has ended and cannot be changed.");
  const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: row.mode });
  const price = await getSubscribablePrice(db, { tenantId: actor.tenantId, priceId, mode: row.mode });
  if (!price) throw new DomainError("not_found", "No such plan price.", "price_id");
  if (!price.stripePriceId) throw new DomainError("conflict", "This plan is not available in Stripe yet.", "price_id");
  if (price.priceId === row.catalogPriceId) throw new DomainError("conflict", "The subscription is already on this price.", "price_id");
  const { prorationPolicy } = await getBillingSettings(db, { tenantId: actor.tenantId });
  const behavior = prorationBehaviorFor(prorationPolicy, { amount: row.amount ?? 0, interval: row.interval ?? null }, { amount: price.amount, interval: price.interval ?? null });
  const current = await retrieveSubscription(stripe.client, row.stripeSubscriptionId);
  if (!current.itemId) throw new DomainError("conflict", "This subscription has no item to change.");
  return { row, stripe, price: { ...price, stripePriceId: price.stripePriceId }, current, behavior };
}

const planName = (p: { productName: string | null; nickname?: string | null; priceNickname?: string | null }) => {
  const nick = p.nickname ?? p.priceNickname ?? null;
  return nick ? `${p.productName ?? "Plan"} (${nick})` : (p.productName ?? "your current plan");
};

/**
 * What a plan change would cost now, under the tenant's proration policy; `prorationDate` is passed
 * back on confirm so the charge matches. Lines name plans as the catalog does (never Stripe price
 * ids). With no proration nothing is due now, so Stripe is not asked.
 */
export async function previewPlanChange(db: Db, actor: TenantActor, stripeSubscriptionId: string, priceId: string) {
  const { row, stripe, price, current, behavior } = await resolveTarget(db, actor, stripeSubscriptionId, priceId);
  const prorationDate = Math.floor(Date.now() / 1000);
  const target = { productName: price.productName, nickname: price.nickname, amount: price.amount, interval: price.interval, nextRenewal: row.currentPeriodEnd };
  if (behavior === "none") return { amountDue: 0, currency: price.currency, lines: [], prorationDate, behavior, ...target };
  const preview = await previewPriceChange(stripe.client, current.id, { itemId: current.itemId ?? "", priceId: price.stripePriceId, prorationDate });
  // Stripe's own wording ends with the proration date ("… after 02 Dec 2026"): kept, with the plan named as in the catalog.
  const after = (d: string) => / after \d{1,2} \w{3} \d{4}$/.exec(d)?.[0] ?? "";
  const lines = preview.lines.map((l) => {
    if (l.proration && l.stripePriceId === current.priceId) return { description: `Unused time on ${planName(row)}${after(l.description)}`, amount: l.amount };
    if (l.proration && l.stripePriceId === price.stripePriceId) return { description: `Remaining time on ${planName(price)}${after(l.description)}`, amount: l.amount };
    if (l.stripePriceId === price.stripePriceId) return { description: planName(price), amount: l.amount };
    return { description: l.description, amount: l.amount };
  });
  return { amountDue: preview.amountDue, currency: preview.currency, lines, prorationDate, behavior, ...target };
}

export async function updateMemberSubscription(
  db: Db,
  actor: TenantActor,
  stripeSubscriptionId: string,
  input: { priceId?: string; prorationDate?: number; cancelAtPeriodEnd?: boolean },
): Promise<PortalSubscription> {
  if (input.priceId === undefined && input.cancelAtPeriodEnd === undefined) throw new DomainError("validation_failed", "Send price_id and/or cancel_at_period_end.");
  let result: PortalSubscription | null = null;
  const fields: string[] = [];
  if (input.priceId !== undefined) {
    const { row, stripe, price, current, behavior } = await resolveTarget(db, actor, stripeSubscriptionId, input.priceId);
    result = await changeSubscriptionPrice(stripe.client, current.id, { itemId: current.itemId ?? "", priceId: price.stripePriceId, prorationDate: input.prorationDate, prorationBehavior: behavior });
    await updateMemberSubscriptionPrice(db, { tenantId: actor.tenantId, stripeSubscriptionId: row.stripeSubscriptionId, productId: price.productId, catalogPriceId: price.priceId });
    fields.push("price");
  }
  if (input.cancelAtPeriodEnd !== undefined) {
    const row = await loadSubscriptionFor(db, actor, stripeSubscriptionId);
    if (hasEnded(row.status)) throw new DomainError("conflict", "This subscription has ended and cannot be changed.");
    const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: row.mode });
    result = await setCancelAtPeriodEnd(stripe.client, row.stripeSubscriptionId, input.cancelAtPeriodEnd);
    fields.push("cancel_at_period_end");
  }
  await recordAudit(db, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "subscription.updated", target: stripeSubscriptionId, fields });
  return result as PortalSubscription;
}

/** Immediate cancellation (admins only: the route checks subscriptions.cancel_immediately). */
export async function cancelMemberSubscriptionNow(db: Db, actor: TenantActor, stripeSubscriptionId: string): Promise<PortalSubscription> {
  const row = await loadSubscriptionFor(db, actor, stripeSubscriptionId);
  if (hasEnded(row.status)) throw new DomainError("conflict", "This subscription has already ended.");
  const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: row.mode });
  const result = await cancelSubscriptionNow(stripe.client, row.stripeSubscriptionId);
  await recordAudit(db, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "subscription.canceled", target: stripeSubscriptionId, fields: ["status"] });
  return result;
}
