import Stripe from "stripe";

/** Stripe's default: a signature older (or newer) than 5 minutes is refused. Never 0 (0 disables the check). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookVerification =
  | { ok: true; event: Stripe.Event }
  | { ok: false; reason: "bad_signature"; message: string }
  | { ok: false; reason: "malformed_payload"; message: string };

/**
 * Verifies a delivery's signature against the raw body with the SDK, then parses it. A body whose
 * signature is valid but which is not JSON is told apart from a forged one: only the latter counts
 * as a signature failure.
 */
export function verifyStripeWebhook(rawBody: string, signatureHeader: string | null, secret: string): WebhookVerification {
  if (!signatureHeader) return { ok: false, reason: "bad_signature", message: "missing Stripe-Signature header" };
  try {
    const event = Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, WEBHOOK_TOLERANCE_SECONDS);
    return { ok: true, event };
  } catch (e) {
    if (e instanceof Stripe.errors.StripeSignatureVerificationError) {
      return { ok: false, reason: "bad_signature", message: e.message.split("\n")[0] ?? "invalid signature" };
    }
    if (e instanceof SyntaxError) return { ok: false, reason: "malformed_payload", message: "body is not valid JSON" };
    throw e;
  }
}
