import { pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Whether the platform lets a tenant take money. `suspended` is set only by a platform operator
 * (lib/platform/tenant-status.ts says what it blocks); members can still sign in and see history.
 */
export const tenantStatusEnum = pgEnum("tenant_status", ["active", "suspended"]);
export type TenantStatus = (typeof tenantStatusEnum.enumValues)[number];

/** A client organisation. `slug` is the URL segment (`/acme/...`); `id` is used where a URL must not change when the slug does (webhooks). */
export const tenants = pgTable("tenants", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  status: tenantStatusEnum("status").notNull().default("active"),
  /** The operator's reason for the current status, shown to the tenant's admins while suspended. */
  statusReason: text("status_reason"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Tenant = typeof tenants.$inferSelect;
export type NewTenant = typeof tenants.$inferInsert;
