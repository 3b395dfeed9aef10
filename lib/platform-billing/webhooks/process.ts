import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db, Tx } from "@/db/client";
import { rawQuery } from "@/db/raw";
import { currentPlatformSubscription, insertPlatformBillingStatusChange, listPlatformBillingStatusChanges } from "@/db/queries/platform-billing";
import { platformWebhookEvents, type StripeMode } from "@/db/schema";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import { billingStatusOf } from "../billing-status";
import { customerOf, NeedsLatest, platformHandlerFor, type PlatformCtx } from "./handlers";

export type PlatformProcessResult = { outcome: "processed" | "ignored" | "duplicate"; note?: string };
export type PlatformFetcher = (kind: "subscription", id: string) => Promise<Stripe.Subscription>;

export class PlatformProjectionError extends Error {
  constructor(
    readonly eventId: string,
    readonly detail: string,
  ) {
    super(`platform projection of ${eventId} failed`);
    this.name = "PlatformProjectionError";
  }
}

const MAX_RETRIEVALS = 3;

function errorText(error: unknown): string {
  let inner = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  return (inner instanceof Error ? `${inner.name}: ${inner.message}` : String(inner)).slice(0, 500);
}

/**
 * Records and applies one verified platform event exactly once, with the rules of the tenants'
 * engine (lib/webhooks/process-event.ts): one transaction holds an advisory lock on the platform
 * customer the event is about (so a subscription and its invoices apply one after the other), the
 * event row (unique (mode, event_id): a concurrent duplicate waits, then finds it done; only a
 * failed row is re-claimed), the handler's writes and the tenant's billing-status history — and
 * never a call to Stripe: a same-second tie rolls back, retrieves the object with nothing held, and
 * runs again. A failure rolls everything back, stores the event as `failed` and throws (→ 500, Stripe
 * retries; the operator can replay from the console).
 */
export async function processPlatformEvent(
  db: Db,
  mode: StripeMode,
  event: Stripe.Event,
  rawJson: string,
  opts: { fetchLatest: PlatformFetcher; retryable?: readonly string[]; alsoInTransaction?: (tx: Tx) => Promise<void> },
): Promise<PlatformProcessResult> {
  const latest: PlatformCtx["latest"] = new Map();
  const retryable = opts.retryable ?? ["failed", "received"];
  try {
    for (;;) {
      try {
        const { result, mailed } = await attempt(db, mode, event, rawJson, latest, retryable, opts.alsoInTransaction);
        if (mailed) void nudgeMailRelay().catch(() => {});
        return result;
      } catch (error) {
        if (!(error instanceof NeedsLatest) || latest.size >= MAX_RETRIEVALS) throw error;
        // Rolled back: nothing is locked or held while Stripe answers.
        latest.set(`${error.kind}:${error.id}`, await opts.fetchLatest(error.kind, error.id));
      }
    }
  } catch (error) {
    const detail = errorText(error);
    await recordFailure(db, mode, event, rawJson, detail);
    throw new PlatformProjectionError(event.id, detail);
  }
}

// `alsoInTransaction` (a replay's audit line) runs only when the event was claimed, in its transaction.
async function attempt(db: Db, mode: StripeMode, event: Stripe.Event, rawJson: string, latest: PlatformCtx["latest"], retryable: readonly string[], alsoInTransaction?: (tx: Tx) => Promise<void>) {
  const handler = platformHandlerFor(event);
  return db.transaction(async (tx) => {
    const customer = customerOf(event);
    if (customer) await rawQuery(tx, "select pg_advisory_xact_lock(hashtextextended($1::text, 0))", [`platform:${customer}`]);
    const claimed = await tx
      .insert(platformWebhookEvents)
      .values({
        mode,
        eventId: event.id,
        type: event.type,
        livemode: event.livemode,
        apiVersion: event.api_version,
        stripeCreated: event.created,
        payload: sql`${rawJson}::jsonb`,
        status: handler ? "processed" : "ignored",
        note: handler ? null : "event type not handled",
        attempts: 1,
        processedAt: sql`now()`,
      })
      .onConflictDoUpdate({
        target: [platformWebhookEvents.mode, platformWebhookEvents.eventId],
        set: { status: handler ? "processed" : "ignored", attempts: sql`${platformWebhookEvents.attempts} + 1`, lastError: null, processedAt: sql`now()` },
        setWhere: sql`${platformWebhookEvents.status} in (${sql.join(
          retryable.map((s) => sql`${s}`),
          sql`, `,
        )})`,
      })
      .returning({ id: platformWebhookEvents.id });
    const row = claimed[0];
    if (!row) return { result: { outcome: "duplicate" as const }, mailed: false };
    if (alsoInTransaction) await alsoInTransaction(tx);
    if (!handler) return { result: { outcome: "ignored" as const, note: "event type not handled" }, mailed: false };

    const outcome = await handler({ tx, event, latest });
    if (outcome.tenantId) await recordStatusChange(tx, outcome.tenantId, event);
    await tx
      .update(platformWebhookEvents)
      .set({ status: outcome.status, note: outcome.note ?? null, tenantId: outcome.tenantId ?? null })
      .where(sql`${platformWebhookEvents.id} = ${row.id}`);
    return { result: { outcome: outcome.status, ...(outcome.note ? { note: outcome.note } : {}) }, mailed: outcome.mailed ?? false };
  });
}

/** The tenant's billing status after this event, written to its history when it moved. */
async function recordStatusChange(tx: Tx, tenantId: string, event: Stripe.Event) {
  const status = billingStatusOf((await currentPlatformSubscription(tx, { tenantId }))?.status);
  const [last] = await listPlatformBillingStatusChanges(tx, { tenantId, limit: 1 });
  if ((last?.status ?? "none") === status) return;
  await insertPlatformBillingStatusChange(tx, { tenantId, status, cause: `${event.type} (${event.id})` });
}

async function recordFailure(db: Db, mode: StripeMode, event: Stripe.Event, rawJson: string, lastError: string) {
  await db
    .insert(platformWebhookEvents)
    .values({ mode, eventId: event.id, type: event.type, livemode: event.livemode, apiVersion: event.api_version, stripeCreated: event.created, payload: sql`${rawJson}::jsonb`, status: "failed", attempts: 1, lastError })
    .onConflictDoUpdate({
      target: [platformWebhookEvents.mode, platformWebhookEvents.eventId],
      set: { status: "failed", attempts: sql`${platformWebhookEvents.attempts} + 1`, lastError },
      // A concurrent delivery may have succeeded meanwhile: never downgrade it.
      setWhere: sql`${platformWebhookEvents.status} in ('failed', 'received', 'ignored')`,
    });
}
