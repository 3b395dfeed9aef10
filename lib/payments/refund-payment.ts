import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit-log";
import { getMemberPayment } from "@/db/queries/member-payments";
import { insertRefundRequest } from "@/db/queries/refund-requests";
import { DomainError } from "@/lib/errors/domain-error";
import { can } from "@/lib/auth/permissions";
import { singleFlight } from "@/lib/concurrency/single-flight";
import { amountLimitMessage, formatMoney, MAX_STRIPE_AMOUNT } from "@/lib/money";
import { createRefund, type RefundReason } from "@/lib/stripe/refunds";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { committedRefunds } from "./payment-view";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { isUuid } from "@/lib/ids";

export type RefundInput = { paymentId: string; amount?: number; reason: RefundReason; note?: string | null; idempotencyKey?: string };
export type RefundResult = { id: string; stripeRefundId: string; amount: number; currency: string; status: "pending"; remaining: number };

/**
 * Refunds all or part of what is left of a succeeded payment. Refunds of one payment take turns
 * (a lease: no transaction is open while Stripe answers) and a request counts as soon as it is
 * recorded, so concurrent refunds can never add up to more than was paid. The refund stays
 * "pending" in the portal until Stripe's webhook confirms it.
 */
export async function refundPayment(db: Db, actor: TenantActor, input: RefundInput): Promise<RefundResult> {
  if (!can(actor.role, "payments.refund")) throw new DomainError("forbidden", "Only admins can refund payments.");
  // Any member's payment, whatever started it: a refund of a membership or invoice charge refunds its PaymentIntent.
  const found = isUuid(input.paymentId) ? (await getMemberPayment(db, { tenantId: actor.tenantId, paymentId: input.paymentId }))?.payment : undefined;
  if (!found) throw new DomainError("not_found", "No such payment.");
  if (input.amount !== undefined && input.amount > MAX_STRIPE_AMOUNT) throw new DomainError("validation_failed", amountLimitMessage(found.currency), "amount");
  const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: found.mode });

  return singleFlight(db, `refund:${found.id}`, async () => {
    // Read again inside the lease: the payment and the refunds already asked for, in one statement.
    const current = await getMemberPayment(db, { tenantId: actor.tenantId, paymentId: found.id });
    if (!current) throw new DomainError("not_found", "No such payment.");
    const payment = current.payment;
    if (payment.status !== "succeeded") throw new DomainError("conflict", "Only a succeeded payment can be refunded.");
    const paid = payment.amountReceived > 0 ? payment.amountReceived : payment.amount;
    const remaining = paid - committedRefunds(payment, current.refundRequests);
    const money = (n: number) => formatMoney(n, payment.currency);
    if (remaining <= 0) {
      throw new DomainError("conflict", `This payment has already been refunded in full (${money(paid)}). There is nothing left to refund.`);
    }
    const amount = input.amount ?? remaining;
    if (amount > remaining) {
      throw new DomainError("validation_failed", `You can refund at most ${money(remaining)}: ${money(paid - remaining)} of ${money(paid)} has already been refunded.`, "amount");
    }
    const requestId = randomUUID();
    const refund = await createRefund(
      stripe.client,
      {
        paymentIntentId: payment.stripePaymentIntentId,
        amount,
        reason: input.reason,
        metadata: { memberpulse_tenant_id: actor.tenantId, memberpulse_payment_id: payment.id, memberpulse_refund_request_id: requestId },
      },
      `memberpulse-refund-${payment.id}-${input.idempotencyKey ?? requestId}`,
    );
    await db.transaction(async (tx) => {
      await insertRefundRequest(tx, {
      id: requestId,
      tenantId: actor.tenantId,
      paymentId: payment.id,
      stripeRefundId: refund.id,
      amount: refund.amount,
      currency: refund.currency,
      reason: input.reason,
      note: input.note ?? null,
        requestedBy: actor.userId,
      });
      await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "payment.refund_requested", target: payment.id, fields: ["amount", "reason"] });
    });
    return { id: requestId, stripeRefundId: refund.id, amount: refund.amount, currency: refund.currency, status: "pending", remaining: remaining - amount };
  });
}
