"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction, parseOrFail } from "@/lib/actions/define-action";
import { entitlementSetSchema, priceSchema, productSchema, TRIAL_DAYS } from "@/lib/catalog/catalog-input";
import { setPriceTrialDays } from "@/lib/catalog/set-trial-days";
import { createEntitlementSet } from "@/lib/catalog/create-entitlement-set";
import { addPrice, archivePrice, changePrice, createProduct, editProduct, setProductActive } from "@/lib/catalog/save-product";
import { syncProduct, type SyncOutcome } from "@/lib/catalog/sync-catalog";

const LABELS = { trialDays: "Free trial (days)", amount: "Amount", currency: "Currency", billing: "Billing", intervalCount: "Interval", credits: "Credits", name: "Name", kind: "Kind", description: "Description", featureKeys: "Feature keys" };
const common = { permission: "catalog.manage", labels: LABELS, name: "catalog.action" } as const;

const productId = z.object({ productId: z.uuid() });
const priceId = z.object({ priceId: z.uuid() });

// The product and price sections of a form, read like the inputs they are (a blank interval is 1).
const productFields = (form: FormData) => ({
  kind: form.get("kind"),
  name: form.get("name") ?? "",
  description: form.get("description") ?? "",
  entitlementSetIds: form.getAll("entitlementSetIds"),
});
const priceFields = (form: FormData) => ({
  amount: form.get("amount") ?? "",
  currency: form.get("currency"),
  billing: form.get("billing"),
  intervalCount: form.get("intervalCount") || "1",
  credits: form.get("credits") ?? "",
  trialDays: form.get("trialDays") ?? "",
});

function refresh(slug: string) {
  revalidatePath(`/${slug}/admin/catalog`, "layout");
}

function syncMessage(what: string, sync: SyncOutcome | null): ActionResult {
  if (!sync || (sync.failed === 0 && sync.notMapped === 0)) return { ok: true, message: `${what} Synced to Stripe.` };
  if (sync.notMapped > 0) return { ok: true, message: `${what} Not synced: Stripe is not configured for this mode.` };
  return { ok: true, error: `${what} Stripe sync failed — see the row's message and Retry.` };
}

const gone = (what: "product" | "price"): ActionResult => ({ error: `This ${what} no longer exists.` });

export const createProductAction = defineAction(
  { ...common, schema: z.object({ product: z.unknown().optional(), price: z.unknown().optional() }), form: (f) => ({ product: productFields(f), price: priceFields(f) }) },
  async (input, { db, actor }) => {
    refresh(actor.tenantSlug);
    // Product first: its messages come before the price's, as the form reads.
    const product = parseOrFail(productSchema, input.product);
    const price = parseOrFail(priceSchema, input.price);
    const { sync } = await createProduct(db, { ...actor, product, price });
    return syncMessage(`Created “${product.name}”.`, sync);
  },
);

export const editProductAction = defineAction(
  { ...common, schema: productId.extend({ product: productSchema }), form: (f) => ({ product: productFields(f) }) },
  async ({ productId, product }, { db, actor }) => {
    refresh(actor.tenantSlug);
    const result = await editProduct(db, { ...actor, productId, product });
    return result ? syncMessage("Saved.", result.sync) : gone("product");
  },
);

export const setActiveAction = defineAction({ ...common, schema: productId.extend({ active: z.boolean() }) }, async ({ productId, active }, { db, actor }) => {
  refresh(actor.tenantSlug);
  const result = await setProductActive(db, { ...actor, productId, active });
  return result ? syncMessage(active ? "Reactivated." : "Deactivated; archived in Stripe.", result.sync) : gone("product");
});

export const addPriceAction = defineAction(
  { ...common, schema: productId.extend({ price: priceSchema }), form: (f) => ({ price: priceFields(f) }) },
  async ({ productId, price }, { db, actor }) => {
    refresh(actor.tenantSlug);
    const result = await addPrice(db, { ...actor, productId, price });
    return result ? syncMessage("Price added.", result.sync) : gone("product");
  },
);

export const changePriceAction = defineAction(
  { ...common, schema: priceId.extend({ price: priceSchema }), form: (f) => ({ price: priceFields(f) }) },
  async ({ priceId, price }, { db, actor }) => {
    refresh(actor.tenantSlug);
    const result = await changePrice(db, { ...actor, priceId, price });
    if (!result) return gone("price");
    if ("error" in result) return { error: result.error };
    return syncMessage("New price created; the old one is archived.", result.sync);
  },
);

export const archivePriceAction = defineAction({ ...common, schema: priceId }, async ({ priceId }, { db, actor }) => {
  refresh(actor.tenantSlug);
  const result = await archivePrice(db, { ...actor, priceId });
  return result ? syncMessage("Price archived.", result.sync) : gone("price");
});

/** A recurring price's free trial: applies to subscriptions started from now on. */
export const setTrialDaysAction = defineAction(
  { ...common, schema: priceId.extend({ trialDays: TRIAL_DAYS }), form: (f) => ({ trialDays: f.get("trialDays") ?? "" }) },
  async ({ priceId, trialDays }, { db, actor }) => {
    refresh(actor.tenantSlug);
    const row = await setPriceTrialDays(db, { ...actor, priceId, trialDays });
    if (!row) return { error: "Only a current recurring price can have a free trial." };
    return { ok: true, message: trialDays ? `New subscriptions start with a ${trialDays}-day free trial.` : "No free trial for new subscriptions." };
  },
);

/** Retry one product (and its prices); "Sync all" calls it once per product to show progress. */
export const syncProductAction = defineAction({ ...common, schema: productId }, async ({ productId }, { db, actor }) => {
  refresh(actor.tenantSlug);
  return syncMessage("", await syncProduct(db, { tenantId: actor.tenantId, productId }));
});

export const createEntitlementSetAction = defineAction(
  { ...common, schema: entitlementSetSchema, form: (f) => ({ name: f.get("name") ?? "", description: f.get("description") ?? "", featureKeys: f.get("featureKeys") ?? "" }) },
  async (input, { db, actor }) => {
    refresh(actor.tenantSlug);
    const set = await createEntitlementSet(db, { tenantId: actor.tenantId, actorUserId: actor.userId, input });
    return { ok: true, message: `Created “${set.name}”.` };
  },
);
