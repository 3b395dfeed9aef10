"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { ApiError } from "@/lib/api/errors";
import { requireTenant } from "@/lib/auth/session";
import { logger } from "@/lib/log";
import type { PaymentActor } from "@/lib/payments/actor";
import { confirmMemberPayment } from "@/lib/payments/confirm-member-payment";
import { createMemberPayment } from "@/lib/payments/create-member-payment";
import { declineAdvice } from "@/lib/payments/decline-advice";

export type StartResult = { ok: true; paymentId: string; clientSecret: string } | { ok: false; error: string };
export type SavedCardResult =
  | { ok: true; paymentId: string; status: string; clientSecret: string | null }
  | { ok: false; error: string; paymentId?: string };

const input = z.object({ slug: z.string().min(1).max(100), priceId: z.uuid() });

async function actorFor(slug: string): Promise<PaymentActor> {
  const { tenant, user, role } = await requireTenant(slug, "payments.pay");
  return { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role };
}

function failure(error: unknown): { ok: false; error: string } {
  if (error instanceof ApiError) return { ok: false, error: error.message };
  logger.error("checkout.failed", { error });
  return { ok: false, error: "Something went wrong on our side. Nothing was charged; try again." };
}

/** Creates (or reuses) the pending payment; the browser then confirms it with Stripe.js. */
export async function startPayment(raw: { slug: string; priceId: string; saveCard: boolean }): Promise<StartResult> {
  const parsed = input.extend({ saveCard: z.boolean() }).safeParse(raw);
  if (!parsed.success) return { ok: false, error: "That price cannot be paid." };
  const actor = await actorFor(parsed.data.slug);
  try {
    const p = await createMemberPayment(await getDb(), actor, { priceId: parsed.data.priceId, saveCard: parsed.data.saveCard });
    return { ok: true, paymentId: p.paymentId, clientSecret: p.clientSecret };
  } catch (error) {
    return failure(error);
  }
}

/** Pays with a saved card on the server; 3-D Secure (requires_action) is finished by Stripe.js. */
export async function payWithSavedCard(raw: { slug: string; priceId: string; paymentMethodId: string }): Promise<SavedCardResult> {
  const parsed = input.extend({ paymentMethodId: z.string().regex(/^pm_\w+$/) }).safeParse(raw);
  if (!parsed.success) return { ok: false, error: "Choose one of your saved cards." };
  const actor = await actorFor(parsed.data.slug);
  try {
    const db = await getDb();
    const p = await createMemberPayment(db, actor, { priceId: parsed.data.priceId, saveCard: false });
    const r = await confirmMemberPayment(db, actor, { paymentId: p.paymentId, paymentMethodId: parsed.data.paymentMethodId });
    if (r.decline) return { ok: false, paymentId: r.paymentId, error: `${r.decline.message} ${declineAdvice(r.decline.code, r.decline.declineCode)}` };
    return { ok: true, paymentId: r.paymentId, status: r.status, clientSecret: r.clientSecret };
  } catch (error) {
    return failure(error);
  }
}
