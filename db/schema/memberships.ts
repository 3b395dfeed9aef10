import { index, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";
import { users } from "./auth";

export const roleEnum = pgEnum("membership_role", ["ROLE_CLIENT_ADMIN", "ROLE_MEMBER"]);
export type Role = (typeof roleEnum.enumValues)[number];

/** A user's role in one tenant. Read on every request, so revoking it takes effect at once. */
export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("memberships_tenant_user").on(t.tenantId, t.userId), index("memberships_user_idx").on(t.userId)],
);

export type Membership = typeof memberships.$inferSelect;
