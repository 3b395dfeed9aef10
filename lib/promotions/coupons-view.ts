import "server-only";
import type { Db } from "@/db/client";
import { listCouponsWithCodes, stripePromotionStatesOf } from "@/db/queries/promotions";
import type { Coupon, PromotionCode, StripeMode, StripePromotionState } from "@/db/schema";
import { formatDate } from "@/lib/format-date-time";
import { formatMoney } from "@/lib/money";
import { resolveActiveMode } from "@/lib/stripe-connection/resolve";
import { stripeIdIn } from "./sync-promotion";

export function couponValueLabel(c: Coupon): string {
  if (c.kind === "credits") return `${(c.credits ?? 0).toLocaleString("en-US")} credits`;
  const off = c.kind === "percent_off" ? `${c.percentOff}% off` : `${formatMoney(c.amountOff ?? 0, c.currency ?? "usd")} off`;
  const how = c.duration === "once" ? "once" : c.duration === "forever" ? "forever" : `for ${c.durationInMonths} month${c.durationInMonths === 1 ? "" : "s"}`;
  return `${off}, ${how}`;
}

function limitsLabel(max: number | null, until: Date | null): string {
  const parts = [max ? `up to ${max} redemption${max === 1 ? "" : "s"}` : "unlimited redemptions", until ? `until ${formatDate(until)}` : null];
  return parts.filter(Boolean).join(" · ");
}

type StripeStates = Map<string, StripePromotionState>;

function codeState(code: PromotionCode & { localRedemptions: number }, coupon: Coupon, mode: StripeMode, inStripe: StripeStates) {
  const now = Date.now();
  const promo = inStripe.get(stripeIdIn(code, mode) ?? "");
  // Switched off in the Stripe Dashboard: the webhook turned the portal's code off too; say where.
  if (!code.active) return promo?.state === "inactive" ? { label: "Deactivated in Stripe", tone: "muted" as const } : { label: "Inactive", tone: "muted" as const };
  if (inStripe.get(stripeIdIn(coupon, mode) ?? "")?.state === "deleted") return { label: "Coupon deleted in Stripe", tone: "bad" as const };
  if ((code.expiresAt && code.expiresAt.getTime() <= now) || (coupon.redeemBy && coupon.redeemBy.getTime() <= now)) return { label: "Expired", tone: "muted" as const };
  if (coupon.kind === "credits") {
    if (code.maxRedemptions && code.localRedemptions >= code.maxRedemptions) return { label: "Used up", tone: "muted" as const };
    return { label: "Portal only", tone: "ok" as const };
  }
  if (stripeIdIn(code, mode)) return { label: "Synced", tone: "ok" as const };
  return code.syncError ? { label: "Sync error", tone: "bad" as const, detail: code.syncError } : { label: "Created at first use", tone: "warn" as const };
}

/** The admin coupons page: every coupon with its codes, their limits and Stripe state in the active mode. */
export async function loadCouponsView(db: Db, { tenantId }: { tenantId: string }) {
  const [mode, rows] = await Promise.all([resolveActiveMode(db, { tenantId }), listCouponsWithCodes(db, { tenantId })]);
  const stripeIds = rows.flatMap((c) => [stripeIdIn(c, mode), ...c.codes.map((code) => stripeIdIn(code, mode))]).filter((id): id is string => !!id);
  const inStripe = await stripePromotionStatesOf(db, { tenantId, mode, stripeIds });
  return {
    mode,
    coupons: rows.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      value: couponValueLabel(c),
      limits: limitsLabel(c.maxRedemptions, c.redeemBy),
      codes: c.codes.map((code) => ({
        id: code.id,
        code: code.code.toUpperCase(),
        active: code.active,
        limits: limitsLabel(code.maxRedemptions, code.expiresAt),
        // Credit codes count here; discount codes as Stripe last reported (its events), if it has.
        redemptions: c.kind === "credits" ? code.localRedemptions : (inStripe.get(stripeIdIn(code, mode) ?? "")?.timesRedeemed ?? null),
        state: codeState(code, c, mode, inStripe),
      })),
    })),
  };
}
