import { z } from "zod";
import type { Db } from "@/db/client";
import { recordPlatformAudit } from "@/db/queries/platform-audit";
import { getPlatformPlan, insertPlatformPlan, listPlatformPlans, updatePlatformPlan } from "@/db/queries/platform-billing";
import type { PlatformPlan } from "@/db/schema";
import { SUPPORTED_CURRENCIES } from "@/lib/catalog/catalog-input";
import { DomainError } from "@/lib/errors/domain-error";
import { logger } from "@/lib/log";
import { amountLimitMessage, MAX_STRIPE_AMOUNT, parseMoney } from "@/lib/money";
import { pushPlatformPlan } from "@/lib/stripe/platform-billing";
import { platformStripeOrNull } from "./platform-stripe";

/** The operator's plan form: the amount as typed ("49.00"), per month. */
export const platformPlanSchema = z
  .object({
    name: z.string().trim().min(2, "Give the plan a name of at least 2 characters.").max(80, "Use at most 80 characters."),
    amount: z.string().trim().min(1, "Enter the monthly amount."),
    currency: z.enum(SUPPORTED_CURRENCIES, { error: "Choose a currency." }),
    trialDays: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .pipe(z.number().int("Enter whole days.").min(1, "A trial is at least 1 day (leave it empty for none).").max(90, "A trial is at most 90 days.").nullable()),
  })
  .transform((v, ctx) => {
    const amount = parseMoney(v.amount, v.currency);
    if (amount === null || amount <= 0) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: v.currency === "jpy" ? "Enter a whole amount, e.g. 5000." : "Enter an amount like 49.00." });
      return z.NEVER;
    }
    if (amount > MAX_STRIPE_AMOUNT) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: amountLimitMessage(v.currency) });
      return z.NEVER;
    }
    return { name: v.name, amount, currency: v.currency, trialDays: v.trialDays };
  });
export type PlatformPlanInput = z.output<typeof platformPlanSchema>;

export type PlanSyncResult = { ok: true } | { ok: false; error: string };

/**
 * Pushes the plan to the platform account (product + monthly price), as the tenants' catalog sync
 * does for theirs: the row says Synced / Pending / Error, and the ids are per mode (a plan synced in
 * test mode gets new objects when the platform runs live). Called with no transaction open.
 */
export async function syncPlatformPlan(db: Db, { planId }: { planId: string }): Promise<PlanSyncResult> {
  const plan = await getPlatformPlan(db, { planId });
  if (!plan) throw new DomainError("not_found", "No such plan.");
  const platform = platformStripeOrNull();
  if (!platform) {
    await updatePlatformPlan(db, { planId }, { syncStatus: "error", syncError: "STRIPE_SECRET_KEY is not set." });
    return { ok: false, error: "Saved, but not synced: the platform's STRIPE_SECRET_KEY is not set." };
  }
  const sameMode = plan.mode === platform.mode;
  try {
    const ids = await pushPlatformPlan(
      platform.client,
      { planId: plan.id, name: plan.name, amount: plan.amount, currency: plan.currency, active: plan.active },
      { productId: sameMode ? plan.stripeProductId : null, priceId: sameMode ? plan.stripePriceId : null },
    );
    await updatePlatformPlan(db, { planId }, { mode: platform.mode, stripeProductId: ids.productId, stripePriceId: ids.priceId, syncStatus: "synced", syncError: null, syncedAt: new Date() });
    return { ok: true };
  } catch (error) {
    const message = error instanceof DomainError ? error.message : "Stripe could not be reached.";
    if (!(error instanceof DomainError)) logger.error("platform.plan_sync_failed", { planId, error });
    await updatePlatformPlan(db, { planId }, { syncStatus: "error", syncError: message });
    return { ok: false, error: `Saved, but Stripe refused the sync: ${message}` };
  }
}

/** Who is acting: an operator (the console), or nobody (the demo seed) — every change is logged either way. */
export type PlanActor = { userId: string | null };

const PLAN_FIELDS = ["name", "amount", "currency", "trialDays"] as const;

/** The plan row and its platform audit line commit together; the sync to Stripe follows, outside the transaction. */
export async function createPlatformPlan(db: Db, actor: PlanActor, input: PlatformPlanInput): Promise<{ plan: PlatformPlan; sync: PlanSyncResult }> {
  const plan = await db.transaction(async (tx) => {
    const row = await insertPlatformPlan(tx, input);
    await recordPlatformAudit(tx, { actorUserId: actor.userId, action: "platform.plan_created", target: row.id, fields: [...PLAN_FIELDS] });
    return row;
  });
  return { plan, sync: await syncPlatformPlan(db, { planId: plan.id }) };
}

export async function editPlatformPlan(db: Db, actor: PlanActor, { planId }: { planId: string }, input: PlatformPlanInput): Promise<PlanSyncResult> {
  await db.transaction(async (tx) => {
    const before = await getPlatformPlan(tx, { planId });
    if (!before) throw new DomainError("not_found", "No such plan.");
    const changed = PLAN_FIELDS.filter((f) => before[f] !== input[f]);
    await updatePlatformPlan(tx, { planId }, { ...input, syncStatus: "pending" });
    if (changed.length > 0) await recordPlatformAudit(tx, { actorUserId: actor.userId, action: "platform.plan_edited", target: planId, fields: changed });
  });
  return syncPlatformPlan(db, { planId });
}

/** Retiring a plan hides it from organisations choosing one; existing subscribers keep it. */
export async function setPlatformPlanActive(db: Db, actor: PlanActor, { planId, active }: { planId: string; active: boolean }): Promise<PlanSyncResult> {
  await db.transaction(async (tx) => {
    const updated = await updatePlatformPlan(tx, { planId }, { active, syncStatus: "pending" });
    if (!updated) throw new DomainError("not_found", "No such plan.");
    await recordPlatformAudit(tx, { actorUserId: actor.userId, action: active ? "platform.plan_offered" : "platform.plan_retired", target: planId, fields: ["active"] });
  });
  return syncPlatformPlan(db, { planId });
}

export async function loadPlatformPlans(db: Db) {
  const platform = platformStripeOrNull();
  return { plans: await listPlatformPlans(db), platformMode: platform?.mode ?? null, configured: Boolean(platform), webhookConfigured: Boolean(platform?.webhookSecret) };
}
