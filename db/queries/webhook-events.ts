import { and, count, desc, eq, gte, lte, sql } from "drizzle-orm";
import type { Db } from "../client";
import { builtOnce, builtOncePerShape } from "./built-once";
import { stripeSettings, webhookEvents, webhookSignatureFailures, type StripeMode, type StripeSettingsRow, type WebhookEventStatus } from "../schema";

type Scope = { tenantId: string; mode: StripeMode };

function prepareSettingsRow(db: Db) {
  return db
    .select()
    .from(stripeSettings)
    .where(and(eq(stripeSettings.tenantId, sql.placeholder("tenantId")), eq(stripeSettings.mode, sql.placeholder("mode"))))
    .limit(1)
    .prepare("webhook_stripe_settings_row");
}
const settingsRowQueries = new WeakMap<Db, ReturnType<typeof prepareSettingsRow>>();

/**
 * The (tenant, mode) Stripe settings row for the webhook route: a prepared query, because building
 * the same SELECT on every delivery costs more CPU than running it (see bench/webhooks.ts).
 */
export async function getWebhookSettingsRow(db: Db, { tenantId, mode }: Scope): Promise<StripeSettingsRow | undefined> {
  let query = settingsRowQueries.get(db);
  if (!query) settingsRowQueries.set(db, (query = prepareSettingsRow(db)));
  const [row] = await query.execute({ tenantId, mode });
  return row;
}

/** Counts a refused delivery (bad/missing/stale signature) for the settings page's health panel. */
export async function recordSignatureFailure(db: Db, { tenantId, mode, reason }: Scope & { reason: string }): Promise<void> {
  await db
    .insert(webhookSignatureFailures)
    .values({ tenantId, mode, count: 1, lastFailureAt: new Date(), lastReason: reason })
    .onConflictDoUpdate({
      target: [webhookSignatureFailures.tenantId, webhookSignatureFailures.mode],
      set: { count: sql`${webhookSignatureFailures.count} + 1`, lastFailureAt: new Date(), lastReason: reason },
    });
}

export async function getLastEvent(db: Db, { tenantId, mode }: Scope) {
  const [row] = await health(db).lastEvent.execute({ tenantId, mode });
  return row ?? null;
}

export async function countFailedEvents(db: Db, { tenantId, mode }: Scope): Promise<number> {
  const [row] = await health(db).failedCount.execute({ tenantId, mode });
  return row?.n ?? 0;
}

export async function getSignatureFailures(db: Db, { tenantId, mode }: Scope) {
  const [row] = await health(db).signatureFailures.execute({ tenantId, mode });
  return row ?? null;
}

/** The Stripe settings page's health figures, read on every request: written once (builtOnce). */
const health = builtOnce((db) => {
  const tenantId = sql.placeholder("tenantId");
  const mode = sql.placeholder("mode");
  return {
    lastEvent: db
      .select({ receivedAt: webhookEvents.receivedAt, type: webhookEvents.type })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.mode, mode)))
      .orderBy(desc(webhookEvents.receivedAt), desc(webhookEvents.id))
      .limit(1)
      .prepare("webhook_last_event"),
    failedCount: db
      .select({ n: count() })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.mode, mode), eq(webhookEvents.status, "failed")))
      .prepare("webhook_failed_count"),
    signatureFailures: db
      .select({ count: webhookSignatureFailures.count, lastFailureAt: webhookSignatureFailures.lastFailureAt })
      .from(webhookSignatureFailures)
      .where(and(eq(webhookSignatureFailures.tenantId, tenantId), eq(webhookSignatureFailures.mode, mode)))
      .prepare("webhook_signature_failures"),
  };
});

export type WebhookEventFilter = {
  tenantId: string;
  eventId?: string;
  mode?: StripeMode;
  type?: string;
  status?: WebhookEventStatus;
  from?: Date;
  to?: Date;
  /** Keyset cursor: the (received_at, id) of the last row of the previous page; `receivedAt` is
   *  the row's `cursor` text (microsecond precision, which a JS Date would truncate). */
  before?: { receivedAt: string; id: string };
  limit?: number;
};

/**
 * Newest first, keyset-paginated on (received_at, id) so deep pages stay as fast as the first. The
 * index that serves the order leads with the mode (tenant, mode, received_at, id), so a list of both
 * modes is two index-ordered reads merged here rather than one query that sorts every event.
 */
export async function listWebhookEvents(db: Db, f: WebhookEventFilter) {
  const limit = f.limit ?? 25;
  const modes: StripeMode[] = f.mode ? [f.mode] : ["test", "live"];
  const reads = await Promise.all(modes.map((mode) => eventsOfMode(db, { ...f, mode }, limit + 1)));
  const rows = reads
    .flat()
    .sort((a, b) => (a.cursor === b.cursor ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.cursor < b.cursor ? 1 : -1))
    .slice(0, limit + 1);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

type EventFilterShape = Record<"eventId" | "type" | "status" | "from" | "to" | "before", boolean>;

/**
 * One statement per combination of filters present (at most 64), built once per handle and run
 * with the filter's values: the event log builds it twice per page otherwise.
 */
const builtEventsPage = builtOncePerShape(
  (has: EventFilterShape) =>
    Object.entries(has)
      .filter(([, on]) => on)
      .map(([name]) => name)
      .join("_") || "all",
  (db, has, key) => eventsQuery(db, has).prepare(`webhook_events_page_${key}`),
);

function eventsOfMode(db: Db, f: WebhookEventFilter & { mode: StripeMode }, limit: number) {
  const has = { eventId: !!f.eventId, type: !!f.type, status: !!f.status, from: !!f.from, to: !!f.to, before: !!f.before };
  return builtEventsPage(db, has).execute({
    tenantId: f.tenantId,
    mode: f.mode,
    eventId: f.eventId,
    type: f.type,
    status: f.status,
    // As text, as the built statement's parameters carry no column to encode a Date for them.
    from: f.from?.toISOString(),
    to: f.to?.toISOString(),
    beforeReceivedAt: f.before?.receivedAt,
    beforeId: f.before?.id,
    limit,
  });
}

function eventsQuery(db: Db, has: EventFilterShape) {
  const e = webhookEvents;
  const value = (name: string) => sql.placeholder(name);
  return db
    .select({
      id: e.id,
      mode: e.mode,
      eventId: e.eventId,
      type: e.type,
      status: e.status,
      attempts: e.attempts,
      lastError: e.lastError,
      note: e.note,
      stripeCreated: e.stripeCreated,
      receivedAt: e.receivedAt,
      processedAt: e.processedAt,
      payload: e.payload,
      // Fixed width, so comparing two cursors as text compares the instants (the merge above).
      cursor: sql<string>`to_char(${e.receivedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(e)
    .where(
      and(
        eq(e.tenantId, value("tenantId")),
        eq(e.mode, value("mode")),
        has.eventId ? eq(e.eventId, value("eventId")) : undefined,
        has.type ? eq(e.type, value("type")) : undefined,
        has.status ? eq(e.status, value("status")) : undefined,
        has.from ? gte(e.receivedAt, value("from")) : undefined,
        has.to ? lte(e.receivedAt, value("to")) : undefined,
        has.before ? sql`(${e.receivedAt}, ${e.id}) < (${value("beforeReceivedAt")}::timestamptz, ${value("beforeId")}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(e.receivedAt), desc(e.id))
    .limit(value("limit"));
}

export async function getWebhookEvent(db: Db, { tenantId, id }: { tenantId: string; id: string }) {
  const [row] = await db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.id, id)));
  return row ?? null;
}
