import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** A client organisation. `slug` is the URL segment (`/acme/...`); `id` is used where a URL must not change when the slug does (webhooks). */
export const tenants = pgTable("tenants", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Tenant = typeof tenants.$inferSelect;
export type NewTenant = typeof tenants.$inferInsert;
