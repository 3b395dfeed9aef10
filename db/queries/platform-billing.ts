import { and, asc, desc, eq, inArray, sql, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../client";
import {
  platformBillingStatusChanges,
  platformCheckouts,
  platformCustomers,
  platformInvoices,
  platformPlans,
  platformSubscriptions,
  platformWebhookEvents,
  tenants,
  type PlatformInvoice,
  type PlatformWebhookEvent,
  type PlatformPlan,
  type PlatformSubscription,
  type StripeMode,
} from "../schema";

// The platform's billing of its organisations. Plans are platform-wide; everything else is keyed by
// the tenant it bills, and the tenant-facing reads take `tenantId` like every other query file.

export async function listPlatformPlans(db: Db, { activeOnly = false }: { activeOnly?: boolean } = {}): Promise<PlatformPlan[]> {
  return db
    .select()
    .from(platformPlans)
    .where(activeOnly ? eq(platformPlans.active, true) : undefined)
    .orderBy(asc(platformPlans.amount), asc(platformPlans.name));
}

export async function getPlatformPlan(db: Db, { planId }: { planId: string }): Promise<PlatformPlan | undefined> {
  const [row] = await db.select().from(platformPlans).where(eq(platformPlans.id, planId)).limit(1);
  return row;
}

export async function getPlatformPlanByPrice(db: Db, { stripePriceId }: { stripePriceId: string }): Promise<PlatformPlan | undefined> {
  const [row] = await db.select().from(platformPlans).where(eq(platformPlans.stripePriceId, stripePriceId)).limit(1);
  return row;
}

export async function insertPlatformPlan(db: Db, values: { name: string; amount: number; currency: string; trialDays: number | null }): Promise<PlatformPlan> {
  const [row] = await db.insert(platformPlans).values(values).returning();
  if (!row) throw new Error("platform plan insert returned nothing");
  return row;
}

export async function updatePlatformPlan(db: Db, { planId }: { planId: string }, values: Partial<Omit<PlatformPlan, "id" | "createdAt">>): Promise<PlatformPlan | undefined> {
  const [row] = await db
    .update(platformPlans)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(platformPlans.id, planId))
    .returning();
  return row;
}

export async function getPlatformCustomer(db: Db, { tenantId }: { tenantId: string }) {
  const [row] = await db.select().from(platformCustomers).where(eq(platformCustomers.tenantId, tenantId)).limit(1);
  return row;
}

export async function getPlatformCustomerByStripeId(db: Db, { stripeCustomerId }: { stripeCustomerId: string }) {
  const [row] = await db.select().from(platformCustomers).where(eq(platformCustomers.stripeCustomerId, stripeCustomerId)).limit(1);
  return row;
}

/** First writer wins: two admins starting checkout at once keep one customer. */
export async function insertPlatformCustomer(db: Db, values: { tenantId: string; mode: StripeMode; stripeCustomerId: string }) {
  await db.insert(platformCustomers).values(values).onConflictDoNothing();
  return getPlatformCustomer(db, { tenantId: values.tenantId });
}

export async function insertPlatformCheckout(db: Db, values: { stripeSessionId: string; tenantId: string; planId: string; userId: string }) {
  await db.insert(platformCheckouts).values(values).onConflictDoNothing();
}

export async function getPlatformCheckout(db: Db, { stripeSessionId }: { stripeSessionId: string }) {
  const [row] = await db.select().from(platformCheckouts).where(eq(platformCheckouts.stripeSessionId, stripeSessionId)).limit(1);
  return row;
}

/** Locked for the event that is about to change it (inside the delivery's transaction). */
export async function lockPlatformSubscription(db: Db, { stripeSubscriptionId }: { stripeSubscriptionId: string }): Promise<PlatformSubscription | undefined> {
  const [row] = await db.select().from(platformSubscriptions).where(eq(platformSubscriptions.stripeSubscriptionId, stripeSubscriptionId)).for("update").limit(1);
  return row;
}

export async function upsertPlatformSubscription(db: Db, values: typeof platformSubscriptions.$inferInsert) {
  const { stripeSubscriptionId: _key, createdAt: _created, ...set } = values;
  await db
    .insert(platformSubscriptions)
    .values(values)
    .onConflictDoUpdate({ target: platformSubscriptions.stripeSubscriptionId, set: { ...set, updatedAt: new Date() } });
}

/**
 * The tenant's subscription that counts: the newest one that has not ended, else the newest of all
 * (so a canceled plan still shows as canceled).
 */
export async function currentPlatformSubscription(db: Db, { tenantId }: { tenantId: string }): Promise<PlatformSubscription | undefined> {
  const [row] = await db
    .select()
    .from(platformSubscriptions)
    .where(eq(platformSubscriptions.tenantId, tenantId))
    .orderBy(...currentFirst)
    .limit(1);
  return row;
}

const currentFirst = [sql`${platformSubscriptions.status} in ('canceled', 'incomplete_expired')`, desc(platformSubscriptions.createdAt)] as const;

/**
 * The status of that same subscription as a subquery on a tenant id column, so a query that reads the
 * tenant anyway can carry it (db/queries/tenants.ts: every tenant page shows it). Null: none.
 */
export function currentPlatformStatusOf(tenantId: SQLWrapper) {
  // Drizzle leaves column names unqualified in a query without joins; inside this subquery they still
  // name platform_subscriptions' columns (the innermost table wins), so it is right in either kind.
  return sql<string | null>`(${sql`select ${platformSubscriptions.status} from ${platformSubscriptions} where ${platformSubscriptions.tenantId} = ${tenantId} order by ${sql.join([...currentFirst], sql`, `)} limit 1`})`;
}

/** The current subscription's status alone (null: none) — the subquery getTenantWithMembership carries. */
export async function currentPlatformStatus(db: Db, { tenantId }: { tenantId: string }): Promise<string | null> {
  const [row] = await db.select({ status: currentPlatformStatusOf(sql`${tenantId}::uuid`) }).from(tenants).where(eq(tenants.id, tenantId));
  return row?.status ?? null;
}

/** Every tenant's current subscription (the console list): one row per tenant that has one. */
export async function currentPlatformSubscriptions(db: Db, { tenantIds }: { tenantIds: string[] }) {
  if (!tenantIds.length) return [];
  const rows = await db
    .select({ sub: platformSubscriptions, planName: platformPlans.name })
    .from(platformSubscriptions)
    .leftJoin(platformPlans, eq(platformPlans.id, platformSubscriptions.planId))
    .where(inArray(platformSubscriptions.tenantId, tenantIds))
    .orderBy(sql`${platformSubscriptions.status} in ('canceled', 'incomplete_expired')`, desc(platformSubscriptions.createdAt));
  const byTenant = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!byTenant.has(r.sub.tenantId)) byTenant.set(r.sub.tenantId, r);
  return [...byTenant.values()];
}

export async function lockPlatformInvoice(db: Db, { stripeInvoiceId }: { stripeInvoiceId: string }): Promise<PlatformInvoice | undefined> {
  const [row] = await db.select().from(platformInvoices).where(eq(platformInvoices.stripeInvoiceId, stripeInvoiceId)).for("update").limit(1);
  return row;
}

export async function upsertPlatformInvoice(db: Db, values: typeof platformInvoices.$inferInsert) {
  const { stripeInvoiceId: _key, ...set } = values;
  await db
    .insert(platformInvoices)
    .values(values)
    .onConflictDoUpdate({ target: platformInvoices.stripeInvoiceId, set: { ...set, updatedAt: new Date() } });
}

export async function listPlatformInvoices(db: Db, { tenantId, limit = 24 }: { tenantId: string; limit?: number }): Promise<PlatformInvoice[]> {
  return db
    .select()
    .from(platformInvoices)
    .where(eq(platformInvoices.tenantId, tenantId))
    .orderBy(desc(platformInvoices.stripeCreated), desc(platformInvoices.stripeInvoiceId))
    .limit(limit);
}

export async function getPlatformInvoice(db: Db, { tenantId, stripeInvoiceId }: { tenantId: string; stripeInvoiceId: string }): Promise<PlatformInvoice | undefined> {
  const [row] = await db
    .select()
    .from(platformInvoices)
    .where(and(eq(platformInvoices.tenantId, tenantId), eq(platformInvoices.stripeInvoiceId, stripeInvoiceId)))
    .limit(1);
  return row;
}

export async function insertPlatformBillingStatusChange(db: Db, values: { tenantId: string; status: string; cause: string }) {
  await db.insert(platformBillingStatusChanges).values(values);
}

export async function listPlatformBillingStatusChanges(db: Db, { tenantId, limit = 50 }: { tenantId: string; limit?: number }) {
  return db
    .select()
    .from(platformBillingStatusChanges)
    .where(eq(platformBillingStatusChanges.tenantId, tenantId))
    .orderBy(desc(platformBillingStatusChanges.createdAt), desc(platformBillingStatusChanges.id))
    .limit(limit);
}

/** The platform webhook log, newest first, with the organisation each event concerned. */
export async function listPlatformWebhookEvents(db: Db, { limit = 100, status }: { limit?: number; status?: string }) {
  return db
    .select({
      id: platformWebhookEvents.id,
      eventId: platformWebhookEvents.eventId,
      type: platformWebhookEvents.type,
      mode: platformWebhookEvents.mode,
      status: platformWebhookEvents.status,
      note: platformWebhookEvents.note,
      lastError: platformWebhookEvents.lastError,
      attempts: platformWebhookEvents.attempts,
      receivedAt: platformWebhookEvents.receivedAt,
      tenantId: platformWebhookEvents.tenantId,
      tenantName: tenants.name,
    })
    .from(platformWebhookEvents)
    .leftJoin(tenants, eq(tenants.id, platformWebhookEvents.tenantId))
    .where(status ? eq(platformWebhookEvents.status, status as PlatformWebhookEvent["status"]) : undefined)
    .orderBy(desc(platformWebhookEvents.receivedAt), desc(platformWebhookEvents.id))
    .limit(limit);
}

export async function getPlatformWebhookEvent(db: Db, { id }: { id: string }): Promise<PlatformWebhookEvent | undefined> {
  const [row] = await db.select().from(platformWebhookEvents).where(eq(platformWebhookEvents.id, id)).limit(1);
  return row;
}

/** When the platform last heard about each tenant (the console's "last webhook" for billing). */
export async function lastPlatformEventAt(db: Db, { tenantId }: { tenantId: string }): Promise<Date | null> {
  const [row] = await db
    .select({ at: platformWebhookEvents.receivedAt })
    .from(platformWebhookEvents)
    .where(eq(platformWebhookEvents.tenantId, tenantId))
    .orderBy(desc(platformWebhookEvents.receivedAt))
    .limit(1);
  return row?.at ?? null;
}
