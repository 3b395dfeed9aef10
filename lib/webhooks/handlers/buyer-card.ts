import { findCardOfPayment } from "@/db/queries/card-fingerprints";
import type { BuyerCard } from "@/lib/credits/referral-guard";
import { applyEffect } from "../apply";
import { idOf, type ProjectionContext } from "../context";
import { cardOfPaymentMethod, recordCard } from "./card-fingerprints";

/**
 * What the event itself says about the payment. A PaymentIntent names its PaymentMethod (null:
 * none, nothing to retrieve); a Checkout Session names only its intent (`paymentMethodId` undefined).
 */
export type PaymentSource = { paymentIntentId: string | null; paymentMethodId?: string | null; customerId: string | null };

/**
 * The card that paid a referred member's first purchase. Events never carry the fingerprint (a
 * PaymentIntent names its PaymentMethod by id), so: the card recorded from the payment's
 * charge.succeeded if that came first; otherwise the PaymentMethod (after the intent, for a
 * Checkout Session) retrieved through ctx.fetchLatest — never inside the transaction: the first
 * attempt rolls back, process-event.ts retrieves, and the transaction runs again. The retrieved card
 * is recorded too, so that it counts as this member's when they refer someone later.
 */
export async function identifyBuyerCard(ctx: ProjectionContext, source: PaymentSource): Promise<BuyerCard> {
  let { paymentMethodId, customerId } = source;
  const piId = source.paymentIntentId;
  if (piId) {
    const recorded = await findCardOfPayment(ctx.tx, { tenantId: ctx.tenantId, paymentIntentId: piId });
    if (recorded) return { fingerprint: recorded.fingerprint, customerId: customerId ?? recorded.customerId };
    if (paymentMethodId === undefined) {
      const pi = await ctx.fetchLatest("payment_intent", piId);
      paymentMethodId = idOf(pi.payment_method);
      customerId ??= idOf(pi.customer);
    }
  }
  if (!paymentMethodId) return { fingerprint: null, customerId };
  const fact = cardOfPaymentMethod(await ctx.fetchLatest("payment_method", paymentMethodId), piId);
  if (!fact) return { fingerprint: null, customerId };
  await applyEffect(ctx.tx, recordCard(ctx, { ...fact, customerId: fact.customerId ?? customerId }));
  return { fingerprint: fact.fingerprint, customerId };
}
