import "server-only";
import type { Db } from "@/db/client";
import { getStripeSettings } from "@/db/queries/stripe-settings";
import { resolveActiveMode, resolvePublishableKey, StripeNotConfiguredError } from "@/lib/stripe-connection/resolve";

/**
 * Whether members can pay online right now, and if not, why: Stripe was never set up
 * ("not_set_up"), or the organisation's Stripe connection was removed — Disconnect, or access
 * revoked in Stripe — so payments are "paused" until an admin connects Stripe again.
 */
export type OnlinePayments = "ready" | "not_set_up" | "paused";

export async function onlinePaymentsStatus(db: Db, { tenantId }: { tenantId: string }): Promise<OnlinePayments> {
  try {
    await resolvePublishableKey(db, { tenantId });
    return "ready";
  } catch (error) {
    if (!(error instanceof StripeNotConfiguredError)) throw error;
  }
  const mode = await resolveActiveMode(db, { tenantId });
  const settings = await getStripeSettings(db, { tenantId, mode });
  return settings?.disconnectedAt ? "paused" : "not_set_up";
}

/** For pages that already know payments are unavailable: which of the two reasons to show. */
export async function unavailableReason(db: Db, { tenantId }: { tenantId: string }): Promise<Exclude<OnlinePayments, "ready">> {
  const status = await onlinePaymentsStatus(db, { tenantId });
  return status === "ready" ? "not_set_up" : status;
}
