import type { Db } from "@/db";
import { recordAudit } from "@/db/queries/audit-log";
import { updatePriceTrialDays } from "@/db/queries/catalog-products";
import type { TenantActor } from "@/lib/auth/tenant-actor";

/**
 * Sets a current recurring price's free trial. Stripe has no trial on the price itself any more
 * (`trial_period_days` goes on the subscription), so nothing syncs: the next subscribe uses it, and
 * running subscriptions keep the trial they started with.
 */
export async function setPriceTrialDays(db: Db, { tenantId, userId, priceId, trialDays }: Pick<TenantActor, "tenantId" | "userId"> & { priceId: string; trialDays: number | null }) {
  return db.transaction(async (tx) => {
    const row = await updatePriceTrialDays(tx, { tenantId, priceId, trialDays });
    if (!row) return null;
    await recordAudit(tx, { tenantId, actorUserId: userId, action: "catalog.price_trial_changed", target: priceId, fields: ["trial_days"] });
    return row;
  });
}
