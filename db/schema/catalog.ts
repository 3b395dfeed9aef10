import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/*
 * The catalog: the portal is the source of truth (seed 001); Stripe holds copies, mapped per mode
 * in ./catalog-sync.ts. Nothing here is hard-deleted once sold: products and prices are deactivated.
 */

export const productKindEnum = pgEnum("catalog_product_kind", ["membership_plan", "event_ticket", "credit_package", "other"]);
export type ProductKind = (typeof productKindEnum.enumValues)[number];
export const PRODUCT_KINDS = productKindEnum.enumValues;

export const priceTypeEnum = pgEnum("catalog_price_type", ["one_time", "recurring"]);
export type PriceType = (typeof priceTypeEnum.enumValues)[number];
export const priceIntervalEnum = pgEnum("catalog_price_interval", ["month", "year"]);
export type PriceInterval = (typeof priceIntervalEnum.enumValues)[number];

export const catalogProducts = pgTable(
  "catalog_products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    kind: productKindEnum("kind").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    active: boolean("active").notNull().default(true),
    /** Bumped on every edit; a mapping whose synced_version is lower is Pending. */
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("catalog_products_tenant_idx").on(t.tenantId, t.createdAt)],
);
export type CatalogProduct = typeof catalogProducts.$inferSelect;

/**
 * One row per price version. Amount, currency and recurrence never change on a row (Stripe prices
 * are immutable): a change inserts a new row and points the old one at it via `replaced_by_id`.
 */
export const catalogPrices = pgTable(
  "catalog_prices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    productId: uuid("product_id").notNull().references(() => catalogProducts.id, { onDelete: "cascade" }),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    type: priceTypeEnum("type").notNull(),
    interval: priceIntervalEnum("interval"),
    intervalCount: integer("interval_count"),
    /** Credit packages only: credits granted per purchase (1 credit = 1 cent). */
    credits: integer("credits"),
    nickname: text("nickname"),
    /**
     * Recurring prices only: free trial days a new subscription starts with (`trial_period_days` on
     * subscribe; 0/null: none). Not part of the Stripe price, so changing it needs no new version.
     */
    trialDays: integer("trial_days"),
    active: boolean("active").notNull().default(true),
    replacedById: uuid("replaced_by_id"),
    /** Bumped when active/nickname change (the only fields Stripe lets us update). */
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("catalog_prices_tenant_product_idx").on(t.tenantId, t.productId)],
);
export type CatalogPrice = typeof catalogPrices.$inferSelect;

/** A named set of feature keys ("Member area": ["member-area"]) that products and grants confer. */
export const entitlementSets = pgTable(
  "entitlement_sets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    featureKeys: jsonb("feature_keys").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("entitlement_sets_tenant_idx").on(t.tenantId)],
);
export type EntitlementSet = typeof entitlementSets.$inferSelect;

export const productEntitlementSets = pgTable(
  "product_entitlement_sets",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    productId: uuid("product_id").notNull().references(() => catalogProducts.id, { onDelete: "cascade" }),
    entitlementSetId: uuid("entitlement_set_id").notNull().references(() => entitlementSets.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.productId, t.entitlementSetId] }), index("product_entitlement_sets_tenant_idx").on(t.tenantId)],
);
