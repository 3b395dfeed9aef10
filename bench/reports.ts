// npm run bench:reports — the revenue report's SQL at scale: a tenant with 1 M payments (two modes,
// two currencies, 24 months), 100,000 refunds, 300,000 invoices and 5,000 subscriptions with a
// snapshot per month each (120,000 rows), plus another tenant of the same size that must not be read.
// Prints each query's EXPLAIN (ANALYZE, BUFFERS) summary and the whole report's time. Creates its own
// database and drops it afterwards. A script, not a test: figures depend on the machine.
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { openDb } from "../db/client";
import { migrate } from "../db/migrate";
import { creditsOutstanding, failedPaymentsByMonth, mrrSeries, refundsByMonth, revenueByMonth } from "../db/queries/revenue-reports";
import { loadRevenueReport, monthStart } from "../lib/reports/revenue-report";

const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 1_000_000);
const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 5_000);

async function fill(sql: postgres.Sql, tenantId: string) {
  const months = 24;
  await sql.unsafe(`
    insert into payments (tenant_id, mode, last_event_created, last_event_id, stripe_payment_intent_id, status, amount, amount_received, currency, stripe_created)
    select '${tenantId}', case when g % 10 = 0 then 'live' else 'test' end, 1, 'evt', 'pi_' || '${tenantId}' || g,
           case when g % 20 = 0 then 'requires_payment_method' else 'succeeded' end, 2900, 2900,
           case when g % 4 = 0 then 'eur' else 'usd' end, now() - (g % (${months} * 30)) * interval '1 day'
    from generate_series(1, ${PAYMENTS}) g`);
  await sql.unsafe(`
    insert into refunds (tenant_id, mode, last_event_created, last_event_id, stripe_refund_id, stripe_payment_intent_id, status, amount, currency, stripe_created)
    select '${tenantId}', 'test', 1, 'evt', 're_' || '${tenantId}' || g, 'pi_' || '${tenantId}' || g, 'succeeded', 1000, 'usd', now() - (g % (${months} * 30)) * interval '1 day'
    from generate_series(1, ${PAYMENTS / 10}) g`);
  await sql.unsafe(`
    insert into invoices (tenant_id, mode, last_event_created, last_event_id, stripe_invoice_id, stripe_subscription_id, status, amount_due, amount_paid, amount_remaining, currency, stripe_created)
    select '${tenantId}', 'test', 1, 'evt', 'in_' || '${tenantId}' || g, 'sub_' || (g % ${SUBSCRIPTIONS}), case when g % 25 = 0 then 'open' else 'paid' end, 2900, 2900, 0, 'usd',
           now() - (g % (${months} * 30)) * interval '1 day'
    from generate_series(1, ${PAYMENTS * 0.3}) g`);
  await sql.unsafe(`
    insert into billing_notices (tenant_id, mode, kind, stripe_invoice_id, amount_due, currency)
    select '${tenantId}', 'test', 'payment_failed', 'in_' || '${tenantId}' || g, 2900, 'usd' from generate_series(25, ${PAYMENTS * 0.3}, 25) g`);
  // Each subscription: a snapshot a month since it started; a tenth upgrade once, a tenth end.
  await sql.unsafe(`
    insert into subscription_mrr_snapshots (tenant_id, mode, stripe_subscription_id, stripe_event_id, effective_at, status, currency, monthly_amount, stripe_product_id)
    select '${tenantId}', 'test', 'sub_' || s, 'evt_' || s || '_' || m,
           now() - (${months} - m) * interval '1 month' - (s % 28) * interval '1 day',
           case when s % 10 = 0 and m > 20 then 'canceled' else 'active' end,
           case when s % 4 = 0 then 'eur' else 'usd' end,
           case when s % 10 = 1 and m > 12 then 5900 else 2900 end, 'prod_' || (s % 5)
    from generate_series(1, ${SUBSCRIPTIONS}) s, generate_series(1, ${months}) m`);
  await sql.unsafe("vacuum analyze");
}

async function main() {
  const name = `memberpulse_bench_reports_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString() });
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await migrate(handle);
    const tenants = await sql<{ id: string }[]>`insert into tenants (slug, name) values ('bench', 'Bench'), ('other', 'Other') returning id`;
    const [tenant, other] = tenants.map((t) => t.id) as [string, string];
    const t0 = performance.now();
    await fill(sql, tenant);
    await fill(sql, other);
    console.log(`filled two tenants (${PAYMENTS.toLocaleString("en-US")} payments each) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    for (const months of [12, 6]) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        await loadRevenueReport(handle.db, { tenantId: tenant, mode: "test", months });
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      console.log(`whole report, ${months} months (5 queries): median ${times[2]!.toFixed(0)} ms, best ${times[0]!.toFixed(0)} ms`);
    }
    const range = { tenantId: tenant, mode: "test" as const, from: monthStart(new Date(), 11), until: new Date() };
    const parts = { mrrSeries, revenueByMonth, refundsByMonth, failedPaymentsByMonth, creditsOutstanding } as const;
    for (const [label, query] of Object.entries(parts)) {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        await query(handle.db, range);
        times.push(performance.now() - start);
      }
      console.log(`  ${label}: best of 3 ${Math.min(...times).toFixed(0)} ms`);
    }
    const from = range.from.toISOString();
    const plans: [string, string][] = [
      ["revenue by month", `select date_trunc('month', stripe_created, 'UTC'), currency, sum(amount_received) from payments where tenant_id = '${tenant}' and mode = 'test' and stripe_created >= '${from}' and stripe_created <= now() and status = 'succeeded' group by 1, 2`],
      ["MRR snapshots scanned", `select count(*) from subscription_mrr_snapshots where tenant_id = '${tenant}' and mode = 'test' and effective_at <= now()`],
    ];
    if (process.env.BENCH_EXPLAIN_MRR) {
      const { boundariesArray, mrrSeriesSql } = await import("../db/queries/revenue-reports");
      const rows = await sql.unsafe(`explain (analyze) ${mrrSeriesSql}`, [tenant, "test", range.from.toISOString(), range.until.toISOString(), boundariesArray(range.from, range.until)]);
      console.log(rows.map((r) => String(Object.values(r)[0])).join("\n"));
    }
    for (const [label, text] of plans) {
      const rows = await sql.unsafe(`explain (analyze, buffers) ${text}`);
      const lines = rows.map((r) => String(Object.values(r)[0]));
      console.log(`\n${label}:\n  ${lines.filter((l) => /Scan|Execution Time|Aggregate/.test(l)).slice(0, 6).join("\n  ")}`);
    }
  } finally {
    await sql.end();
    await handle.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
