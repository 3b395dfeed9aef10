import type Stripe from "stripe";
import { memberStripeCustomers } from "@/db/schema";
import { findMemberByCustomer, getMailTenant } from "@/db/queries/mail-recipients";
import { formatDate } from "@/lib/format-date-time";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import { enqueueMemberMail } from "@/lib/mail/notice-preferences";
import { portalUrl } from "@/lib/mail/portal-url";
import { defineHandler, idOf, type HandlerOutcome, type PlanScope, type ProjectionContext } from "../context";
import type { FastGuard } from "../fast-path";

type InvoiceMailEvent = Stripe.InvoiceFinalizedEvent | Stripe.InvoiceSentEvent | Stripe.InvoicePaymentActionRequiredEvent | Stripe.InvoiceUpcomingEvent;

/** An invoice the member is asked to pay by e-mail (the admin's invoices are `send_invoice`). */
const invoiceToSend = (invoice: Stripe.Invoice) => invoice.status === "open" && invoice.collection_method === "send_invoice" && invoice.amount_remaining > 0;

/** Does this event owe a mail at all (before looking for the member)? */
function owesMail(event: InvoiceMailEvent): boolean {
  const invoice = event.data.object;
  switch (event.type) {
    case "invoice.finalized":
    case "invoice.sent":
      return !!invoice.id && invoiceToSend(invoice);
    case "invoice.payment_action_required":
      return !!invoice.id && invoice.status === "open" && invoice.amount_remaining > 0;
    case "invoice.upcoming":
      return invoice.amount_due > 0 && !!idOf(invoice.parent?.subscription_details?.subscription);
  }
}

/** When the upcoming invoice renews the subscription: its first line's period start, else the next attempt. */
function renewalDate(invoice: Stripe.Invoice): number | null {
  return invoice.lines?.data[0]?.period?.start ?? invoice.next_payment_attempt ?? invoice.period_end ?? null;
}

async function queue(ctx: ProjectionContext, written: boolean): Promise<HandlerOutcome | null> {
  if (!written) return null;
  ctx.afterCommit(nudgeMailRelay);
  return { status: "processed", note: "mail queued" };
}

/**
 * Invoice mail for portal members, in the event's exactly-once transaction:
 *  - invoice sent: the portal finalizes an admin's invoice (`invoice.finalized`, send_invoice) and
 *    the Dashboard's "Send invoice" emits `invoice.sent`; one mail per invoice either way;
 *  - payment needs authentication (`invoice.payment_action_required`): one per attempt, linking the
 *    portal's pay page, where paying with the card runs the bank's 3-D Secure step;
 *  - renewal upcoming (`invoice.upcoming`, an optional notice): one per subscription and renewal date.
 * Each dedupe key names the cause, so duplicates and replays write nothing more.
 */
export const invoiceMailHandler = defineHandler({
  name: "invoice-mail",
  types: ["invoice.finalized", "invoice.sent", "invoice.payment_action_required", "invoice.upcoming"],
  async decide(ctx, event) {
    if (!owesMail(event)) return null;
    const invoice = event.data.object;
    const customerId = idOf(invoice.customer);
    const recipient = customerId && (await findMemberByCustomer(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, stripeCustomerId: customerId }));
    const tenant = recipient && (await getMailTenant(ctx.tx, { tenantId: ctx.tenantId }));
    if (!recipient || !tenant) return null;
    const to = { tenantId: ctx.tenantId, userId: recipient.userId, to: recipient.email };
    const money = { amount: invoice.amount_remaining, currency: invoice.currency };
    const payUrl = invoice.id ? portalUrl(`/${tenant.slug}/billing/invoices/${invoice.id}/pay`) : "";
    if (event.type === "invoice.upcoming") {
      const subscriptionId = idOf(invoice.parent?.subscription_details?.subscription)!;
      const renews = renewalDate(invoice);
      if (renews === null) return null;
      const data = { tenantName: tenant.name, amount: invoice.amount_due, currency: invoice.currency, renewsOn: formatDate(new Date(renews * 1000)), manageUrl: portalUrl(`/${tenant.slug}/billing/subscription`) };
      return queue(ctx, await enqueueMemberMail(ctx.tx, { ...to, dedupeKey: `renewal_upcoming:${ctx.tenantId}:${subscriptionId}:${renews}`, template: "renewal_upcoming", data }));
    }
    if (event.type === "invoice.payment_action_required") {
      const data = { tenantName: tenant.name, ...money, payUrl };
      return queue(ctx, await enqueueMemberMail(ctx.tx, { ...to, dedupeKey: `payment_action:${ctx.tenantId}:${invoice.id}:${invoice.attempt_count}`, template: "payment_action_required", data }));
    }
    const data = {
      tenantName: tenant.name,
      ...money,
      number: invoice.number,
      dueDate: invoice.due_date ? formatDate(new Date(invoice.due_date * 1000)) : null,
      payUrl,
      hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    };
    return queue(ctx, await enqueueMemberMail(ctx.tx, { ...to, dedupeKey: `invoice_sent:${ctx.tenantId}:${invoice.id}`, template: "invoice_sent", data }));
  },
  // The one-statement path writes no mail: it may take only events that owe none, or whose customer is no member.
  fastWhen: (scope: PlanScope, event) => {
    if (!owesMail(event)) return true;
    const customerId = idOf(event.data.object.customer);
    if (!customerId) return true;
    const noMember: FastGuard = (s) => `not ${s.exists(memberStripeCustomers, { tenantId: scope.tenantId, mode: scope.mode, stripeCustomerId: customerId })}`;
    return noMember;
  },
});
