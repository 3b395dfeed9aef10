import type Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { getMapping, listMappings, listUnmanagedObjects } from "@/db/queries/catalog-mappings";
import { getPrice, getProduct, listPrices, updateProduct } from "@/db/queries/catalog-products";
import { sdkFor } from "@/tools/stripe-emulator/test-helpers";
import { priceSchema, productSchema } from "@/lib/catalog/catalog-input";
import { stripeDashboardUrl } from "@/lib/catalog/dashboard-url";
import { archivePrice, changePrice, createProduct, editProduct } from "@/lib/catalog/save-product";
import { listProductsNeedingSync, syncProduct } from "@/lib/catalog/sync-catalog";
import { displayStatus } from "@/lib/catalog/sync-status";
import { saveStripeKeys } from "@/lib/stripe-connection/save-stripe-keys";
import { processEvent } from "@/lib/webhooks/process-event";
import { createTestTenant, useTestDb } from "../helpers/db";
import { setStripeEnv, emulatorForFile } from "../helpers/stripe-env";
import { makeEvent, noFetch } from "../helpers/webhooks";

let db: Db;
const stripeEmulator = emulatorForFile();

beforeAll(async () => {
  db = (await useTestDb()).db;
});

const monthly = () => priceSchema.parse({ amount: "25.00", currency: "usd", billing: "month", intervalCount: "1" });
const plan = (name = "Gold plan") => productSchema.parse({ kind: "membership_plan", name, description: "All classes", entitlementSetIds: [] });

async function connectedTenant() {
  const t = await createTestTenant(db, "cat");
  const account = await stripeEmulator().createAccount({ name: "Catalog Gym" });
  const actor = { tenantId: t.tenant.id, userId: t.admin.id };
  expect((await saveStripeKeys(db, actor, { mode: "test", input: { publishableKey: account.publishableKey, secretKey: account.secretKey } })).ok).toBe(true);
  return { ...t, actor, account, stripe: sdkFor(stripeEmulator(), account.secretKey) };
}

describe("catalog sync", () => {
  it("creates the Stripe product and price with tenant metadata and shows Synced with a test Dashboard link", async () => {
    const { actor, stripe, tenant } = await connectedTenant();
    const { product, sync } = await createProduct(db, { ...actor, product: plan(), price: monthly() });
    expect(sync).toEqual({ synced: 2, failed: 0, notMapped: 0 });
    const mapping = await getMapping(db, { tenantId: tenant.id, mode: "test", objectKind: "product", localId: product.id });
    expect(displayStatus(mapping, product.version).label).toBe("Synced");
    const remote = await stripe.products.retrieve(mapping!.stripeId!);
    expect(remote).toMatchObject({ name: "Gold plan", active: true, metadata: { memberpulse_tenant_id: tenant.id, memberpulse_local_id: product.id } });
    const prices = await stripe.prices.list({ product: remote.id });
    expect(prices.data).toHaveLength(1);
    expect(prices.data[0]).toMatchObject({ unit_amount: 2500, currency: "usd", recurring: { interval: "month", interval_count: 1 } });
    expect(stripeDashboardUrl("test", "product", remote.id)).toBe(`https://dashboard.stripe.com/test/products/${remote.id}`);
  });

  it("a price change creates a new Stripe price, archives the old one and keeps history", async () => {
    const { actor, stripe, tenant } = await connectedTenant();
    const { product } = await createProduct(db, { ...actor, product: plan(), price: monthly() });
    const [oldPrice] = await listPrices(db, { tenantId: tenant.id, productId: product.id });
    const changed = await changePrice(db, { ...actor, priceId: oldPrice!.id, price: priceSchema.parse({ amount: "30", currency: "usd", billing: "month" }) });
    expect(changed && "price" in changed).toBe(true);
    const history = await listPrices(db, { tenantId: tenant.id, productId: product.id });
    expect(history.map((p) => [p.amount, p.active])).toEqual([[3000, true], [2500, false]]);
    expect((await getPrice(db, { tenantId: tenant.id, priceId: oldPrice!.id }))?.replacedById).toBe(history[0]!.id);
    const productMapping = await getMapping(db, { tenantId: tenant.id, mode: "test", objectKind: "product", localId: product.id });
    const remote = await stripe.prices.list({ product: productMapping!.stripeId! });
    expect(remote.data.map((p) => [p.unit_amount, p.active]).sort()).toEqual([[2500, false], [3000, true]]);
  });

  it("an invalid key leaves rows in Error with an actionable message; Retry after fixing the key syncs without duplicates", async () => {
    const t = await createTestTenant(db, "cat");
    const account = await stripeEmulator().createAccount({ name: "Later fixed" });
    const actor = { tenantId: t.tenant.id, userId: t.admin.id };
    await saveStripeKeys(db, actor, { mode: "test", input: { publishableKey: account.publishableKey, secretKey: "sk_test_thisKeyWasRolledLongAgo000000" } });
    const { product, sync } = await createProduct(db, { ...actor, product: plan(), price: monthly() });
    expect(sync?.failed).toBe(2);
    const failed = await getMapping(db, { tenantId: t.tenant.id, mode: "test", objectKind: "product", localId: product.id });
    expect(displayStatus(failed, product.version)).toMatchObject({ label: "Error", message: expect.stringMatching(/rejected the test-mode secret key.*Retry/) });
    expect(await listProductsNeedingSync(db, { tenantId: t.tenant.id, mode: "test" })).toEqual([product.id]);

    await saveStripeKeys(db, actor, { mode: "test", input: { secretKey: account.secretKey } });
    expect(await syncProduct(db, { tenantId: t.tenant.id, productId: product.id })).toEqual({ synced: 2, failed: 0, notMapped: 0 });
    expect(await syncProduct(db, { tenantId: t.tenant.id, productId: product.id })).toEqual({ synced: 2, failed: 0, notMapped: 0 });
    const stripe = sdkFor(stripeEmulator(), account.secretKey);
    expect((await stripe.products.list()).data).toHaveLength(1);
    expect((await stripe.prices.list()).data).toHaveLength(1);
    expect(await listProductsNeedingSync(db, { tenantId: t.tenant.id, mode: "test" })).toEqual([]);
  });

  it("without Stripe keys the rows are Not mapped with a message naming the settings", async () => {
    const t = await createTestTenant(db, "cat");
    setStripeEnv({ STRIPE_API_BASE: stripeEmulator().url, STRIPE_SECRET_KEY: undefined, STRIPE_PUBLISHABLE_KEY: undefined });
    const { product, sync } = await createProduct(db, { tenantId: t.tenant.id, userId: t.admin.id, product: plan(), price: monthly() });
    expect(sync).toEqual({ synced: 0, failed: 0, notMapped: 2 });
    const mapping = await getMapping(db, { tenantId: t.tenant.id, mode: "test", objectKind: "product", localId: product.id });
    expect(displayStatus(mapping, product.version)).toMatchObject({ label: "Not mapped", message: expect.stringContaining("Stripe") });
  });

  it("editing and deactivating update the same Stripe product (Pending until pushed)", async () => {
    const { actor, stripe, tenant } = await connectedTenant();
    const { product } = await createProduct(db, { ...actor, product: plan(), price: monthly() });
    const bumped = await updateProduct(db, { tenantId: tenant.id, productId: product.id, name: "Silver" });
    const before = await getMapping(db, { tenantId: tenant.id, mode: "test", objectKind: "product", localId: product.id });
    expect(displayStatus(before, bumped!.version).label).toBe("Pending");
    await editProduct(db, { ...actor, productId: product.id, product: plan("Platinum") });
    const mapping = await getMapping(db, { tenantId: tenant.id, mode: "test", objectKind: "product", localId: product.id });
    expect((await stripe.products.retrieve(mapping!.stripeId!)).name).toBe("Platinum");
    expect((await stripe.products.list()).data).toHaveLength(1);
  });
});

describe("Stripe objects the portal did not create", () => {
  it("a product created directly in Stripe is logged as ignored and listed as unmanaged", async () => {
    const { tenant, stripe } = await connectedTenant();
    const foreign = await stripe.products.create({ name: "Made in the Dashboard" });
    const event = makeEvent("product.created", foreign) as unknown as Stripe.Event;
    const result = await processEvent(db, { tenantId: tenant.id, mode: "test" }, event, JSON.stringify(event), { fetchLatest: noFetch });
    expect(result.outcome).toBe("ignored");
    const unmanaged = await listUnmanagedObjects(db, { tenantId: tenant.id, mode: "test" });
    expect(unmanaged.map((u) => [u.stripeId, u.label, u.active])).toEqual([[foreign.id, "Made in the Dashboard", "active"]]);
  });

  it("a portal price archived in Stripe behind the portal's back is flagged; the portal's own archive is not", async () => {
    const { actor, tenant, stripe } = await connectedTenant();
    const { product } = await createProduct(db, { ...actor, product: plan(), price: monthly() });
    const [price] = await listPrices(db, { tenantId: tenant.id, productId: product.id });
    const mapping = await getMapping(db, { tenantId: tenant.id, mode: "test", objectKind: "price", localId: price!.id });
    const archived = await stripe.prices.update(mapping!.stripeId!, { active: false });
    const event = makeEvent("price.updated", archived) as unknown as Stripe.Event;
    expect((await processEvent(db, { tenantId: tenant.id, mode: "test" }, event, JSON.stringify(event), { fetchLatest: noFetch })).outcome).toBe("processed");
    expect((await getMapping(db, { tenantId: tenant.id, mode: "test", objectKind: "price", localId: price!.id }))?.remoteState).toBe("archived");

    await archivePrice(db, { ...actor, priceId: price!.id });
    const echo = makeEvent("price.updated", await stripe.prices.retrieve(mapping!.stripeId!)) as unknown as Stripe.Event;
    await processEvent(db, { tenantId: tenant.id, mode: "test" }, echo, JSON.stringify(echo), { fetchLatest: noFetch });
    expect((await getMapping(db, { tenantId: tenant.id, mode: "test", objectKind: "price", localId: price!.id }))?.remoteState).toBeNull();
  });
});

describe("tenant isolation", () => {
  it("another tenant's admin can never read or change a product, price or mapping by id", async () => {
    const acme = await connectedTenant();
    const globex = await createTestTenant(db, "globex");
    const gActor = { tenantId: globex.tenant.id, userId: globex.admin.id };
    const { product } = await createProduct(db, { ...acme.actor, product: plan(), price: monthly() });
    const [price] = await listPrices(db, { tenantId: acme.tenant.id, productId: product.id });
    expect(await getProduct(db, { tenantId: globex.tenant.id, productId: product.id })).toBeUndefined();
    expect(await getPrice(db, { tenantId: globex.tenant.id, priceId: price!.id })).toBeUndefined();
    expect(await listPrices(db, { tenantId: globex.tenant.id, productId: product.id })).toEqual([]);
    expect(await editProduct(db, { ...gActor, productId: product.id, product: plan("Hijacked") })).toBeNull();
    expect(await changePrice(db, { ...gActor, priceId: price!.id, price: monthly() })).toBeNull();
    expect(await archivePrice(db, { ...gActor, priceId: price!.id })).toBeNull();
    expect(await syncProduct(db, { tenantId: globex.tenant.id, productId: product.id })).toBeNull();
    expect(await listMappings(db, { tenantId: globex.tenant.id, mode: "test" })).toEqual([]);
    expect((await getProduct(db, { tenantId: acme.tenant.id, productId: product.id }))?.name).toBe("Gold plan");
  });
});
