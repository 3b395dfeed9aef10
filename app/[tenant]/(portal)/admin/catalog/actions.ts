"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { entitlementSetSchema, priceSchema, productSchema } from "@/lib/catalog/catalog-input";
import { createEntitlementSet } from "@/lib/catalog/create-entitlement-set";
import { addPrice, archivePrice, changePrice, createProduct, editProduct, setProductActive } from "@/lib/catalog/save-product";
import { syncProduct, type SyncOutcome } from "@/lib/catalog/sync-catalog";
import { zodMessage, type ActionState } from "@/lib/forms/action-state";

const id = z.uuid();
const LABELS = { amount: "Amount", currency: "Currency", billing: "Billing", intervalCount: "Interval", credits: "Credits", name: "Name", kind: "Kind", description: "Description", featureKeys: "Feature keys" };

async function ctx(slug: unknown) {
  const { tenant, user } = await requireTenant(z.string().min(1).max(100).parse(slug), "catalog.manage");
  revalidatePath(`/${tenant.slug}/admin/catalog`, "layout");
  return { db: await getDb(), tenantId: tenant.id, actorUserId: user.id };
}

function productInput(form: FormData) {
  return productSchema.safeParse({
    kind: form.get("kind"),
    name: form.get("name") ?? "",
    description: form.get("description") ?? "",
    entitlementSetIds: form.getAll("entitlementSetIds"),
  });
}

function priceInput(form: FormData) {
  return priceSchema.safeParse({
    amount: form.get("amount") ?? "",
    currency: form.get("currency"),
    billing: form.get("billing"),
    intervalCount: form.get("intervalCount") || "1",
    credits: form.get("credits") ?? "",
  });
}

function syncMessage(what: string, sync: SyncOutcome | null): ActionState {
  if (!sync || (sync.failed === 0 && sync.notMapped === 0)) return { ok: true, message: `${what} Synced to Stripe.` };
  if (sync.notMapped > 0) return { ok: true, message: `${what} Not synced: Stripe is not configured for this mode.` };
  return { ok: true, error: `${what} Stripe sync failed — see the row's message and Retry.` };
}

export async function createProductAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const c = await ctx(slug);
  const product = productInput(form);
  const price = priceInput(form);
  if (!product.success) return { error: zodMessage(product.error, LABELS) };
  if (!price.success) return { error: zodMessage(price.error, LABELS) };
  const { sync } = await createProduct(c.db, { ...c, product: product.data, price: price.data });
  return syncMessage(`Created “${product.data.name}”.`, sync);
}

export async function editProductAction(slug: string, productId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const c = await ctx(slug);
  const product = productInput(form);
  if (!product.success) return { error: zodMessage(product.error, LABELS) };
  const result = await editProduct(c.db, { ...c, productId: id.parse(productId), product: product.data });
  return result ? syncMessage("Saved.", result.sync) : { error: "This product no longer exists." };
}

export async function setActiveAction(slug: string, productId: string, active: boolean, _prev: ActionState): Promise<ActionState> {
  const c = await ctx(slug);
  const result = await setProductActive(c.db, { ...c, productId: id.parse(productId), active: z.boolean().parse(active) });
  return result ? syncMessage(active ? "Reactivated." : "Deactivated; archived in Stripe.", result.sync) : { error: "This product no longer exists." };
}

export async function addPriceAction(slug: string, productId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const c = await ctx(slug);
  const price = priceInput(form);
  if (!price.success) return { error: zodMessage(price.error, LABELS) };
  const result = await addPrice(c.db, { ...c, productId: id.parse(productId), price: price.data });
  return result ? syncMessage("Price added.", result.sync) : { error: "This product no longer exists." };
}

export async function changePriceAction(slug: string, priceId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const c = await ctx(slug);
  const price = priceInput(form);
  if (!price.success) return { error: zodMessage(price.error, LABELS) };
  const result = await changePrice(c.db, { ...c, priceId: id.parse(priceId), price: price.data });
  if (!result) return { error: "This price no longer exists." };
  if ("error" in result) return { error: result.error };
  return syncMessage("New price created; the old one is archived.", result.sync);
}

export async function archivePriceAction(slug: string, priceId: string, _prev: ActionState): Promise<ActionState> {
  const c = await ctx(slug);
  const result = await archivePrice(c.db, { ...c, priceId: id.parse(priceId) });
  return result ? syncMessage("Price archived.", result.sync) : { error: "This price no longer exists." };
}

/** Retry one product (and its prices); "Sync all" calls it once per product to show progress. */
export async function syncProductAction(slug: string, productId: string): Promise<ActionState> {
  const c = await ctx(slug);
  const result = await syncProduct(c.db, { tenantId: c.tenantId, productId: id.parse(productId) });
  return syncMessage("", result);
}

export async function retryAction(slug: string, productId: string, _prev: ActionState): Promise<ActionState> {
  return syncProductAction(slug, productId);
}

export async function createEntitlementSetAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const c = await ctx(slug);
  const parsed = entitlementSetSchema.safeParse({ name: form.get("name") ?? "", description: form.get("description") ?? "", featureKeys: form.get("featureKeys") ?? "" });
  if (!parsed.success) return { error: zodMessage(parsed.error, LABELS) };
  const set = await createEntitlementSet(c.db, { tenantId: c.tenantId, actorUserId: c.actorUserId, input: parsed.data });
  return { ok: true, message: `Created “${set.name}”.` };
}
