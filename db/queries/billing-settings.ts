import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { builtOnce } from "./built-once";
import { tenantBillingSettings, type TenantBillingSettings } from "../schema";

export type BillingSettings = Omit<TenantBillingSettings, "tenantId" | "updatedAt">;

export const DEFAULT_BILLING_SETTINGS: BillingSettings = { prorationPolicy: "always_invoice", topUpEnabled: false, topUpCurrency: "usd", topUpMinAmount: 500, topUpMaxAmount: 50_000, taxEnabled: false };

export async function getBillingSettings(db: Db, { tenantId }: { tenantId: string }): Promise<BillingSettings> {
  const [row] = await billingSettingsOf(db).execute({ tenantId });
  if (!row) return DEFAULT_BILLING_SETTINGS;
  const { tenantId: _t, updatedAt: _u, ...settings } = row;
  return settings;
}

/** Payments and pages read it on every request: written once (builtOnce). */
const billingSettingsOf = builtOnce((db) => db.select().from(tenantBillingSettings).where(eq(tenantBillingSettings.tenantId, sql.placeholder("tenantId"))).limit(1).prepare("billing_settings_of"));

export async function saveBillingSettings(db: Db, { tenantId, ...patch }: Partial<BillingSettings> & { tenantId: string }): Promise<void> {
  await db
    .insert(tenantBillingSettings)
    .values({ ...DEFAULT_BILLING_SETTINGS, ...patch, tenantId })
    .onConflictDoUpdate({ target: tenantBillingSettings.tenantId, set: { ...patch, updatedAt: new Date() } });
}
