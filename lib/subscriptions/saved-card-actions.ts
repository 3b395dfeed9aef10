"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { ApiError } from "@/lib/api/errors";
import { requireTenant } from "@/lib/auth/session";
import { logger } from "@/lib/log";
import type { PaymentActor } from "@/lib/payments/actor";
import { declineAdvice } from "@/lib/payments/decline-advice";
import { payFirstInvoiceWithSavedCard } from "./pay-first-invoice";
import { payInvoiceWithSavedCard, type InvoiceCardResult } from "./pay-invoice";

export type SavedCardActionResult = { ok: true; status: string; clientSecret: string | null } | { ok: false; error: string };

const SLUG = z.string().min(1).max(100);
const CARD = z.string().regex(/^pm_\w+$/);

/** Runs one saved-card payment for the signed-in member and says what happened in plain words. */
async function payWith(slug: string, permission: "invoices.pay" | "subscriptions.subscribe", pay: (actor: PaymentActor) => Promise<InvoiceCardResult>): Promise<SavedCardActionResult> {
  const { tenant, user, role } = await requireTenant(slug, permission);
  try {
    const r = await pay({ tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role });
    if (r.decline) return { ok: false, error: `${r.decline.message} ${declineAdvice(r.decline.code, r.decline.declineCode)}` };
    return { ok: true, status: r.status, clientSecret: r.clientSecret };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.message };
    logger.error("saved_card.pay_failed", { error });
    return { ok: false, error: "Something went wrong on our side. Nothing was charged; try again." };
  }
}

/**
 * Pays the member's open invoice with a saved card on the server; 3-D Secure is finished by
 * Stripe.js. The page binds `slug` and `invoiceId` (both checked again here: bound values come back
 * from the browser).
 */
export async function payInvoiceWithSavedCardAction(slug: string, invoiceId: string, paymentMethodId: string): Promise<SavedCardActionResult> {
  const parsed = z.object({ slug: SLUG, invoiceId: z.string().regex(/^in_[A-Za-z0-9]+$/), paymentMethodId: CARD }).safeParse({ slug, invoiceId, paymentMethodId });
  if (!parsed.success) return { ok: false, error: "Choose one of your saved cards." };
  const { invoiceId: stripeInvoiceId, paymentMethodId: card } = parsed.data;
  return payWith(parsed.data.slug, "invoices.pay", async (actor) => payInvoiceWithSavedCard(await getDb(), actor, { stripeInvoiceId, paymentMethodId: card }));
}

/** Pays a just-started subscription's first invoice with a saved card (the subscribe page binds `slug`). */
export async function payFirstInvoiceWithSavedCardAction(slug: string, subscriptionId: string, paymentMethodId: string): Promise<SavedCardActionResult> {
  const parsed = z.object({ slug: SLUG, subscriptionId: z.string().regex(/^sub_[A-Za-z0-9]+$/), paymentMethodId: CARD }).safeParse({ slug, subscriptionId, paymentMethodId });
  if (!parsed.success) return { ok: false, error: "Choose one of your saved cards." };
  const { subscriptionId: stripeSubscriptionId, paymentMethodId: card } = parsed.data;
  return payWith(parsed.data.slug, "subscriptions.subscribe", async (actor) => payFirstInvoiceWithSavedCard(await getDb(), actor, { stripeSubscriptionId, paymentMethodId: card }));
}
