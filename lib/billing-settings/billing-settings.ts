import { z } from "zod";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit-log";
import { getBillingSettings, saveBillingSettings, type BillingSettings } from "@/db/queries/billing-settings";
import { PRORATION_POLICIES } from "@/db/schema";
import { DomainError } from "@/lib/errors/domain-error";
import { MAX_CREDITS_PER_ENTRY, parseMoney } from "@/lib/money";

type Actor = { tenantId: string; userId: string };

export function loadBillingSettings(db: Db, { tenantId }: { tenantId: string }): Promise<BillingSettings> {
  return getBillingSettings(db, { tenantId });
}

export const prorationPolicySchema = z.object({ prorationPolicy: z.enum(PRORATION_POLICIES) });

export async function setProrationPolicy(db: Db, actor: Actor, input: z.infer<typeof prorationPolicySchema>) {
  await saveBillingSettings(db, { tenantId: actor.tenantId, prorationPolicy: input.prorationPolicy });
  await recordAudit(db, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "billing_settings.updated", fields: ["proration_policy"] });
}

export const topUpSettingsSchema = z.object({
  topUpEnabled: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
  topUpCurrency: z.enum(["usd", "eur", "gbp"]).default("usd"),
  topUpMin: z.string().trim().min(1, "Enter a minimum."),
  topUpMax: z.string().trim().min(1, "Enter a maximum."),
});

/**
 * The bounds of a member's custom top-up (credits = amount, 1 credit = 1 cent): at least Stripe's
 * 0.50 minimum, at most what one ledger entry may hold, minimum ≤ maximum.
 */
export async function setTopUpSettings(db: Db, actor: Actor, input: z.infer<typeof topUpSettingsSchema>) {
  const min = parseMoney(input.topUpMin, input.topUpCurrency);
  const max = parseMoney(input.topUpMax, input.topUpCurrency);
  if (min === null || min < 50) throw new DomainError("validation_failed", "The minimum must be an amount of at least 0.50.", "topUpMin");
  if (max === null || max > MAX_CREDITS_PER_ENTRY) throw new DomainError("validation_failed", `The maximum must be an amount of at most ${MAX_CREDITS_PER_ENTRY / 100}.`, "topUpMax");
  if (min > max) throw new DomainError("validation_failed", "The minimum cannot be above the maximum.", "topUpMax");
  await saveBillingSettings(db, { tenantId: actor.tenantId, topUpEnabled: input.topUpEnabled, topUpCurrency: input.topUpCurrency, topUpMinAmount: min, topUpMaxAmount: max });
  await recordAudit(db, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "billing_settings.updated", fields: ["top_up_enabled", "top_up_currency", "top_up_min_amount", "top_up_max_amount"] });
}

export const taxSettingsSchema = z.object({ taxEnabled: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()) });

/**
 * Stripe Tax on or off for every new charge (subscriptions, invoices, Checkout and one-time
 * payments); what was already charged keeps the tax it had. Audited like every billing change.
 */
export async function setTaxEnabled(db: Db, actor: Actor, input: z.infer<typeof taxSettingsSchema>) {
  await saveBillingSettings(db, { tenantId: actor.tenantId, taxEnabled: input.taxEnabled });
  await recordAudit(db, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "billing_settings.updated", fields: ["tax_enabled"] });
}

/** Whether new charges of this tenant collect tax with Stripe Tax. */
export async function taxEnabledFor(db: Db, { tenantId }: { tenantId: string }): Promise<boolean> {
  return (await getBillingSettings(db, { tenantId })).taxEnabled;
}
