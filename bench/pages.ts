// npm run bench:pages — page throughput of the production server on real Postgres, each page as a
// share of a reference page in the same build (app/bench-reference: authenticates, renders an empty
// body). The tenant holds 100,000 payments (20,000 of them the measured member's), 2,000 members,
// 5,000 subscriptions with their invoices and MRR history, and 1 M webhook events. Every page is
// driven at 10 connections in rounds that alternate with the reference (so a busy machine slows
// both alike); then each page is loaded cold in headless Chromium to weigh the JavaScript on the
// wire. Creates its own database and drops it afterwards. A script, not a test: figures depend on
// the machine. BENCH_SECONDS (per round, default 4), BENCH_ROUNDS (default 3), BENCH_PAGES (a
// semicolon-separated subset of the labels) narrow a run; BENCH_KEEP_DB=1 keeps the database and its data
// for a look with EXPLAIN afterwards (its name is printed), BENCH_DB=<name> reuses such a database.
import http from "node:http";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { waitForHttp } from "./load";
import { BENCH_AUTH_SECRET, BENCH_KEY, ensureBuild, startApp, startEmulator, stopAll } from "./processes";

const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const APP_PORT = Number(process.env.BENCH_PORT ?? 3400);
const EMULATOR_PORT = APP_PORT + 20;
const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;
const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZE = { payments: 100_000, memberPayments: 20_000, members: 2_000, subscriptions: 5_000, events: 1_000_000 };
const SLUG = "bench";
const ADMIN_ID = "bench-admin";
/** The member whose history holds 20,000 payments. */
const MEMBER_ID = "bench-member-1";

type Who = "admin" | "member" | "nobody";
type Page = { label: string; path: string; who: Who; list?: boolean };
const PAGES: Page[] = [
  { label: "sign-in", path: "/sign-in", who: "nobody" },
  { label: "member home", path: `/${SLUG}`, who: "member" },
  { label: "member history (20,000)", path: `/${SLUG}/billing/history`, who: "member", list: true },
  { label: "plans", path: `/${SLUG}/billing`, who: "member" },
  { label: "admin overview", path: `/${SLUG}/admin`, who: "admin" },
  { label: "admin payments", path: `/${SLUG}/admin/payments`, who: "admin", list: true },
  { label: "admin payments, refunded", path: `/${SLUG}/admin/payments?status=refunded`, who: "admin", list: true },
  { label: "admin webhook log (1 M)", path: `/${SLUG}/admin/webhooks`, who: "admin", list: true },
  { label: "Stripe settings", path: `/${SLUG}/settings/integrations/stripe`, who: "admin" },
];
const REFERENCE: Page = { label: "reference (auth + empty body)", path: "/bench-reference", who: "member" };

function dbUrl(name: string) {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The data a busy tenant has after two years, written with set-based SQL (minutes, not hours). */
async function fill(sql: postgres.Sql, tenantId: string) {
  const t = `'${tenantId}'`;
  await sql.unsafe(`
    insert into users (id, email, name) select 'bench-member-' || g, 'member' || g || '@bench.test', 'Member ' || g from generate_series(1, ${SIZE.members}) g;
    insert into memberships (tenant_id, user_id, role) select ${t}, 'bench-member-' || g, 'ROLE_MEMBER' from generate_series(1, ${SIZE.members}) g;
    insert into member_stripe_customers (tenant_id, user_id, mode, stripe_customer_id) select ${t}, 'bench-member-' || g, 'test', 'cus_bench_' || g from generate_series(1, ${SIZE.members}) g;`);
  // Payments, newest first by g: the measured member's 20,000, then one-time purchases of everyone,
  // then the last 30 % charged by Stripe for subscription invoices (no portal user, linked by customer).
  const subscriptionCharges = Math.round(SIZE.payments * 0.3);
  await sql.unsafe(`
    insert into payments (tenant_id, mode, last_event_created, last_event_id, stripe_payment_intent_id, stripe_customer_id, status, amount, amount_received, amount_refunded, currency, description, last_payment_error, user_id, created_at, stripe_created)
    select ${t}, 'test', 1, 'evt', 'pi_bench_' || g, 'cus_bench_' || m,
           case when g % 20 = 0 then 'requires_payment_method' else 'succeeded' end, 2900,
           case when g % 20 = 0 then 0 else 2900 end, case when g % 50 = 7 then 2900 else 0 end, 'usd', 'Drop-in class',
           case when g % 20 = 0 then 'Your card was declined.' end,
           case when g > ${SIZE.payments - subscriptionCharges} then null else 'bench-member-' || m end,
           now() - g * interval '10 minutes', now() - g * interval '10 minutes'
    from (select g, case when g <= ${SIZE.memberPayments} then 1 else 1 + g % ${SIZE.members} end as m from generate_series(1, ${SIZE.payments}) g) s`);
  await sql.unsafe(`
    insert into subscriptions (tenant_id, mode, last_event_created, last_event_id, stripe_subscription_id, stripe_customer_id, status, current_period_start, current_period_end, canceled_at, ended_at)
    select ${t}, 'test', 1, 'evt', 'sub_bench_' || g, 'cus_bench_' || (1 + g % ${SIZE.members}),
           case when g % 5 = 0 then 'canceled' else 'active' end, now() - interval '10 days', now() + interval '20 days',
           case when g % 5 = 0 then now() - interval '40 days' end, case when g % 5 = 0 then now() - interval '40 days' end
    from generate_series(1, ${SIZE.subscriptions}) g;
    insert into subscription_items (tenant_id, mode, last_event_created, last_event_id, stripe_subscription_item_id, stripe_subscription_id, stripe_price_id, stripe_product_id, quantity, current_period_start, current_period_end)
    select ${t}, 'test', 1, 'evt', 'si_bench_' || g, 'sub_bench_' || g, 'price_bench_' || (g % 3), 'prod_bench_' || (g % 3), 1, now() - interval '10 days', now() + interval '20 days'
    from generate_series(1, ${SIZE.subscriptions}) g;
    insert into invoices (tenant_id, mode, last_event_created, last_event_id, stripe_invoice_id, stripe_customer_id, stripe_subscription_id, stripe_payment_intent_id, status, number, amount_due, amount_paid, amount_remaining, currency, stripe_created)
    select ${t}, 'test', 1, 'evt', 'in_bench_' || g, 'cus_bench_' || (1 + g % ${SIZE.members}), 'sub_bench_' || (1 + g % ${SIZE.subscriptions}), 'pi_bench_' || g,
           case when g % 20 = 0 then 'open' else 'paid' end, 'BENCH-' || g, 2900, case when g % 20 = 0 then 0 else 2900 end, case when g % 20 = 0 then 2900 else 0 end, 'usd', now() - g * interval '10 minutes'
    from generate_series(${SIZE.payments - subscriptionCharges + 1}, ${SIZE.payments}) g;
    insert into subscription_mrr_snapshots (tenant_id, mode, stripe_subscription_id, stripe_event_id, effective_at, status, currency, monthly_amount, stripe_product_id)
    select ${t}, 'test', 'sub_bench_' || s, 'evt_bench_' || s || '_' || m, now() - (7 - m) * interval '1 month' - (s % 28) * interval '1 day',
           case when s % 5 = 0 and m = 6 then 'canceled' else 'active' end, 'usd', case when s % 10 = 1 and m > 3 then 5900 else 2900 end, 'prod_bench_' || (s % 3)
    from generate_series(1, ${SIZE.subscriptions}) s, generate_series(1, 6) m;`);
  await sql.unsafe(`
    insert into webhook_events (tenant_id, mode, event_id, type, livemode, api_version, stripe_created, payload, status, attempts, received_at, processed_at)
    select ${t}, 'test', 'evt_bench_' || g, (array['payment_intent.succeeded', 'invoice.paid', 'customer.subscription.updated', 'charge.refunded'])[1 + g % 4], false,
           '2026-10-28.endive', extract(epoch from now())::bigint - g * 60,
           jsonb_build_object('id', 'evt_bench_' || g, 'object', 'event', 'type', 'payment_intent.succeeded'),
           case when g % 1000 = 0 then 'failed' else 'processed' end, 1, now() - g * interval '1 minute', now() - g * interval '1 minute'
    from generate_series(1, ${SIZE.events}) g`);
  await sql.unsafe("vacuum analyze");
  await sql.unsafe("checkpoint");
}

/** A session cookie as Auth.js issues it at sign-in (lib/auth/auth.config.ts's jwt callback). */
async function sessionCookie(userId: string): Promise<string> {
  const { encode } = await import("next-auth/jwt");
  const name = "authjs.session-token";
  const value = await encode({ token: { sub: userId, ver: 0, authAt: Math.floor(Date.now() / 1000) }, secret: BENCH_AUTH_SECRET, salt: name });
  return `${name}=${value}`;
}

type Run = { requests: number; seconds: number; latencies: number[]; failures: number; bytes: number };

/** GET `path` over `CONNECTIONS` keep-alive connections for `seconds`, one request in flight each. */
async function hammer(path: string, cookie: string | null, seconds: number): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let failures = 0;
  let bytes = 0;
  const until = performance.now() + seconds * 1000;
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const t = performance.now();
      const req = http.get({ host: "127.0.0.1", port: APP_PORT, path, agent, headers: cookie ? { cookie } : {} }, (res) => {
        res.on("data", (c: Buffer) => (bytes += c.length));
        res.on("end", () => {
          latencies.push(performance.now() - t);
          if (res.statusCode !== 200) failures++;
          resolve();
        });
      });
      req.on("error", reject);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) await get();
    }),
  );
  agent.destroy();
  return { requests: latencies.length, seconds: (performance.now() - started) / 1000, latencies, failures, bytes };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Cold load in headless Chromium: bytes of JavaScript over the wire (compressed as sent). */
async function jsOnTheWire(path: string, cookie: string | null): Promise<number> {
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const context = await browser.newContext();
    if (cookie) {
      const [name, value] = cookie.split("=", 2) as [string, string];
      await context.addCookies([{ name, value, domain: "127.0.0.1", path: "/" }]);
    }
    const page = await context.newPage();
    const scripts: Promise<number>[] = [];
    page.on("requestfinished", (request) => {
      if (request.resourceType() === "script") scripts.push(request.sizes().then((s) => s.responseBodySize));
    });
    await page.goto(`http://127.0.0.1:${APP_PORT}${path}`, { waitUntil: "networkidle" });
    return (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
  } finally {
    await browser.close();
  }
}

async function main() {
  process.env.APP_ENCRYPTION_KEY = BENCH_KEY;
  process.env.STRIPE_API_BASE = EMULATOR_URL;
  process.env.AUTH_SECRET ??= BENCH_AUTH_SECRET;
  ensureBuild();
  const reuse = process.env.BENCH_DB;
  const name = reuse ?? `memberpulse_bench_pages_${Date.now().toString(36)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  if (!reuse) await admin.unsafe(`create database "${name}"`);
  const url = dbUrl(name);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const { openDb } = await import("@/db/client");
    const { migrate } = await import("@/db/migrate");
    const { createTenant } = await import("@/db/queries/tenants");
    const { createUser } = await import("@/db/queries/users");
    const { addMembership } = await import("@/db/queries/memberships");
    const { newSecret } = await import("@/tests/helpers/webhooks");
    const { seedDemoCatalog } = await import("@/lib/demo/seed-demo-catalog");
    const { connectTenant, createEmulatorAccount } = await import("./setup");
    startEmulator(EMULATOR_PORT);
    if (reuse) return await measure(url);
    const handle = await openDb({ url });
    await migrate(handle);
    const tenant = await createTenant(handle.db, { slug: SLUG, name: "Bench Studio" });
    const adminUser = await createUser(handle.db, { id: ADMIN_ID, email: "admin@bench.test", name: "Bench admin" });
    await addMembership(handle.db, { tenantId: tenant.id, userId: adminUser.id, role: "ROLE_CLIENT_ADMIN" });
    await waitForHttp(`${EMULATOR_URL}/_emulator`);
    const account = await createEmulatorAccount(EMULATOR_URL, "Bench (emulator)");
    await connectTenant(handle.db, { tenantId: tenant.id, adminId: adminUser.id, account, webhookSecret: newSecret() });
    await seedDemoCatalog(handle.db, { tenantId: tenant.id, userId: adminUser.id });
    await handle.close();
    const t0 = performance.now();
    await fill(sql, tenant.id);
    console.log(`filled: ${Object.entries(SIZE).map(([k, v]) => `${v.toLocaleString("en-US")} ${k}`).join(", ")} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    await measure(url);
  } finally {
    stopAll();
    await new Promise((r) => setTimeout(r, 500));
    await sql.end({ timeout: 2 });
    if (process.env.BENCH_KEEP_DB || reuse) console.log(`kept the database ${name} (BENCH_DB=${name} measures it again; drop it when done)`);
    else await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 2 });
  }
}

/** The app on the filled database, every page against the reference. */
async function measure(url: string) {
  startApp(APP_PORT, url, { emulatorUrl: EMULATOR_URL, env: { BENCH_REFERENCE_PAGE: "1" } });
  await waitForHttp(`http://127.0.0.1:${APP_PORT}/api/health`);
  const cookies: Record<Who, string | null> = { admin: await sessionCookie(ADMIN_ID), member: await sessionCookie(MEMBER_ID), nobody: null };

  const only = process.env.BENCH_PAGES?.split(";").map((s) => s.trim());
  const pages = only ? PAGES.filter((p) => only.includes(p.label)) : PAGES;
  // Every page answers 200 for its user before anything is timed (a redirect to sign-in would be fast and wrong).
  for (const p of [REFERENCE, ...pages]) {
    const warm = await hammer(p.path, cookies[p.who], 1);
    if (warm.failures) throw new Error(`${p.label} (${p.path}) did not answer 200 for ${p.who}`);
  }

  console.log(`\n${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per page, each followed by the reference`);
  console.log(`${"page".padEnd(30)} ${"req/s".padStart(7)} ${"ref".padStart(6)} ${"ratio".padStart(6)} ${"p50".padStart(7)} ${"p99".padStart(7)} ${"HTML".padStart(8)} ${"JS cold".padStart(8)}  goal`);
  for (const p of pages) {
    const runs: Run[] = [];
    const refs: Run[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      runs.push(await hammer(p.path, cookies[p.who], SECONDS));
      refs.push(await hammer(REFERENCE.path, cookies[REFERENCE.who], SECONDS));
    }
    const rate = (rs: Run[]) => rs.reduce((n, r) => n + r.requests, 0) / rs.reduce((n, r) => n + r.seconds, 0);
    const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const requests = runs.reduce((n, r) => n + r.requests, 0);
    const failures = runs.reduce((n, r) => n + r.failures, 0);
    const ratio = rate(runs) / rate(refs);
    const p50 = percentile(latencies, 50);
    const js = await jsOnTheWire(p.path, cookies[p.who]);
    const goals = [ratio >= 0.5 ? "ratio ok" : "RATIO < 0.5", p.list ? (p50 <= 150 ? "p50 ok" : "P50 > 150 ms") : "", p.who === "member" ? (js <= 150_000 ? "JS ok" : "JS > 150 KB") : ""].filter(Boolean).join(", ");
    console.log(
      `${p.label.padEnd(30)} ${rate(runs).toFixed(1).padStart(7)} ${rate(refs).toFixed(0).padStart(6)} ${ratio.toFixed(2).padStart(6)} ${p50.toFixed(0).padStart(5)}ms ${percentile(latencies, 99).toFixed(0).padStart(5)}ms ${`${(runs.reduce((n, r) => n + r.bytes, 0) / requests / 1024).toFixed(0)} KB`.padStart(8)} ${`${(js / 1024).toFixed(0)} KB`.padStart(8)}  ${goals}${failures ? `  (${failures} non-200)` : ""}`,
    );
  }
}

main().catch((e: unknown) => {
  stopAll();
  console.error(e);
  process.exit(1);
});
