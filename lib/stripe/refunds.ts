import "server-only";
import type Stripe from "stripe";
import { stripeFailure } from "./stripe-failure";

export const REFUND_REASONS = ["requested_by_customer", "duplicate", "fraudulent"] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export type PortalRefund = { id: string; amount: number; currency: string; status: string | null };

export async function createRefund(
  client: Stripe,
  input: { paymentIntentId: string; amount: number; reason: RefundReason; metadata: Record<string, string> },
  idempotencyKey: string,
): Promise<PortalRefund> {
  try {
    const refund = await client.refunds.create(
      { payment_intent: input.paymentIntentId, amount: input.amount, reason: input.reason, metadata: input.metadata },
      { idempotencyKey },
    );
    return { id: refund.id, amount: refund.amount, currency: refund.currency, status: refund.status };
  } catch (error) {
    stripeFailure(error, "refunds.create");
  }
}
