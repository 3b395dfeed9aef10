import type { Db } from "../client";
import type { StripeMode } from "../schema";
import { rawQuery } from "../raw";

/*
 * Revenue reports, in SQL over the projections (never the raw event log). Every function is scoped
 * by tenant AND mode: test and live money never mix. Times are Stripe's (`stripe_created`,
 * `effective_at`), not when a webhook arrived; months are calendar months in UTC.
 *
 * A subscription's MRR at a moment is its latest snapshot at or before that moment
 * (subscription_mrr_snapshots): its monthly amount if the status is active or past_due, else 0.
 * Snapshots of one subscription in the same second are ordered by arrival (seq).
 */

type Scope = { tenantId: string; mode: StripeMode };
/** `from`: the first month's start; `until`: now. Boundaries are each month's start, then `until`. */
type Range = { from: Date; until: Date };

/**
 * Each snapshot with the moment the next one replaced it (null: still current), keeping only those
 * still in force at the first boundary or later (older ones cannot cover any boundary); then the
 * state of every subscription at each boundary. The index on (tenant, mode, subscription,
 * effective_at, seq) hands the window its order without a sort.
 */
const STATES = `
  snaps as (
    select * from (
      select stripe_subscription_id as sub, currency, status, stripe_product_id as product,
             case when status in ('active', 'past_due') then monthly_amount else 0 end as mrr,
             effective_at as valid_from,
             lead(effective_at) over (partition by stripe_subscription_id order by effective_at, seq) as valid_to
      from subscription_mrr_snapshots
      where tenant_id = $1::uuid and mode = $2::text and effective_at <= $4::timestamptz
    ) s
    where valid_to is null or valid_to > $3::timestamptz
  ),
  bounds as (select unnest($5::timestamptz[]) as at),
  states as materialized (
    select b.at, s.sub, s.currency, s.status, s.product, s.mrr
    from bounds b
    join snaps s on s.valid_from <= b.at and (s.valid_to is null or s.valid_to > b.at)
  )`;

/** mrrSeries's statement ($1 tenant, $2 mode, $3 from, $4 until, $5 the boundaries); exported for bench/reports.ts's EXPLAIN. */
export const mrrSeriesSql = `with ${STATES},
     pairs as (select at as start_at, lead(at) over (order by at) as end_at from bounds),
     -- Once a subscription has a snapshot it has a state at every later boundary, so the state
     -- before a boundary's is its previous row (none: it had no MRR then).
     moves as (
       select p.start_at, x.currency, x.m0, x.m1
       from (
         select s.at, s.currency, s.mrr as m1, coalesce(lag(s.mrr) over (partition by s.sub order by s.at), 0) as m0
         from states s
       ) x
       join pairs p on p.end_at = x.at
     )
     select 'point' as kind, st.at, st.currency, st.product, max(p.name) as name, sum(st.mrr)::text as a,
            (count(*) filter (where st.status in ('active', 'past_due')))::text as b,
            (count(*) filter (where st.status = 'trialing'))::text as c, '0' as d
     from states st
     left join stripe_catalog_mappings m on m.tenant_id = $1::uuid and m.mode = $2::text and m.object_kind = 'product' and m.stripe_id = st.product
     left join catalog_products p on p.id = m.local_id and p.tenant_id = $1::uuid
     group by st.at, st.currency, st.product
     union all
     select 'move', start_at, currency, null, null,
            sum(case when m0 = 0 and m1 > 0 then m1 else 0 end)::text,
            sum(case when m0 > 0 and m1 > m0 then m1 - m0 else 0 end)::text,
            sum(case when m0 > 0 and m1 > 0 and m1 < m0 then m0 - m1 else 0 end)::text,
            sum(case when m0 > 0 and m1 = 0 then m0 else 0 end)::text
     from moves
     group by start_at, currency`;

/**
 * Each month's start from `from` up to `until`, then `until`, as a Postgres array literal. Passed in
 * rather than generated in SQL: generate_series over timestamps is estimated at 1,000 rows, which
 * inflated the plan's cost until Postgres spent over a second JIT-compiling a 0.7 s query.
 */
export function boundariesArray(from: Date, until: Date): string {
  const at: string[] = [];
  for (let d = new Date(from); d < until; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) at.push(d.toISOString());
  at.push(until.toISOString());
  return `{${at.join(",")}}`;
}

export type MrrPointRow = { at: Date; currency: string; stripeProductId: string | null; productName: string | null; mrr: number; active: number; trialing: number };
export type MrrMovementRow = { monthStart: Date; currency: string; newMrr: number; expansion: number; contraction: number; churn: number };

type SeriesRow = {
  kind: "point" | "move";
  at: string | Date;
  currency: string;
  product: string | null;
  name: string | null;
  a: string;
  b: string;
  c: string;
  d: string;
};

/**
 * In one statement (the states are computed once):
 *  - points: MRR and subscriber counts per currency and product at each month's start and at `until`;
 *  - movements between consecutive boundaries, per subscription: from 0 to more is new, more is
 *    expansion, less (not 0) is contraction, to 0 is churn. A subscription that starts and ends
 *    within one month moves nothing.
 */
export async function mrrSeries(db: Db, { tenantId, mode, from, until }: Scope & Range): Promise<{ points: MrrPointRow[]; movements: MrrMovementRow[] }> {
  const rows = await rawQuery<SeriesRow>(db, mrrSeriesSql, [tenantId, mode, from.toISOString(), until.toISOString(), boundariesArray(from, until)]);
  const points: MrrPointRow[] = [];
  const movements: MrrMovementRow[] = [];
  for (const r of rows) {
    if (r.kind === "point") {
      points.push({ at: new Date(r.at), currency: r.currency, stripeProductId: r.product, productName: r.name, mrr: Number(r.a), active: Number(r.b), trialing: Number(r.c) });
    } else {
      movements.push({ monthStart: new Date(r.at), currency: r.currency, newMrr: Number(r.a), expansion: Number(r.b), contraction: Number(r.c), churn: Number(r.d) });
    }
  }
  return { points, movements };
}

export type MonthlyMoneyRow = { month: Date; currency: string; amount: number; count: number };

/** Succeeded payments per month of their creation in Stripe: amount received (before refunds). */
export async function revenueByMonth(db: Db, { tenantId, mode, from, until }: Scope & Range): Promise<MonthlyMoneyRow[]> {
  const rows = await rawQuery<{ month: string | Date; currency: string; amount: string; count: string }>(
    db,
    `select date_trunc('month', stripe_created, 'UTC') as month, currency, sum(amount_received)::text as amount, count(*)::text as count
     from payments
     where tenant_id = $1::uuid and mode = $2::text and stripe_created >= $3::timestamptz and stripe_created <= $4::timestamptz and status = 'succeeded'
     group by 1, 2`,
    [tenantId, mode, from.toISOString(), until.toISOString()],
  );
  return rows.map((r) => ({ month: new Date(r.month), currency: r.currency, amount: Number(r.amount), count: Number(r.count) }));
}

/** Refunds per month they were made in Stripe (pending or succeeded; failed and canceled ones gave nothing back). */
export async function refundsByMonth(db: Db, { tenantId, mode, from, until }: Scope & Range): Promise<MonthlyMoneyRow[]> {
  const rows = await rawQuery<{ month: string | Date; currency: string; amount: string; count: string }>(
    db,
    `select date_trunc('month', stripe_created, 'UTC') as month, currency, sum(amount)::text as amount, count(*)::text as count
     from refunds
     where tenant_id = $1::uuid and mode = $2::text and stripe_created >= $3::timestamptz and stripe_created <= $4::timestamptz and status in ('pending', 'succeeded')
     group by 1, 2`,
    [tenantId, mode, from.toISOString(), until.toISOString()],
  );
  return rows.map((r) => ({ month: new Date(r.month), currency: r.currency, amount: Number(r.amount), count: Number(r.count) }));
}

export type FailedPaymentsRow = { month: Date; invoices: number; failed: number; recovered: number };

/**
 * Subscription invoices with something to pay, per month created: how many had a failed payment
 * (a payment_failed notice), and how many of those were paid in the end.
 */
export async function failedPaymentsByMonth(db: Db, { tenantId, mode, from, until }: Scope & Range): Promise<FailedPaymentsRow[]> {
  const rows = await rawQuery<{ month: string | Date; invoices: string; failed: string; recovered: string }>(
    db,
    `select date_trunc('month', i.stripe_created, 'UTC') as month, count(*)::text as invoices,
            count(n.id)::text as failed, count(n.id) filter (where i.status = 'paid')::text as recovered
     from invoices i
     left join billing_notices n on n.tenant_id = i.tenant_id and n.stripe_invoice_id = i.stripe_invoice_id and n.kind = 'payment_failed'
     where i.tenant_id = $1::uuid and i.mode = $2::text and i.stripe_created >= $3::timestamptz and i.stripe_created <= $4::timestamptz
       and i.stripe_subscription_id is not null and i.amount_due > 0 and i.status in ('open', 'paid', 'uncollectible', 'void')
     group by 1`,
    [tenantId, mode, from.toISOString(), until.toISOString()],
  );
  return rows.map((r) => ({ month: new Date(r.month), invoices: Number(r.invoices), failed: Number(r.failed), recovered: Number(r.recovered) }));
}

/** Credits members hold and have not spent (the tenant's whole balance; credits are not per mode). */
export async function creditsOutstanding(db: Db, { tenantId }: { tenantId: string }): Promise<{ credits: number; holders: number }> {
  const [row] = await rawQuery<{ credits: string | null; holders: string }>(
    db,
    `select sum(balance)::text as credits, count(*) filter (where balance > 0)::text as holders from credit_balances where tenant_id = $1::uuid`,
    [tenantId],
  );
  return { credits: Number(row?.credits ?? 0), holders: Number(row?.holders ?? 0) };
}
