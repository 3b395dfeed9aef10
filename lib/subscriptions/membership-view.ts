import type { Db } from "@/db/client";
import { listOpenNotices } from "@/db/queries/billing-notices";
import { listPlanPrices, listSubscriptionRows } from "@/db/queries/member-subscriptions";
import { listOpenTrialNotices } from "@/db/queries/trial-notices";
import { loadPaymentMethods } from "@/lib/payment-methods/load-payment-methods";
import { resolveActiveMode } from "@/lib/stripe-connection/resolve";
import { renewalCardLabel } from "./renewal-card";
import { hasEnded } from "./statuses";

/**
 * A member's "My membership" page: their subscriptions (live and ended), unpaid renewal notices,
 * which trials end within days (customer.subscription.trial_will_end),
 * the plans they could switch to in the active mode, and each live subscription's renewal card
 * (asked from Stripe, once the live ones are known).
 */
export async function loadMembershipView(db: Db, { tenantId, userId }: { tenantId: string; userId: string }) {
  const [rows, notices, trialNotices, plans] = await Promise.all([
    listSubscriptionRows(db, { tenantId, userId }),
    listOpenNotices(db, { tenantId, userId }),
    listOpenTrialNotices(db, { tenantId, userId, now: new Date() }),
    // Only the plans depend on the mode, so the other reads do not wait for it.
    resolveActiveMode(db, { tenantId }).then((mode) => listPlanPrices(db, { tenantId, mode })),
  ]);
  const live = rows.filter((r) => !hasEnded(r.status));
  const ended = rows.filter((r) => hasEnded(r.status));
  const cards = new Map(
    await Promise.all(live.map(async (r) => [r.stripeSubscriptionId, await renewalCardLabel(db, { tenantId, mode: r.mode, stripeSubscriptionId: r.stripeSubscriptionId })] as const)),
  );
  // The saved cards a renewal can move to (and the key for adding one), only when something renews.
  const payment = live.length > 0 ? await loadPaymentMethods(db, { tenantId, userId }) : null;
  const wallet = payment?.kind === "ready" ? { publishableKey: payment.publishableKey, cards: payment.cards.map((c) => ({ id: c.id, label: c.label })) } : null;
  // Subscriptions whose renewal waits for the member's bank (3-D Secure), so the card says so too.
  const awaitingBank = new Set(notices.filter((n) => n.kind === "payment_action_required" && n.stripeSubscriptionId).map((n) => n.stripeSubscriptionId!));
  return { rows, live, ended, notices, awaitingBank, trialNotices: new Set(trialNotices.map((n) => n.stripeSubscriptionId)), plans, cards, wallet };
}
