"use server";

import { z } from "zod";
import { getDb } from "@/db";
import { ApiError } from "@/lib/api/errors";
import { requireTenant } from "@/lib/auth/session";
import { logger } from "@/lib/log";
import { declineAdvice } from "@/lib/payments/decline-advice";
import { payInvoiceWithSavedCard } from "./pay-invoice";

export type InvoiceCardActionResult = { ok: true; status: string; clientSecret: string | null } | { ok: false; error: string };

const input = z.object({ slug: z.string().min(1).max(100), invoiceId: z.string().regex(/^in_[A-Za-z0-9]+$/), paymentMethodId: z.string().regex(/^pm_\w+$/) });

/**
 * Pays the member's open invoice with a saved card on the server; 3-D Secure is finished by
 * Stripe.js. The page binds `slug` and `invoiceId` (both checked again here: bound values come back
 * from the browser).
 */
export async function payInvoiceWithSavedCardAction(slug: string, invoiceId: string, paymentMethodId: string): Promise<InvoiceCardActionResult> {
  const parsed = input.safeParse({ slug, invoiceId, paymentMethodId });
  if (!parsed.success) return { ok: false, error: "Choose one of your saved cards." };
  const { tenant, user, role } = await requireTenant(parsed.data.slug, "invoices.pay");
  try {
    const actor = { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role };
    const r = await payInvoiceWithSavedCard(await getDb(), actor, { stripeInvoiceId: parsed.data.invoiceId, paymentMethodId: parsed.data.paymentMethodId });
    if (r.decline) return { ok: false, error: `${r.decline.message} ${declineAdvice(r.decline.code, r.decline.declineCode)}` };
    return { ok: true, status: r.status, clientSecret: r.clientSecret };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.message };
    logger.error("invoice.pay_failed", { error });
    return { ok: false, error: "Something went wrong on our side. Nothing was charged; try again." };
  }
}
