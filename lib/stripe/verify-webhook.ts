import "server-only";
import Stripe from "stripe";

/** Stripe's default: a signature older (or newer) than 5 minutes is refused. Never 0 (0 disables the check). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookVerification =
  | { ok: true; event: Stripe.Event }
  /** `message` goes to the signature-failure log; `answer` is safe to send back to the sender. */
  | { ok: false; reason: "bad_signature"; message: string; answer: string }
  | { ok: false; reason: "malformed_payload"; message: string };

/** The header's `t=` the way the SDK reads it (the last one wins); NaN when there is none. */
function signedAt(signatureHeader: string): number {
  let t = Number.NaN;
  for (const item of signatureHeader.split(",")) {
    const [key, value] = item.split("=");
    if (key === "t") t = Number.parseInt(value ?? "", 10);
  }
  return t;
}

/**
 * Verifies a delivery's signature against the raw body with the SDK, then parses it. A body whose
 * signature is valid but which is not JSON is told apart from a forged one: only the latter counts
 * as a signature failure. The SDK's tolerance refuses old timestamps only; a signature dated more
 * than the tolerance ahead of our clock is refused too, or a captured future-dated delivery could
 * be replayed for as long as its date lies ahead.
 */
export function verifyStripeWebhook(rawBody: string, signatureHeader: string | null, secret: string, nowMs = Date.now()): WebhookVerification {
  if (!signatureHeader) return { ok: false, reason: "bad_signature", message: "missing Stripe-Signature header", answer: "Missing Stripe-Signature header." };
  try {
    const event = Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, WEBHOOK_TOLERANCE_SECONDS, undefined, nowMs);
    if (signedAt(signatureHeader) - Math.floor(nowMs / 1000) > WEBHOOK_TOLERANCE_SECONDS) {
      const message = `Timestamp is more than ${WEBHOOK_TOLERANCE_SECONDS} seconds in the future`;
      return { ok: false, reason: "bad_signature", message, answer: `Invalid signature: ${message.toLowerCase()}.` };
    }
    return { ok: true, event };
  } catch (e) {
    if (e instanceof Stripe.errors.StripeSignatureVerificationError) {
      const message = e.message.split("\n")[0] ?? "invalid signature";
      const stale = message.startsWith("Timestamp outside the tolerance zone");
      return { ok: false, reason: "bad_signature", message, answer: stale ? `Invalid signature: timestamp is more than ${WEBHOOK_TOLERANCE_SECONDS} seconds old.` : "Invalid signature." };
    }
    if (e instanceof SyntaxError) return { ok: false, reason: "malformed_payload", message: "body is not valid JSON" };
    throw e;
  }
}
