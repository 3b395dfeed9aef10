import { findMemberByCustomer, getMailTenant } from "@/db/queries/mail-recipients";
import { findPlanOfCatalogPrice, insertTrialNotice } from "@/db/queries/trial-notices";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import { enqueueMail } from "@/lib/mail/enqueue-mail";
import { portalUrl } from "@/lib/mail/portal-url";
import { defineHandler, idOf } from "../context";

const PRICE_KEY = "memberpulse_price_id";

/**
 * customer.subscription.trial_will_end (three days before a trial's first charge): a notice on the
 * member's subscription page and a mail, once per (subscription, trial end) — a duplicate, replayed
 * or reconciled event finds the notice row and writes neither. A trial that was extended gets a new
 * notice for its new end. Subscriptions of customers the portal does not know are ignored.
 */
export const trialWillEndHandler = defineHandler({
  name: "trial-will-end",
  types: ["customer.subscription.trial_will_end"],
  async decide(ctx, event) {
    const sub = event.data.object;
    const customerId = idOf(sub.customer);
    if (!sub.trial_end || !customerId) return { status: "ignored", note: "no trial end" };
    const recipient = await findMemberByCustomer(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, stripeCustomerId: customerId });
    if (!recipient) return { status: "ignored", note: "not a portal member's subscription" };
    const trialEnd = new Date(sub.trial_end * 1000);
    const fresh = await insertTrialNotice(ctx.tx, { tenantId: ctx.tenantId, mode: ctx.mode, stripeSubscriptionId: sub.id, stripeCustomerId: customerId, trialEnd });
    if (!fresh) return { status: "processed", note: "trial notice already recorded" };
    const tenant = await getMailTenant(ctx.tx, { tenantId: ctx.tenantId });
    if (!tenant) return { status: "processed", note: "trial notice recorded" };
    const priceId = sub.metadata?.[PRICE_KEY];
    const plan = priceId ? await findPlanOfCatalogPrice(ctx.tx, { tenantId: ctx.tenantId, priceId }) : null;
    const item = sub.items.data[0];
    const data = {
      tenantName: tenant.name,
      planName: plan?.productName ?? "membership",
      trialEnd: trialEnd.toISOString(),
      amount: plan?.amount ?? item?.price.unit_amount ?? null,
      currency: plan?.currency ?? sub.currency,
      interval: plan?.interval ?? item?.price.recurring?.interval ?? null,
      hasCard: Boolean(sub.default_payment_method),
      subscriptionUrl: portalUrl(`/${tenant.slug}/billing/subscription`),
      cardsUrl: portalUrl(`/${tenant.slug}/billing/payment-methods`),
    };
    const dedupeKey = `trial_ending:${ctx.tenantId}:${sub.id}:${sub.trial_end}`;
    if (await enqueueMail(ctx.tx, { tenantId: ctx.tenantId, dedupeKey, to: recipient.email, template: "trial_ending", data })) ctx.afterCommit(nudgeMailRelay);
    return { status: "processed", note: "trial notice and mail" };
  },
});
