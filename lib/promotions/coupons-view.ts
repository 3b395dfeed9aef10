import "server-only";
import type { Db } from "@/db/client";
import { listCouponsWithCodes } from "@/db/queries/promotions";
import type { Coupon, PromotionCode, StripeMode } from "@/db/schema";
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

function codeState(code: PromotionCode & { localRedemptions: number }, coupon: Coupon, mode: StripeMode) {
  const now = Date.now();
  if (!code.active) return { label: "Inactive", tone: "muted" as const };
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
        redemptions: c.kind === "credits" ? code.localRedemptions : null,
        state: codeState(code, c, mode),
      })),
    })),
  };
}
