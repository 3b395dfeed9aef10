import type Stripe from "stripe";
import { memberStripeCustomers } from "@/db/schema";
import { findMemberByCustomer, findMemberMailTarget, findPaymentBuyer, getMailTenant, type MailTenant, type Recipient } from "@/db/queries/mail-recipients";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { enqueueMemberMail } from "@/lib/mail/notice-preferences";
import { portalUrl } from "@/lib/mail/portal-url";
import { defineHandler, idOf, type HandlerOutcome, type ProjectionContext } from "../context";
import type { FastGuard } from "../fast-path";
import { TENANT_KEY, USER_KEY } from "./credits-on-payment";

type Receipt = { recipient: Recipient; objectId: string; amount: number; currency: string; description: string | null; reference: string; optedOut?: boolean };

/** The receipt an event owes a portal member, or null (no member, nothing paid, another tenant's). */
async function receiptFor(ctx: ProjectionContext, event: Stripe.InvoicePaidEvent | Stripe.PaymentIntentSucceededEvent): Promise<{ receipt: Receipt; tenant: MailTenant } | null> {
  if (event.type === "invoice.paid") {
    const invoice = event.data.object;
    const customerId = idOf(invoice.customer);
    if (!invoice.id || invoice.amount_paid <= 0 || !customerId) return null;
    const tenant = await getMailTenant(ctx.tx, { tenantId: ctx.tenantId });
    const recipient = tenant && (await findMemberByCustomer(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, stripeCustomerId: customerId }));
    if (!tenant || !recipient) return null;
    const description = invoice.lines?.data[0]?.description ?? null;
    return { tenant, receipt: { recipient, objectId: invoice.id, amount: invoice.amount_paid, currency: invoice.currency, description, reference: invoice.number ?? invoice.id } };
  }
  // One-time portal purchases (their metadata names the member); a subscription's own payment
  // intent carries none, its receipt comes with invoice.paid above. Member, tenant and opt-out in
  // one statement: this runs inside the delivery for every portal purchase.
  const pi = event.data.object;
  const userId = pi.metadata?.[USER_KEY];
  if (!userId || (pi.metadata?.[TENANT_KEY] && pi.metadata[TENANT_KEY] !== ctx.tenantId)) return null;
  const target = await findMemberMailTarget(ctx.tx, { tenantId: ctx.tenantId, userId, notice: "payment_receipt" });
  if (!target) return null;
  const receipt = { recipient: target.recipient, objectId: pi.id, amount: pi.amount_received || pi.amount, currency: pi.currency, description: pi.description, reference: pi.id };
  return { tenant: target.tenant, receipt: { ...receipt, optedOut: target.optedOut } };
}

const historyUrl = (tenant: MailTenant) => portalUrl(`/${tenant.slug}/billing/history`);

async function queued(ctx: ProjectionContext, written: boolean): Promise<HandlerOutcome | null> {
  if (!written) return null;
  ctx.afterCommit(nudgeMailRelay);
  return { status: "processed", note: "mail queued" };
}

/**
 * Payment receipts and refund notices for portal members, written into the mail outbox inside the
 * event's exactly-once transaction (lib/mail). The dedupe key is the paid or refunded object, so an
 * event delivered twice, replayed, or paired with its same-second twin writes one mail. Customers
 * made outside the portal get nothing. Payment-failed mail rides with its in-app notice
 * (billing-notices.ts).
 */
export const mailNoticesHandler = defineHandler({
  name: "mail-notices",
  types: ["invoice.paid", "payment_intent.succeeded", "refund.created", "refund.updated"],
  async decide(ctx, event) {
    if (event.type === "refund.created" || event.type === "refund.updated") {
      const refund = event.data.object;
      const paymentIntentId = idOf(refund.payment_intent);
      if (refund.status !== "succeeded" || !paymentIntentId) return null;
      const buyer = await findPaymentBuyer(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, paymentIntentId });
      if (!buyer) return null;
      const { recipient, tenant } = buyer;
      const data = { tenantName: tenant.name, amount: refund.amount, currency: refund.currency, reference: refund.id, historyUrl: historyUrl(tenant) };
      return queued(ctx, await enqueueMail(ctx.tx, { tenantId: ctx.tenantId, dedupeKey: `refund:${ctx.tenantId}:${refund.id}`, to: recipient.email, template: "refund_issued", data }));
    }
    const found = await receiptFor(ctx, event);
    if (!found) return null;
    const { recipient, objectId, optedOut, ...rest } = found.receipt;
    const data = { tenantName: found.tenant.name, historyUrl: historyUrl(found.tenant), ...rest };
    // Receipts are optional (lib/mail/notice-preferences.ts): a member who turned them off gets a skipped row.
    const dedupeKey = `receipt:${ctx.tenantId}:${objectId}`;
    return queued(ctx, await enqueueMemberMail(ctx.tx, { tenantId: ctx.tenantId, userId: recipient.userId, dedupeKey, to: recipient.email, template: "payment_receipt", data, optedOut }));
  },
  // The one-statement path writes no mail, so it may only take events that owe none.
  fastWhen: (scope, event) => {
    if (event.type === "refund.created" || event.type === "refund.updated") return event.data.object.status !== "succeeded";
    if (event.type === "payment_intent.succeeded") return !event.data.object.metadata?.[USER_KEY];
    const invoice = event.data.object;
    const customerId = idOf(invoice.customer);
    if (invoice.amount_paid <= 0 || !customerId) return true;
    const noMember: FastGuard = (s) => `not ${s.exists(memberStripeCustomers, { tenantId: scope.tenantId, mode: scope.mode, stripeCustomerId: customerId })}`;
    return noMember;
  },
});
