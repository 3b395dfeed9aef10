"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { memberPortalSession } from "@/lib/subscriptions/billing-portal";
import { createMemberCheckout } from "@/lib/subscriptions/checkout";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";
import { cancelMemberSubscriptionNow, previewPlanChange, updateMemberSubscription } from "@/lib/subscriptions/manage-subscription";
import { SUBSCRIPTION_ID } from "@/lib/subscriptions/api-schemas";
import { CODE } from "@/lib/promotions/coupon-input";
import { changeRenewalCard } from "@/lib/subscriptions/renewal-card";

export type SubscriptionSecret = { clientSecret: string; secretType: "payment" | "setup"; subscriptionId: string };
export type PlanChangePreview = {
  amountDue: number;
  currency: string;
  prorationDate: number;
  lines: { description: string; amount: number }[];
  /** `none`: nothing is charged now; the new price starts at `nextRenewal` (the tenant's proration policy). */
  behavior: "always_invoice" | "none";
  planName: string;
  planAmount: number;
  interval: string | null;
  nextRenewal: string | null;
};

const subscribe = { permission: "subscriptions.subscribe", name: "subscription", failure: "Something went wrong on our side. Nothing was charged; try again." } as const;
// A tampered or stale id reads as a subscription that is not there.
const subscriptionId = z.object({ subscriptionId: SUBSCRIPTION_ID });
const NO_SUCH_SUBSCRIPTION = "No such subscription.";

function refresh(actor: TenantActor) {
  revalidatePath(`/${actor.tenantSlug}/billing/subscription`);
  revalidatePath(`/${actor.tenantSlug}/admin/subscriptions`);
}

/** Starts (or, on a double click / reload, resumes) the subscription; the browser confirms its secret. */
export const startSubscription = defineAction(
  { ...subscribe, schema: z.object({ priceId: z.uuid(), promotionCode: CODE.optional() }), invalid: "That plan cannot be subscribed to." },
  async ({ priceId, promotionCode }, { db, actor }): Promise<ActionResult<SubscriptionSecret>> => {
    const sub = await createMemberSubscription(db, actor, { priceId, promotionCode });
    if (!sub.clientSecret || !sub.secretType) return { error: "Stripe did not return anything to pay. Refresh your subscription page." };
    return { ok: true, data: { clientSecret: sub.clientSecret, secretType: sub.secretType, subscriptionId: sub.id } };
  },
);

export const cancelAtPeriodEndAction = defineAction({ ...subscribe, schema: subscriptionId, invalid: NO_SUCH_SUBSCRIPTION }, async ({ subscriptionId }, { db, actor }) => {
  await updateMemberSubscription(db, actor, subscriptionId, { cancelAtPeriodEnd: true });
  refresh(actor);
  return { ok: true, message: "Cancellation scheduled. It will show here once Stripe confirms." };
});

export const resumeAction = defineAction({ ...subscribe, schema: subscriptionId, invalid: NO_SUCH_SUBSCRIPTION }, async ({ subscriptionId }, { db, actor }) => {
  await updateMemberSubscription(db, actor, subscriptionId, { cancelAtPeriodEnd: false });
  refresh(actor);
  return { ok: true, message: "Your membership will renew as usual." };
});

export const cancelNowAction = defineAction(
  { ...subscribe, permission: "subscriptions.cancel_immediately", schema: subscriptionId, invalid: NO_SUCH_SUBSCRIPTION },
  async ({ subscriptionId }, { db, actor }) => {
    await cancelMemberSubscriptionNow(db, actor, subscriptionId);
    refresh(actor);
    return { ok: true, message: "Canceled immediately. Access ends once Stripe confirms." };
  },
);

const planChange = subscriptionId.extend({ priceId: z.uuid() });

export const previewChangeAction = defineAction(
  { ...subscribe, schema: planChange, invalid: "Choose a plan to switch to." },
  async ({ subscriptionId, priceId }, { db, actor }): Promise<ActionResult<PlanChangePreview>> => {
    const p = await previewPlanChange(db, actor, subscriptionId, priceId);
    const data: PlanChangePreview = {
      amountDue: p.amountDue,
      currency: p.currency,
      prorationDate: p.prorationDate,
      lines: p.lines,
      behavior: p.behavior,
      planName: p.nickname ? `${p.productName} (${p.nickname})` : p.productName,
      planAmount: p.amount,
      interval: p.interval ?? null,
      nextRenewal: p.nextRenewal?.toISOString() ?? null,
    };
    return { ok: true, data };
  },
);

export const confirmChangeAction = defineAction(
  { ...subscribe, schema: planChange.extend({ prorationDate: z.number().int().positive() }), invalid: "Choose a plan to switch to." },
  async ({ subscriptionId, priceId, prorationDate }, { db, actor }) => {
    await updateMemberSubscription(db, actor, subscriptionId, { priceId, prorationDate });
    revalidatePath(`/${actor.tenantSlug}/billing/subscription`);
    return { ok: true };
  },
);

/** "Manage billing in Stripe": a fresh portal session, then off to Stripe. */
export const openBillingPortalAction = defineAction({ ...subscribe, schema: z.object({}) }, async (_input, { db, actor }) => {
  const { url } = await memberPortalSession(db, actor);
  redirect(url);
});

/** Embedded Checkout: a fresh session's client secret for one price (Checkout Sessions path). */
export const createCheckoutAction = defineAction(
  { ...subscribe, permission: "payments.pay", schema: z.object({ priceId: z.uuid() }), invalid: "That price cannot be bought." },
  async ({ priceId }, { db, actor }): Promise<ActionResult<{ clientSecret: string }>> => {
    const s = await createMemberCheckout(db, actor, { priceId });
    if (!s.clientSecret) return { error: "Stripe did not return a checkout session." };
    return { ok: true, data: { clientSecret: s.clientSecret } };
  },
);

/** The card the subscription renews on: a saved card, or the one just saved with a SetupIntent. */
export const changeRenewalCardAction = defineAction(
  {
    ...subscribe,
    failure: "Something went wrong on our side. Your renewal card is unchanged; try again.",
    schema: subscriptionId.extend({ paymentMethodId: z.string().regex(/^pm_\w+$/).optional(), setupIntentId: z.string().regex(/^seti_\w+$/).optional() }),
    invalid: "Choose a card.",
  },
  async ({ subscriptionId, paymentMethodId, setupIntentId }, { db, actor }) => {
    const card = setupIntentId ? { setupIntentId } : paymentMethodId ? { paymentMethodId } : null;
    if (!card) return { error: "Choose a card." };
    const { label } = await changeRenewalCard(db, actor, subscriptionId, card);
    revalidatePath(`/${actor.tenantSlug}/billing/subscription`);
    return { ok: true, message: label ? `Your membership now renews on ${label}.` : "Renewal card changed." };
  },
);
