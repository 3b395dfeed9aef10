import "server-only";
import { forgetRevenueReports } from "@/lib/reports/report-cache";
import type Stripe from "stripe";
import type { Db, Tx } from "@/db/client";
import { finishBackfill, getBackfill, lockBackfill, markBackfillRunning, noteBackfillError, saveBackfillProgress } from "@/db/queries/backfill";
import { findTenantMember } from "@/db/queries/mail-recipients";
import { insertMemberCustomer } from "@/db/queries/member-stripe-customers";
import { BACKFILL_KINDS, type BackfillKind, type BackfillProgress, type StripeMode } from "@/db/schema";
import { logger } from "@/lib/log";
import { isRateLimited } from "@/lib/stripe/errors";
import { listBackfillPage, listCustomerPaymentMethods, type BackfillObject } from "@/lib/stripe/list-for-backfill";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { applyEffect, applyProjection } from "@/lib/webhooks/apply";
import type { FetchableKind, FetchableObjects, ProjectionContext } from "@/lib/webhooks/context";
import { TENANT_KEY, USER_KEY } from "@/lib/webhooks/handlers/credits-on-payment";
import type { Plan } from "@/lib/webhooks/projection";
import { paymentMethodPlan, planFor } from "./snapshot-plans";

type Scope = { tenantId: string; mode: StripeMode };

export type BackfillOptions = {
  client?: Stripe;
  /** Stops (as a killed worker would) after this many pages; the next run resumes. Tests use it. */
  maxPages?: number;
  /** First wait after a 429, doubled up to RATE_LIMIT_TRIES times before the job gives up (pg-boss retries it later). */
  backoffMs?: number;
};

export type BackfillRun = { complete: boolean; pages: number };

const RATE_LIMIT_TRIES = 4;

/**
 * The `stripe.backfill` job: imports the account's existing objects, kind by kind (backfill.ts in
 * db/schema has the order), page by page (100, Stripe's `starting_after` cursor). Each page is
 * listed with no transaction open; then one transaction writes its rows through the webhooks'
 * projection declarations and moves the kind's cursor, so a run killed at any point resumes at the
 * first page not committed and writes nothing twice. A 429 waits and retries; past a few tries the
 * job fails and pg-boss retries it with back-off, resuming from the cursor.
 */
export async function runBackfill(db: Db, scope: Scope, opts: BackfillOptions = {}): Promise<BackfillRun> {
  const row = await getBackfill(db, scope);
  if (!row || row.status === "done") return { complete: true, pages: 0 };
  await markBackfillRunning(db, scope);
  const client = opts.client ?? (await stripeFor(db, { ...scope, maxNetworkRetries: 2, timeoutMs: 20_000 })).client;
  let pages = 0;
  try {
    for (const kind of BACKFILL_KINDS) {
      for (;;) {
        const progress = (await getBackfill(db, scope))?.progress ?? {};
        const state = progress[kind];
        if (state?.done) break;
        if (opts.maxPages !== undefined && pages >= opts.maxPages) return { complete: false, pages };
        const listedAt = Math.floor(Date.now() / 1000);
        const page = await withBackoff(db, scope, opts.backoffMs ?? 1000, () => listBackfillPage(client, kind, state?.cursor ?? null));
        const methods = kind === "customers" ? await withBackoff(db, scope, opts.backoffMs ?? 1000, () => methodsOf(client, page.data as Stripe.Customer[])) : [];
        await db.transaction((tx) => importPage(tx, { ...scope, runId: row.runId, listedAt }, kind, state?.cursor ?? null, page, methods));
        // Imported rows count in the revenue figures: the overview's kept report is stale.
        forgetRevenueReports(scope.tenantId);
        pages++;
      }
    }
  } catch (error) {
    if (error instanceof SupersededError) return { complete: false, pages };
    throw error;
  }
  await finishBackfill(db, { ...scope, error: null });
  logger.info("backfill.done", { ...scope, pages });
  return { complete: true, pages };
}

class SupersededError extends Error {}

async function methodsOf(client: Stripe, customers: Stripe.Customer[]): Promise<Stripe.PaymentMethod[]> {
  const all: Stripe.PaymentMethod[] = [];
  for (const customer of customers) all.push(...(await listCustomerPaymentMethods(client, customer.id)));
  return all;
}

/** Waits 1, 2, 4 … seconds after each 429 (Stripe's rate limit is per account: 25 requests/s in test mode). */
async function withBackoff<T>(db: Db, scope: Scope, firstMs: number, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const limited = isRateLimited(error);
      if (!limited || attempt >= RATE_LIMIT_TRIES) {
        const reason = limited ? "Stripe's rate limit: the import continues in a few minutes." : "Stripe could not be reached or refused the request: the import retries in a few minutes.";
        await noteBackfillError(db, { ...scope, error: reason });
        throw error;
      }
      logger.warn("backfill.rate_limited", { ...scope, attempt });
      await new Promise((resolve) => setTimeout(resolve, firstMs * 2 ** (attempt - 1)));
    }
  }
}

type PageScope = Scope & { runId: string; listedAt: number };

/**
 * One page in one transaction. The backfill row's lock orders it against any other runner; a page
 * whose cursor moved meanwhile (another runner committed it) writes nothing.
 */
async function importPage<K extends BackfillKind>(tx: Tx, scope: PageScope, kind: K, cursor: string | null, page: { data: BackfillObject[K][]; hasMore: boolean }, methods: Stripe.PaymentMethod[]) {
  const locked = await lockBackfill(tx, scope);
  if (!locked || locked.runId !== scope.runId || locked.status === "done") throw new SupersededError();
  const state = locked.progress[kind];
  if (state?.done || (state?.cursor ?? null) !== cursor) return;

  // The listing's time is the snapshot's watermark: an event older than the listing is skipped,
  // a newer one applies, one of the same second retrieves (here: the copy in hand, just listed).
  const inHand = new Map<string, unknown>([...page.data, ...methods].map((o) => [o.id, o]));
  const ctx: ProjectionContext = {
    tx,
    tenantId: scope.tenantId,
    mode: scope.mode,
    eventId: `backfill:${scope.runId}`,
    created: scope.listedAt,
    fetchLatest: async <F extends FetchableKind>(_kind: F, id: string) => {
      const copy = inHand.get(id);
      if (!copy) throw new Error(`backfill: ${id} is not on the page being imported`);
      return copy as FetchableObjects[F];
    },
    applied: new Map(),
    afterCommit: () => {},
  };
  let imported = 0;
  for (const object of page.data) if (await applyPlan(ctx, planFor(ctx, kind, object))) imported++;
  const progress: BackfillProgress = { ...locked.progress };
  if (kind === "customers") {
    for (const pm of methods) await applyPlan(ctx, paymentMethodPlan(ctx, pm));
    progress.paymentMethods = (progress.paymentMethods ?? 0) + methods.length;
    progress.membersLinked = (progress.membersLinked ?? 0) + (await linkMembers(tx, scope, page.data as Stripe.Customer[]));
  }
  const last = page.data.at(-1);
  progress[kind] = { imported: (state?.imported ?? 0) + imported, cursor: last?.id ?? cursor, done: !page.hasMore || !last };
  await saveBackfillProgress(tx, { ...scope, progress });
}

async function applyPlan(ctx: ProjectionContext, plan: Plan | null): Promise<boolean> {
  if (!plan || (!plan.projections?.length && !plan.effects?.length)) return false;
  for (const projection of plan.projections ?? []) await applyProjection(ctx, projection);
  for (const effect of plan.effects ?? []) await applyEffect(ctx.tx, effect);
  return true;
}

/**
 * Customers the portal itself created for a member carry the member's id in their metadata
 * (lib/payments/ensure-member-customer.ts): those link to the member again, if the user is still a
 * member of this tenant and has no customer in this mode yet. Nothing else links (not even the
 * same e-mail address: anyone can type anyone's address into a Stripe customer).
 */
async function linkMembers(tx: Tx, scope: Scope, customers: Stripe.Customer[]): Promise<number> {
  let linked = 0;
  for (const customer of customers) {
    const userId = customer.metadata?.[USER_KEY];
    if (!userId || customer.metadata?.[TENANT_KEY] !== scope.tenantId) continue;
    if (!(await findTenantMember(tx, { tenantId: scope.tenantId, userId }))) continue;
    if (await insertMemberCustomer(tx, { tenantId: scope.tenantId, mode: scope.mode, userId, stripeCustomerId: customer.id })) linked++;
  }
  return linked;
}
