import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { tenants, tenantStatusEnum } from "./tenants";

/**
 * ROLE_PLATFORM_ADMIN: the people who operate MemberPulse itself. Granted only by the
 * `npm run platform:operator` command (scripts/platform-operator.ts) or the demo seed, never by
 * sign-up. A user-level role, unlike the per-tenant roles in `memberships`.
 */
export const platformAdmins = pgTable("platform_admins", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Every change of a tenant's status, with the reason: the operator console's history. The reason is
 * the operator's own words about the tenant (never a secret), so unlike the audit log it keeps text.
 */
export const tenantStatusChanges = pgTable(
  "tenant_status_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    status: tenantStatusEnum("status").notNull(),
    reason: text("reason").notNull(),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("tenant_status_changes_tenant_idx").on(t.tenantId, t.createdAt)],
);

export type TenantStatusChange = typeof tenantStatusChanges.$inferSelect;

/**
 * What operators did in the console (plan changes, suspensions and reactivations, event replays):
 * written in the same transaction as the change, so a change without its line cannot exist. Like
 * the tenants' audit log it names fields, never values; `tenantId` is set when the action concerns
 * one organisation (and kept, as text, after the organisation is deleted).
 */
export const platformAuditLog = pgTable(
  "platform_audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    /** What it acted on: a plan id, a tenant id, an event id. */
    target: text("target"),
    tenantId: uuid("tenant_id"),
    fields: jsonb("fields").$type<string[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("platform_audit_log_created_idx").on(t.createdAt)],
);
export type PlatformAuditEntry = typeof platformAuditLog.$inferSelect;
