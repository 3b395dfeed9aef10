import type { Db } from "@/db/client";
import { listPrices, listProducts } from "@/db/queries/catalog-products";
import { entitlementSetSchema, priceSchema, productSchema } from "@/lib/catalog/catalog-input";
import { createEntitlementSet } from "@/lib/catalog/create-entitlement-set";
import { addPrice, createProduct } from "@/lib/catalog/save-product";

type PriceSpec = { key: string; amount: string; currency: "usd" | "eur"; billing: "month" | "year" | "one_time"; credits?: string };
type ProductSpec = { kind: "membership_plan" | "event_ticket" | "credit_package"; name: string; description: string; sets: string[]; prices: PriceSpec[] };

/** Feature keys a fitness club's plans confer, grouped the way an admin would name them. */
const SETS = [
  { key: "gym", name: "Gym floor", description: "Weights, machines and the cardio deck.", featureKeys: "gym-floor" },
  { key: "classes", name: "Group classes", description: "Every class on the timetable.", featureKeys: "group-classes, class-booking" },
  { key: "spa", name: "Sauna & spa", description: "Sauna, steam room and pool.", featureKeys: "spa" },
];

/** The demo club's offer: two plans (monthly and yearly), a studio billed in euros, tickets and credits. */
const PRODUCTS: ProductSpec[] = [
  {
    kind: "membership_plan",
    name: "Basic membership",
    description: "The gym floor, seven days a week.",
    sets: ["gym"],
    prices: [{ key: "basic-month", amount: "29.00", currency: "usd", billing: "month" }],
  },
  {
    kind: "membership_plan",
    name: "Premium membership",
    description: "Gym, every group class, sauna and spa.",
    sets: ["gym", "classes", "spa"],
    prices: [
      { key: "premium-month", amount: "59.00", currency: "usd", billing: "month" },
      { key: "premium-year", amount: "590.00", currency: "usd", billing: "year" },
    ],
  },
  {
    kind: "membership_plan",
    name: "Berlin studio membership",
    description: "Our Berlin studio: gym and classes, billed in euros.",
    sets: ["gym", "classes"],
    prices: [{ key: "berlin-month", amount: "39.00", currency: "eur", billing: "month" }],
  },
  {
    kind: "event_ticket",
    name: "Nutrition workshop",
    description: "Two hours with our dietitian, with a meal plan to take home.",
    sets: [],
    prices: [{ key: "workshop", amount: "25.00", currency: "usd", billing: "one_time" }],
  },
  {
    kind: "event_ticket",
    name: "Spring bootcamp",
    description: "Four Saturday mornings outdoors.",
    sets: [],
    prices: [{ key: "bootcamp", amount: "45.00", currency: "usd", billing: "one_time" }],
  },
  {
    kind: "credit_package",
    name: "Class credits · 50",
    description: "5,000 credits for drop-in classes and the shop.",
    sets: [],
    prices: [{ key: "credits-50", amount: "50.00", currency: "usd", billing: "one_time", credits: "5000" }],
  },
  {
    kind: "credit_package",
    name: "Class credits · 100",
    description: "11,000 credits: 10 % on top.",
    sets: [],
    prices: [{ key: "credits-100", amount: "100.00", currency: "usd", billing: "one_time", credits: "11000" }],
  },
];


/**
 * The demo tenant's catalog, created through the same services (and validation) as the admin's
 * catalog forms, each product synced to Stripe as it is created. Does nothing when the tenant
 * already has products, so a restart never adds a second copy.
 */
export async function seedDemoCatalog(db: Db, actor: { tenantId: string; userId: string }): Promise<{ created: number }> {
  if ((await listProducts(db, { tenantId: actor.tenantId })).length > 0) return { created: 0 };
  const setIds = new Map<string, string>();
  for (const s of SETS) {
    const set = await createEntitlementSet(db, { tenantId: actor.tenantId, actorUserId: actor.userId, input: entitlementSetSchema.parse(s) });
    setIds.set(s.key, set.id);
  }
  for (const p of PRODUCTS) {
    const product = productSchema.parse({ kind: p.kind, name: p.name, description: p.description, entitlementSetIds: p.sets.map((k) => setIds.get(k)) });
    const [first, ...more] = p.prices.map((price) => priceSchema.parse({ amount: price.amount, currency: price.currency, billing: price.billing, credits: price.credits ?? "" }));
    if (!first) continue;
    const created = await createProduct(db, { ...actor, product, price: first });
    for (const price of more) await addPrice(db, { ...actor, productId: created.product.id, price });
  }
  return { created: PRODUCTS.length };
}

/** The demo catalog's price ids by key (e.g. "premium-month"), for the history generator. */
export async function demoPriceIds(db: Db, { tenantId }: { tenantId: string }): Promise<Map<string, string>> {
  const products = await listProducts(db, { tenantId });
  const prices = await listPrices(db, { tenantId });
  const out = new Map<string, string>();
  for (const p of PRODUCTS) {
    const product = products.find((row) => row.name === p.name);
    for (const spec of p.prices) {
      const parsed = priceSchema.parse({ amount: spec.amount, currency: spec.currency, billing: spec.billing, credits: spec.credits ?? "" });
      const price = prices.find((row) => row.productId === product?.id && row.amount === parsed.amount && row.currency === parsed.currency && row.interval === parsed.interval && row.active);
      if (price) out.set(spec.key, price.id);
    }
  }
  return out;
}
