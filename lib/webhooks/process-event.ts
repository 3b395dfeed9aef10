import { and, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { rawQuery } from "@/db/raw";
import { webhookEvents, type StripeMode, type WebhookEventStatus } from "@/db/schema";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import { isResourceMissing } from "@/lib/stripe/errors";
import { applyEffect, applyProjection, peekDecision } from "./apply";
import type { FetchableKind, FetchableObjects, HandlerOutcome, LatestFetcher, ProjectionContext, RegisteredHandler } from "./context";
import { alertAdminsOfFailure } from "./failure-alert";
import { claimStatement, FastStatement, runFastPath, type FastGuard } from "./fast-path";
import { handlersFor } from "./handlers";
import type { Plan } from "./projection";
import { forgetRevenueReports } from "@/lib/reports/report-cache";

export type ProcessScope = { tenantId: string; mode: StripeMode };
export type ProcessResult = {
  outcome: "processed" | "ignored" | "duplicate";
  note?: string;
  /** Which path recorded it: fast-path.ts's one statement, or the general transaction. */
  via: "fast" | "transaction";
};

/** Thrown after a failed projection has been rolled back and the event marked `failed`. */
export class WebhookProjectionError extends Error {
  constructor(
    readonly eventId: string,
    /** The innermost error's message, as stored in `last_error`. */
    readonly detail: string,
  ) {
    super(`projection of ${eventId} failed`);
    this.name = "WebhookProjectionError";
  }
}

/** The URL named a tenant that does not exist (found by the event insert's foreign key). */
export class UnknownTenantError extends Error {
  constructor() {
    super("unknown tenant");
    this.name = "UnknownTenantError";
  }
}

/** Postgres 23503 anywhere in the cause chain (Drizzle wraps driver errors). */
export function isForeignKeyViolation(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if ((e as Error & { code?: unknown }).code === "23503") return true;
  }
  return false;
}

const MAX_ERROR_LENGTH = 500;

/**
 * The innermost cause's message: Drizzle wraps database errors in "Failed query: <sql> params: …",
 * which is noise (and row data) in the admin log; the driver's own message says what went wrong.
 */
function errorText(error: unknown): string {
  let inner = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  const text = inner instanceof Error ? `${inner.name}: ${inner.message}` : String(inner);
  return text.slice(0, MAX_ERROR_LENGTH);
}

/**
 * Thrown by the transaction's fetchLatest when a same-second tie needs an object that was not
 * retrieved before the transaction began: the transaction rolls back, processEvent retrieves it
 * with no lock or connection held, and runs the transaction again.
 */
class RetrieveFirst extends Error {
  constructor(
    readonly kind: FetchableKind,
    readonly id: string,
  ) {
    super(`retrieve ${kind} ${id} before the transaction`);
    this.name = "RetrieveFirst";
  }
}

/** Retrieved copies by kind and id, kept across the attempts of one delivery. */
type Retrieved = Map<string, FetchableObjects[FetchableKind]>;

function retrievedOnly(retrieved: Retrieved): LatestFetcher {
  return async <K extends FetchableKind>(kind: K, id: string) => {
    const copy = retrieved.get(`${kind}:${id}`);
    if (!copy) throw new RetrieveFirst(kind, id);
    return copy as FetchableObjects[K];
  };
}

/**
 * Stripe's current copy. A deleted product (or coupon) is not retrievable (404 resource_missing): that IS its
 * current state, so it becomes the deleted stub that ordering.ts knows (whatever fetcher is used).
 */
async function retrieveCurrent<K extends FetchableKind>(fetchLatest: LatestFetcher, kind: K, id: string): Promise<FetchableObjects[FetchableKind]> {
  try {
    return await fetchLatest(kind, id);
  } catch (error) {
    if (kind === "product" && isResourceMissing(error)) return { id, object: "product", deleted: true };
    if (kind === "coupon" && isResourceMissing(error)) return { id, object: "coupon", deleted: true };
    throw error;
  }
}

/** How many objects one delivery may retrieve (each needs a rollback and a new attempt). */
const MAX_RETRIEVALS = 4;

/** Runs every handler's plan, then its decision, inside the transaction; notes as the event log shows them. */
async function dispatch(ctx: ProjectionContext, event: Stripe.Event, handlers: readonly RegisteredHandler[]): Promise<HandlerOutcome> {
  const outcomes: HandlerOutcome[] = [];
  for (const handler of handlers) {
    const plan = handler.plan(ctx, event);
    if (plan) {
      const results: string[] = [];
      for (const projection of plan.projections ?? []) results.push((await applyProjection(ctx, projection)).result);
      for (const effect of plan.effects ?? []) await applyEffect(ctx.tx, effect);
      const note = plan.outcome?.note ?? (results.length === 1 ? results[0] : undefined);
      outcomes.push(plan.outcome?.status === "ignored" ? { status: "ignored", note: note ?? "ignored" } : { status: "processed", ...(note ? { note } : {}) });
    }
    const decided = handler.decide ? await handler.decide(ctx, event) : null;
    if (decided) outcomes.push(decided);
  }
  const notes = [...new Set(outcomes.map((o) => o.note).filter((n): n is string => !!n && n !== "applied"))];
  const note = notes.length ? notes.join("; ") : undefined;
  return outcomes.some((o) => o.status === "processed") ? { status: "processed", note } : { status: "ignored", note: note ?? "ignored" };
}

/** One verified event on its way in: what both paths need. */
type Delivery = {
  db: Db;
  scope: ProcessScope;
  event: Stripe.Event;
  rawJson: string;
  handlers: readonly RegisteredHandler[];
  retryable: readonly WebhookEventStatus[];
};

/**
 * fast-path.ts when every handler of the event allows it. "declined": the statement wrote nothing
 * (a projection was not new or newer); "not_eligible": a handler needs the transaction anyway.
 */
async function tryFastPath({ db, scope, event, rawJson, handlers, retryable }: Delivery): Promise<ProcessResult | { declined: Plan[] } | null> {
  const planScope = { ...scope, eventId: event.id, created: event.created };
  const plans: Plan[] = [];
  const guards: FastGuard[] = [];
  for (const handler of handlers) {
    const allowed = handler.fastWhen(planScope, event);
    if (allowed === false) return null;
    if (allowed !== true) guards.push(allowed);
    plans.push(handler.plan(planScope, event) ?? {});
  }
  const result = await runFastPath(db, planScope, event, rawJson, plans, guards, { retryable });
  return result ? { ...result, via: "fast" } : { declined: plans };
}

/**
 * After the fast path declined: a projection that will be a same-second tie (read without a lock)
 * is retrieved from Stripe now, so that the transaction runs once instead of rolling back first.
 * Only a hint: the transaction decides again under its lock and retrieves whatever it still lacks.
 */
async function retrieveLikelyTies(delivery: Delivery, plans: Plan[], retrieved: Retrieved, fetchLatest: LatestFetcher) {
  const incoming = { created: delivery.event.created, eventId: delivery.event.id };
  for (const projection of plans.flatMap((p) => p.projections ?? [])) {
    if ((await peekDecision(delivery.db, projection, incoming)) !== "resolve_tie") continue;
    await projection.fetchLatest(async (kind, id) => {
      const copy = await retrieveCurrent(fetchLatest, kind, id);
      retrieved.set(`${kind}:${id}`, copy);
      return copy as never;
    });
  }
}

/**
 * Records and projects one verified event exactly once. Most deliveries take fast-path.ts (one
 * statement); the rest, and whatever the fast path declines, take this general path. One
 * transaction holds: advisory locks on the money the event touches (handlers' serializeOn), the
 * event row (inserted optimistically as `processed`, or the `failed` row re-claimed), every
 * handler's writes, and nothing else — no call to Stripe and no second connection: a same-second
 * tie that needs a retrieval rolls the attempt back, retrieves outside, and tries again. The unique
 * (tenant_id, event_id) index makes a concurrent duplicate wait for the first transaction and then
 * find the row done. On failure everything rolls back and a separate statement records the event
 * as `failed` (the raw payload survives), then we throw.
 *
 * `retryable`: statuses that may be processed again — failed deliveries, or (replay) ignored ones.
 */
export async function processEvent(...args: Parameters<typeof processEventOnce>): Promise<ProcessResult> {
  const result = await processEventOnce(...args);
  // The projections moved: the overview's cached revenue figures for this tenant are stale.
  if (result.outcome === "processed") forgetRevenueReports(args[1].tenantId);
  return result;
}

async function processEventOnce(
  db: Db,
  scope: ProcessScope,
  event: Stripe.Event,
  rawJson: string,
  opts: {
    /** Retrieves from Stripe; only ever called outside a transaction. */
    fetchLatest: LatestFetcher;
    retryable?: readonly WebhookEventStatus[];
    /** False skips fast-path.ts (tests compare both paths). */
    fastPath?: boolean;
  },
): Promise<ProcessResult> {
  const retryable = opts.retryable ?? ["failed", "received"];
  const handlers = handlersFor(event.type);
  const retrieved: Retrieved = new Map();
  const delivery: Delivery = { db, scope, event, rawJson, handlers, retryable };
  try {
    const fast = opts.fastPath === false ? null : await tryFastPath(delivery);
    if (fast && "declined" in fast) await retrieveLikelyTies(delivery, fast.declined, retrieved, opts.fetchLatest);
    else if (fast) return fast;
    for (;;) {
      try {
        return await generalPath(delivery, retrievedOnly(retrieved));
      } catch (error) {
        if (!(error instanceof RetrieveFirst) || retrieved.size >= MAX_RETRIEVALS) throw error;
        // The transaction has rolled back: nothing is locked or held while Stripe answers.
        retrieved.set(`${error.kind}:${error.id}`, await retrieveCurrent(opts.fetchLatest, error.kind, error.id));
      }
    }
  } catch (error) {
    if (isForeignKeyViolation(error)) throw new UnknownTenantError();
    const detail = errorText(error);
    await markEventFailed(db, scope, event, rawJson, detail);
    throw new WebhookProjectionError(event.id, detail);
  }
}

/** Transaction-scoped advisory lock keys: sorted, so two events never take them in opposite orders. */
function serializationKeys(tenantId: string, event: Stripe.Event, handlers: readonly RegisteredHandler[]): string[] {
  return [...new Set(handlers.flatMap((h) => h.serializeOn(event)))].sort().map((key) => `${tenantId}:${key}`);
}

async function generalPath(delivery: Delivery, fetchLatest: LatestFetcher): Promise<ProcessResult> {
  const tasks: (() => Promise<void>)[] = [];
  const result = await generalTransaction(delivery, fetchLatest, (task) => tasks.push(task));
  // Committed: side effects outside the database (they must not fail the delivery).
  for (const task of tasks) void task().catch(() => {});
  return result;
}

function generalTransaction(
  { db, scope, event, rawJson, handlers, retryable }: Delivery,
  fetchLatest: LatestFetcher,
  afterCommit: ProjectionContext["afterCommit"],
): Promise<ProcessResult> {
  const handled = handlers.length > 0;
  const initialStatus: WebhookEventStatus = handled ? "processed" : "ignored";
  return db.transaction(async (tx) => {
    // Straight to the driver (db/raw.ts), as the fast path does: through Drizzle each of these
    // fixed statements cost about as much CPU again as executing it (bench/webhooks.ts).
    const s = new FastStatement();
    const at = { tenant: s.param(scope.tenantId, "uuid"), eventId: s.param(event.id) };
    const claim = { scope: { ...scope, eventId: event.id, created: event.created }, event, rawJson, status: initialStatus, note: handled ? null : "event type not handled" };
    // The advisory locks on the money the event touches are taken by the claim statement itself,
    // before it inserts (its WHERE runs first, key by key in sorted order): one round trip less.
    const locks = serializationKeys(scope.tenantId, event, handlers).map((key) => `pg_advisory_xact_lock(hashtextextended(${s.param(key)}, 0))`);
    const lockFirst = locks.length ? `(select 1 from (select ${locks.join(", ")}) as locked) = 1` : undefined;
    const claimed = await rawQuery<{ id: string }>(tx, claimStatement(s, claim, retryable, at, lockFirst), s.params);
    const row = claimed[0];
    if (!row) return { outcome: "duplicate" as const, via: "transaction" as const };
    if (!handled) return { outcome: "ignored" as const, note: "event type not handled", via: "transaction" as const };

    const ctx: ProjectionContext = { tx, ...scope, eventId: event.id, created: event.created, fetchLatest, applied: new Map(), afterCommit };
    const outcome = await dispatch(ctx, event, handlers);
    if (outcome.status !== "processed" || outcome.note) {
      await applyEffect(tx, { kind: "update", table: webhookEvents, set: { status: outcome.status, note: outcome.note ?? null }, where: { id: row.id } });
    }
    return { outcome: outcome.status, ...(outcome.note ? { note: outcome.note } : {}), via: "transaction" as const };
  });
}

/**
 * Outside the rolled-back transaction: keep the raw event and say why it failed, and alert the
 * tenant's admins (failure-alert.ts) in the same transaction.
 */
async function markEventFailed(db: Db, scope: ProcessScope, event: Stripe.Event, rawJson: string, lastError: string) {
  const alerted = await db.transaction(async (tx) => {
    await recordFailure(tx, scope, event, rawJson, lastError);
    return alertAdminsOfFailure(tx, scope, event);
  });
  if (alerted) void nudgeMailRelay();
}

async function recordFailure(db: Db, scope: ProcessScope, event: Stripe.Event, rawJson: string, lastError: string) {
  await db
    .insert(webhookEvents)
    .values({
      tenantId: scope.tenantId,
      mode: scope.mode,
      eventId: event.id,
      type: event.type,
      livemode: event.livemode,
      apiVersion: event.api_version,
      stripeCreated: event.created,
      payload: sql`${rawJson}::jsonb`,
      status: "failed",
      attempts: 1,
      lastError,
      lastFailedAt: sql`now()`,
    })
    .onConflictDoUpdate({
      target: [webhookEvents.tenantId, webhookEvents.eventId],
      set: { status: "failed", attempts: sql`${webhookEvents.attempts} + 1`, lastError, lastFailedAt: sql`now()` },
      // A concurrent delivery may have succeeded meanwhile: never downgrade it.
      setWhere: and(inArray(webhookEvents.status, ["failed", "received", "ignored"])),
    });
}
