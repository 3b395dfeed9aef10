"use server";

import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { declineAdvice } from "@/lib/payments/decline-advice";
import { payFirstInvoiceWithSavedCard } from "./pay-first-invoice";
import type { SavedCardResult } from "./confirm-secret-with-card";
import { payInvoiceWithSavedCard } from "./pay-invoice";

/** The charge's state: `requires_action` with a client secret means Stripe.js finishes 3-D Secure. */
export type SavedCardCharge = { status: string; clientSecret: string | null };

const CARD = z.string().regex(/^pm_\w+$/);
const common = { name: "saved_card.pay", invalid: "Choose one of your saved cards.", failure: "Something went wrong on our side. Nothing was charged; try again." } as const;

/** What happened, in plain words: a decline says why and what to do. */
function outcome(r: SavedCardResult): ActionResult<SavedCardCharge> {
  if (r.decline) return { error: `${r.decline.message} ${declineAdvice(r.decline.code, r.decline.declineCode)}` };
  return { ok: true, data: { status: r.status, clientSecret: r.clientSecret } };
}

/**
 * Pays the member's open invoice with a saved card on the server; 3-D Secure is finished by
 * Stripe.js. The page fixes `slug` and `invoiceId` (checked again here: they come back from the browser).
 */
export const payInvoiceWithSavedCardAction = defineAction(
  { ...common, permission: "invoices.pay", schema: z.object({ invoiceId: z.string().regex(/^in_[A-Za-z0-9]+$/), paymentMethodId: CARD }) },
  async ({ invoiceId, paymentMethodId }, { db, actor }) => outcome(await payInvoiceWithSavedCard(db, actor, { stripeInvoiceId: invoiceId, paymentMethodId })),
);

/** Pays a just-started subscription's first invoice with a saved card. */
export const payFirstInvoiceWithSavedCardAction = defineAction(
  { ...common, permission: "subscriptions.subscribe", schema: z.object({ subscriptionId: z.string().regex(/^sub_[A-Za-z0-9]+$/), paymentMethodId: CARD }) },
  async ({ subscriptionId, paymentMethodId }, { db, actor }) => outcome(await payFirstInvoiceWithSavedCard(db, actor, { stripeSubscriptionId: subscriptionId, paymentMethodId })),
);
