import type Stripe from "stripe";
import { cardFingerprints } from "@/db/schema";
import { defineHandler, idOf, type RowScope } from "../context";
import type { Effect } from "../projection";

export type CardFact = { sourceId: string; fingerprint: string; customerId: string | null; paymentIntentId: string | null };

/** The card a charge was paid with, if it was a card. */
export function cardOfCharge(charge: Stripe.Charge): CardFact | null {
  const fingerprint = charge.payment_method_details?.card?.fingerprint;
  if (!fingerprint) return null;
  return { sourceId: charge.id, fingerprint, customerId: idOf(charge.customer), paymentIntentId: idOf(charge.payment_intent) };
}

/** A saved (or just used) PaymentMethod's card. */
export function cardOfPaymentMethod(pm: Stripe.PaymentMethod, paymentIntentId: string | null = null): CardFact | null {
  const fingerprint = pm.card?.fingerprint;
  if (!fingerprint) return null;
  return { sourceId: pm.id, fingerprint, customerId: idOf(pm.customer), paymentIntentId };
}

/**
 * Insert-once: a fact never changes (a charge's card, a method's card), so a repeat or a late
 * delivery writes the same row. Only a missing link is filled in (GREATEST ignores NULL): a method
 * seen first in an attach event learns the PaymentIntent it paid when the referral guard retrieves
 * it, and the other way round.
 */
export function recordCard(scope: RowScope, fact: CardFact): Effect {
  return {
    kind: "upsert",
    table: cardFingerprints,
    key: ["tenantId", "sourceId"],
    row: {
      tenantId: scope.tenantId,
      mode: scope.mode,
      sourceId: fact.sourceId,
      fingerprint: fact.fingerprint,
      stripeCustomerId: fact.customerId,
      stripePaymentIntentId: fact.paymentIntentId,
    },
    set: { stripeCustomerId: "greatest", stripePaymentIntentId: "greatest" },
  };
}

/**
 * Records which card paid (charge.succeeded) or was saved (payment_method.attached) for whom, so
 * the referral guard knows a referrer's cards without asking Stripe (lib/credits/referral-guard.ts).
 */
export const cardFingerprintsHandler = defineHandler({
  name: "card-fingerprints",
  types: ["charge.succeeded", "payment_method.attached"],
  plan: (scope, event) => {
    if (event.type === "payment_method.attached") {
      const fact = cardOfPaymentMethod(event.data.object);
      return fact ? { effects: [recordCard(scope, fact)] } : null;
    }
    const fact = cardOfCharge(event.data.object);
    return fact ? { effects: [recordCard(scope, fact)] } : { outcome: { status: "ignored", note: "not a card payment" } };
  },
});
