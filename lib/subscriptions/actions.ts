"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { ApiError } from "@/lib/api/errors";
import { requireTenant } from "@/lib/auth/session";
import type { ActionState } from "@/lib/forms/action-state";
import { logger } from "@/lib/log";
import type { PaymentActor } from "@/lib/payments/actor";
import { memberPortalSession } from "@/lib/subscriptions/billing-portal";
import { createMemberCheckout } from "@/lib/subscriptions/checkout";
import { createMemberSubscription } from "@/lib/subscriptions/create-member-subscription";
import { cancelMemberSubscriptionNow, previewPlanChange, updateMemberSubscription } from "@/lib/subscriptions/manage-subscription";
import { SUBSCRIPTION_ID } from "@/lib/subscriptions/api-schemas";
import type { Permission } from "@/lib/auth/permissions";

export type SecretResult = { ok: true; clientSecret: string; secretType: "payment" | "setup"; subscriptionId: string } | { ok: false; error: string };
export type PreviewResult = { ok: true; amountDue: number; currency: string; prorationDate: number; lines: { description: string; amount: number }[] } | { ok: false; error: string };

const SLUG = z.string().min(1).max(100);

async function actorFor(slug: string, permission: Permission = "subscriptions.subscribe"): Promise<PaymentActor> {
  const { tenant, user, role } = await requireTenant(SLUG.parse(slug), permission);
  return { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role };
}

function failure(error: unknown): { ok: false; error: string } {
  if (error instanceof ApiError) return { ok: false, error: error.message };
  logger.error("subscription.action_failed", { error });
  return { ok: false, error: "Something went wrong on our side. Nothing was charged; try again." };
}

/** Starts (or, on a double click / reload, resumes) the subscription; the browser confirms its secret. */
export async function startSubscription(raw: { slug: string; priceId: string }): Promise<SecretResult> {
  const parsed = z.object({ slug: SLUG, priceId: z.uuid() }).safeParse(raw);
  if (!parsed.success) return { ok: false, error: "That plan cannot be subscribed to." };
  const actor = await actorFor(parsed.data.slug);
  try {
    const sub = await createMemberSubscription(await getDb(), actor, { priceId: parsed.data.priceId });
    if (!sub.clientSecret || !sub.secretType) return { ok: false, error: "Stripe did not return anything to pay. Refresh your subscription page." };
    return { ok: true, clientSecret: sub.clientSecret, secretType: sub.secretType, subscriptionId: sub.id };
  } catch (error) {
    return failure(error);
  }
}

function subId(raw: string): string {
  const parsed = SUBSCRIPTION_ID.safeParse(raw);
  if (!parsed.success) throw new ApiError("not_found", "No such subscription.");
  return parsed.data;
}

async function mutate(slug: string, run: (actor: PaymentActor) => Promise<unknown>, message: string, permission?: Permission): Promise<ActionState> {
  const actor = await actorFor(slug, permission);
  try {
    await run(actor);
  } catch (error) {
    return { error: failure(error).error };
  }
  revalidatePath(`/${actor.tenantSlug}/billing/subscription`);
  revalidatePath(`/${actor.tenantSlug}/admin/subscriptions`);
  return { ok: true, message };
}

export async function cancelAtPeriodEndAction(slug: string, id: string, _prev: ActionState): Promise<ActionState> {
  return mutate(slug, async (a) => updateMemberSubscription(await getDb(), a, subId(id), { cancelAtPeriodEnd: true }), "Cancellation scheduled. It will show here once Stripe confirms.");
}

export async function resumeAction(slug: string, id: string, _prev: ActionState): Promise<ActionState> {
  return mutate(slug, async (a) => updateMemberSubscription(await getDb(), a, subId(id), { cancelAtPeriodEnd: false }), "Your membership will renew as usual.");
}

export async function cancelNowAction(slug: string, id: string, _prev: ActionState): Promise<ActionState> {
  return mutate(slug, async (a) => cancelMemberSubscriptionNow(await getDb(), a, subId(id)), "Canceled immediately. Access ends once Stripe confirms.", "subscriptions.cancel_immediately");
}

export async function previewChangeAction(raw: { slug: string; subscriptionId: string; priceId: string }): Promise<PreviewResult> {
  const parsed = z.object({ slug: SLUG, subscriptionId: SUBSCRIPTION_ID, priceId: z.uuid() }).safeParse(raw);
  if (!parsed.success) return { ok: false, error: "Choose a plan to switch to." };
  const actor = await actorFor(parsed.data.slug);
  try {
    const p = await previewPlanChange(await getDb(), actor, parsed.data.subscriptionId, parsed.data.priceId);
    return { ok: true, amountDue: p.amountDue, currency: p.currency, prorationDate: p.prorationDate, lines: p.lines };
  } catch (error) {
    return failure(error);
  }
}

export async function confirmChangeAction(raw: { slug: string; subscriptionId: string; priceId: string; prorationDate: number }): Promise<{ ok: true } | { ok: false; error: string }> {
  const parsed = z.object({ slug: SLUG, subscriptionId: SUBSCRIPTION_ID, priceId: z.uuid(), prorationDate: z.number().int().positive() }).safeParse(raw);
  if (!parsed.success) return { ok: false, error: "Choose a plan to switch to." };
  const actor = await actorFor(parsed.data.slug);
  try {
    await updateMemberSubscription(await getDb(), actor, parsed.data.subscriptionId, { priceId: parsed.data.priceId, prorationDate: parsed.data.prorationDate });
  } catch (error) {
    return failure(error);
  }
  revalidatePath(`/${actor.tenantSlug}/billing/subscription`);
  return { ok: true };
}

/** "Manage billing in Stripe": a fresh portal session, then off to Stripe. */
export async function openBillingPortalAction(slug: string, _prev: ActionState): Promise<ActionState> {
  const actor = await actorFor(slug);
  let url: string;
  try {
    url = (await memberPortalSession(await getDb(), actor)).url;
  } catch (error) {
    return { error: failure(error).error };
  }
  redirect(url);
}

/** Embedded Checkout: a fresh session's client secret for one price (Checkout Sessions path). */
export async function createCheckoutAction(raw: { slug: string; priceId: string }): Promise<{ ok: true; clientSecret: string } | { ok: false; error: string }> {
  const parsed = z.object({ slug: SLUG, priceId: z.uuid() }).safeParse(raw);
  if (!parsed.success) return { ok: false, error: "That price cannot be bought." };
  const actor = await actorFor(parsed.data.slug, "payments.pay");
  try {
    const s = await createMemberCheckout(await getDb(), actor, { priceId: parsed.data.priceId });
    if (!s.clientSecret) return { ok: false, error: "Stripe did not return a checkout session." };
    return { ok: true, clientSecret: s.clientSecret };
  } catch (error) {
    return failure(error);
  }
}
