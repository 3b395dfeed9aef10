// npm run bench:webhooks — webhook ingestion throughput of the production server against a bare
// node:http + postgres.js reference (bench/reference-server.ts) on the same Postgres database,
// at 10 and 50 connections, then again with the event tables pre-filled to 1 M rows and once more
// emptied, plus a two-instance consistency check. Creates its own database and drops it afterwards.
// The mix (bench/event-mix.ts) includes Stripe's same-second invoice triples, whose ties both
// servers settle by retrieving the invoice from a Stripe: the project's emulator, started here
// (bench/stripe-emulator.ts), with the bench tenant connected to one of its accounts.
import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import postgres from "postgres";
import { drive, waitForHttp, type LoadResult } from "./load";
import { BENCH_AUTH_SECRET, BENCH_KEY, ensureBuild, start, startApp as startServer, startEmulator, stopAll } from "./processes";
import { BREAKDOWN_CLASSES, marginal, printBreakdown, type BreakdownClass, type ClassCost } from "./breakdown";
import { CYCLE, describeMix, eventMix, invoicesNeeded, TIES_PER_CYCLE, type MixContext, type PaidInvoice } from "./event-mix";
import { twoInstanceCheck } from "./two-instances";

const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const EVENTS = Number(process.env.BENCH_EVENTS ?? 3000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
// Next.js keeps getting faster for the first ~20,000 requests (JIT, heap sizing); the reference within a few hundred.
const WARMUP = Number(process.env.BENCH_WARMUP_EVENTS ?? 20_000);
const PREFILL = Number(process.env.BENCH_PREFILL_ROWS ?? 1_000_000);
// BENCH_BREAKDOWN=1: after the warm-up, CPU per delivery of each class of the mix (bench/breakdown.ts) instead of the rounds.
const BREAKDOWN = !!process.env.BENCH_BREAKDOWN;
const BREAKDOWN_EVENTS = Number(process.env.BENCH_BREAKDOWN_EVENTS ?? 1500);
const APP_PORT = Number(process.env.BENCH_PORT ?? 3300);
const REF_PORT = APP_PORT + 10;
const EMULATOR_PORT = APP_PORT + 20;
const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;
const EMULATOR_STATS = `http://127.0.0.1:${EMULATOR_PORT + 1}/stats`;
const MEMBERS = 200;
const CREDIT_PACKAGE_AMOUNT = 2000;
const PROJECTION_TABLES = ["payments", "refunds", "invoices", "subscriptions", "subscription_items", "stripe_customers", "payment_methods", "billing_notices"];
const startApp = (port: number, url: string) => startServer(port, url, { emulatorUrl: EMULATOR_URL });

function dbUrl(name: string) {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** utime + stime of a process in ms (Linux /proc), or null where that is not available. */
function cpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // CLK_TCK is 100 on Linux
  } catch {
    return null;
  }
}

/** CPU ms of the Postgres backends serving `database` (Linux /proc; the server's own processes excluded). */
function databaseCpuMs(database: string): number | null {
  let total = 0;
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      let title: string;
      try {
        title = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      } catch {
        continue;
      }
      if (title.startsWith("postgres: ") && title.includes(` ${database} `)) total += cpuMs(Number(pid)) ?? 0;
    }
  } catch {
    return null;
  }
  return total;
}

async function emulatorCounts(): Promise<{ invoiceRetrievals: number; requests: number }> {
  return (await fetch(EMULATOR_STATS)).json() as Promise<{ invoiceRetrievals: number; requests: number }>;
}

/** What one run's deliveries did, besides being answered. */
type RunCounts = {
  /** Invoice retrievals from the emulator during the run (ties settled, plus any repeats). */
  retrievals: number;
  /** App only, from its stored events (note "resolved_tie", "skipped", decision types). */
  ties?: number;
  older?: number;
  decisions?: number;
  failed?: number;
};

type Measured = LoadResult & { cpuPerEvent: number | null; dbCpuPerEvent: number | null; emulatorCpuPerEvent: number | null; counts: RunCounts };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const fmt = (r: LoadResult) =>
  `${r.label.padEnd(34)} ${String(r.connections).padStart(4)} conn  ${r.perSecond.toFixed(0).padStart(6)} ev/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms${r.non2xx ? `  non-2xx ${r.non2xx}` : ""}`;

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;

/** General path by construction: ties, older snapshots skipped, and events that need a decision. */
const generalOf = (c: RunCounts) => (c.ties ?? 0) + (c.older ?? 0) + (c.decisions ?? 0);

function fmtCounts(r: Measured): string {
  const c = r.counts;
  if (c.ties === undefined) return `retrieved ${c.retrievals} invoices (${pct(c.retrievals, r.events)})`;
  const outcomes = Object.entries(r.outcomes)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return (
    `ties ${c.ties} (${pct(c.ties, r.events)}, ${c.retrievals} retrievals), general path ${generalOf(c)} (${pct(generalOf(c), r.events)}: ` +
    `${c.ties} ties + ${c.older} older skipped + ${c.decisions} decisions)${c.failed ? `, FAILED ${c.failed}` : ""}; ${outcomes}`
  );
}

const fmtCpu = (r: Measured) =>
  `cpu ${r.cpuPerEvent?.toFixed(2) ?? "?"} ms/ev (+ Postgres ${r.dbCpuPerEvent?.toFixed(2) ?? "?"}, emulator ${r.emulatorCpuPerEvent?.toFixed(2) ?? "?"})`;

async function main() {
  process.env.APP_ENCRYPTION_KEY = BENCH_KEY;
  // Before any app module reads its configuration: the bench's own Stripe calls go to the emulator.
  process.env.STRIPE_API_BASE = EMULATOR_URL;
  process.env.AUTH_SECRET ??= BENCH_AUTH_SECRET;
  ensureBuild();
  const name = `memberpulse_bench_${Date.now().toString(36)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = dbUrl(name);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const { openDb } = await import("@/db/client");
    const { migrate } = await import("@/db/migrate");
    const { createTenant } = await import("@/db/queries/tenants");
    const { newSecret } = await import("@/tests/helpers/webhooks");
    const { connectTenant, createCreditPackage, createEmulatorAccount, createPaidInvoices, createPeople } = await import("./setup");
    const emulatorProcess = startEmulator(EMULATOR_PORT);
    const handle = await openDb({ url });
    await migrate(handle);
    const tenant = await createTenant(handle.db, { slug: "bench", name: "Bench" });
    const secret = newSecret();
    const people = await createPeople(handle.db, tenant.id, MEMBERS);
    const creditPriceId = await createCreditPackage(handle.db, tenant.id, CREDIT_PACKAGE_AMOUNT);
    await waitForHttp(`${EMULATOR_URL}/_emulator`);
    const account = await createEmulatorAccount(EMULATOR_URL, "Bench (emulator)");
    await connectTenant(handle.db, { tenantId: tenant.id, adminId: people.adminId, account, webhookSecret: secret });
    await handle.close();
    await sql.unsafe(`create table bench_reference_events (like webhook_events including all)`);

    // Every app run needs paid invoices of its own (a tie is only a tie on a fresh invoice row); the
    // reference retrieves whichever invoice its event names, so it cycles through the same ones.
    const appEvents = BREAKDOWN ? [WARMUP] : [WARMUP, ...Array<number>(PAIRS * 4).fill(EVENTS), EVENTS];
    let needed = appEvents.reduce((n, count) => n + invoicesNeeded(count), 0);
    if (BREAKDOWN) needed += BREAKDOWN_CLASSES.reduce((n, c) => n + invoicesNeeded(BREAKDOWN_EVENTS, { units: c.units, duplicateShare: 0 }), 0);
    const tInvoices = performance.now();
    const invoices = await createPaidInvoices(account.secretKey, needed);
    console.log(`created ${invoices.length} paid invoices in the emulator account in ${((performance.now() - tInvoices) / 1000).toFixed(1)} s`);
    const mixBase: Omit<MixContext, "nextInvoice"> = { tenantId: tenant.id, members: people.memberIds, creditPriceId, creditPriceAmount: CREDIT_PACKAGE_AMOUNT };
    let fresh = 0;
    let cycled = 0;
    const freshInvoice = (): PaidInvoice => {
      const invoice = invoices[fresh++];
      if (!invoice) throw new Error("bench: ran out of paid invoices (invoicesNeeded disagrees with eventMix)");
      return invoice;
    };
    type MixOptions = Parameters<typeof eventMix>[2];
    const appMix = (count: number, opts?: MixOptions) => eventMix(count, { ...mixBase, nextInvoice: freshInvoice }, opts);
    const refMix = (count: number, opts?: MixOptions) => eventMix(count, { ...mixBase, nextInvoice: () => invoices[cycled++ % invoices.length]! }, opts);

    const appProcess = startApp(APP_PORT, url);
    const refProcess = start(process.execPath, ["--import", "tsx", "bench/reference-server.ts"], {
      PORT: String(REF_PORT),
      DATABASE_URL: url,
      BENCH_SECRET: secret,
      BENCH_TENANT_ID: tenant.id,
      STRIPE_API_BASE: EMULATOR_URL,
      BENCH_STRIPE_KEY: account.secretKey,
    });
    const appUrl = `http://127.0.0.1:${APP_PORT}/api/webhooks/stripe/${tenant.id}/test`;
    const refUrl = `http://127.0.0.1:${REF_PORT}/`;
    await waitForHttp(`http://127.0.0.1:${APP_PORT}/api/health`);
    await waitForHttp(refUrl);

    // CPU time per event of each server process: unlike events/s, barely affected by whatever
    // else the machine is running.
    const measured = async (label: string, url: string, pid: number | undefined, connections: number, payloads: string[]): Promise<Measured> => {
      const isApp = pid === appProcess.pid;
      const [before, dbBefore, emuBefore, countsBefore] = [cpuMs(pid), databaseCpuMs(name), cpuMs(emulatorProcess.pid), await emulatorCounts()];
      const since = new Date();
      const r = await drive(label, url, payloads, secret, connections);
      const [after, dbAfter, emuAfter, countsAfter] = [cpuMs(pid), databaseCpuMs(name), cpuMs(emulatorProcess.pid), await emulatorCounts()];
      const per = (a: number | null, b: number | null) => (a !== null && b !== null ? (b - a) / r.events : null);
      const counts: RunCounts = { retrievals: countsAfter.invoiceRetrievals - countsBefore.invoiceRetrievals };
      if (isApp) {
        const [row] = await sql<{ ties: number; older: number; decisions: number; failed: number }[]>`
          with run as (
            select note, status,
                   type in ('refund.created', 'refund.updated', 'invoice.payment_failed')
                     or (type = 'payment_intent.succeeded' and payload #> '{data,object,metadata}' ? 'memberpulse_user_id') as decision
            from webhook_events where tenant_id = ${tenant.id} and mode = 'test' and received_at >= ${since})
          select count(*) filter (where note like '%resolved_tie%')::int as ties,
                 count(*) filter (where note like '%skipped%' and not decision)::int as older,
                 count(*) filter (where decision)::int as decisions,
                 count(*) filter (where status = 'failed')::int as failed
          from run`;
        Object.assign(counts, row);
      }
      return { ...r, cpuPerEvent: per(before, after), dbCpuPerEvent: per(dbBefore, dbAfter), emulatorCpuPerEvent: per(emuBefore, emuAfter), counts };
    };
    // App and reference take turns, PAIRS times: neighbours in time see the same machine, so the
    // ratio of each pair is fair even when the machine's speed drifts; the median pair is reported.
    const round = async (tag: string, connections: number) => {
      const pairs: { app: Measured; ref: Measured }[] = [];
      console.log(`(machine load ${loadavg()[0]!.toFixed(1)})`);
      for (let i = 0; i < PAIRS; i++) {
        const app = await measured(`app ${tag}`, appUrl, appProcess.pid, connections, appMix(EVENTS));
        const ref = await measured(`reference ${tag}`, refUrl, refProcess.pid, connections, refMix(EVENTS));
        pairs.push({ app, ref });
        console.log(`${fmt(app)}  ${fmtCpu(app)}`);
        console.log(`${"".padEnd(38)}${fmtCounts(app)}`);
        console.log(`${"".padEnd(38)}slowest 1 %: ${app.slowest.map(([t, n]) => `${t} ${n}`).join(", ")}`);
        console.log(`${fmt(ref)}  ${fmtCpu(ref)}   ratio ${(app.perSecond / ref.perSecond).toFixed(2)}`);
        console.log(`${"".padEnd(38)}${fmtCounts(ref)}`);
      }
      const byRatio = [...pairs].sort((a, b) => a.app.perSecond / a.ref.perSecond - b.app.perSecond / b.ref.perSecond);
      const mid = byRatio[Math.floor(byRatio.length / 2)]!;
      const summary = {
        ratio: mid.app.perSecond / mid.ref.perSecond,
        app: median(pairs.map((p) => p.app.perSecond)),
        ref: median(pairs.map((p) => p.ref.perSecond)),
        appP99: median(pairs.map((p) => p.app.p99)),
        appCpu: median(pairs.map((p) => p.app.cpuPerEvent ?? Number.NaN)),
        refCpu: median(pairs.map((p) => p.ref.cpuPerEvent ?? Number.NaN)),
        appDbCpu: median(pairs.map((p) => p.app.dbCpuPerEvent ?? Number.NaN)),
        refDbCpu: median(pairs.map((p) => p.ref.dbCpuPerEvent ?? Number.NaN)),
        appEmuCpu: median(pairs.map((p) => p.app.emulatorCpuPerEvent ?? Number.NaN)),
        refEmuCpu: median(pairs.map((p) => p.ref.emulatorCpuPerEvent ?? Number.NaN)),
        appP50: median(pairs.map((p) => p.app.p50)),
        refP50: median(pairs.map((p) => p.ref.p50)),
        refP99: median(pairs.map((p) => p.ref.p99)),
        tieShare: median(pairs.map((p) => (p.app.counts.ties ?? 0) / p.app.events)),
        generalShare: median(pairs.map((p) => generalOf(p.app.counts) / p.app.events)),
        failed: pairs.reduce((n, p) => n + (p.app.counts.failed ?? 0) + p.app.non2xx + p.ref.non2xx, 0),
      };
      console.log(
        `  median of ${PAIRS}: app ${summary.app.toFixed(0)} ev/s (p99 ${summary.appP99.toFixed(0)} ms, ${summary.appCpu.toFixed(2)} ms CPU/ev), ` +
          `reference ${summary.ref.toFixed(0)} ev/s (${summary.refCpu.toFixed(2)} ms CPU/ev), ratio ${summary.ratio.toFixed(2)}`,
      );
      return summary;
    };
    const sample = describeMix(refMix(EVENTS));
    console.log(`\nthe mix of one run: ${sample.deliveries} deliveries, ${sample.unique} distinct events (${pct(sample.deliveries - sample.unique, sample.deliveries)} duplicates); per type:`);
    console.log(sample.byType.map(([type, n]) => `  ${type.padEnd(32)} ${String(n).padStart(5)}  ${pct(n, sample.deliveries).padStart(7)}`).join("\n"));
    const cycles = sample.unique / CYCLE;
    console.log(
      `  by construction: ${cycles * TIES_PER_CYCLE} same-second ties (${pct(cycles * TIES_PER_CYCLE, sample.deliveries)}), ` +
        `${cycles * 10} general-path events (${pct(cycles * 10, sample.deliveries)}: ties, 2 portal purchases, 1 payment_failed, 2 refund events, 2 late older snapshots per ${CYCLE})`,
    );

    console.log(`\nwarming up both servers (${WARMUP} events each) … (machine load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`);
    const warm = await drive("warmup", appUrl, appMix(WARMUP), secret, 50);
    await drive("warmup", refUrl, refMix(WARMUP), secret, 50);
    if (warm.non2xx) console.log(`  warning: the app answered ${warm.non2xx} warm-up deliveries with a non-2xx status`);

    if (BREAKDOWN) {
      console.log(`\nCPU per delivery by class, ${BREAKDOWN_EVENTS} deliveries per class at 50 connections (machine load ${loadavg()[0]!.toFixed(1)})`);
      const sent = new Map<string, { app: string[]; ref: string[] }>();
      const costs = new Map<string, ClassCost>();
      const rows: { cls: BreakdownClass; cost: ClassCost }[] = [];
      // BENCH_CLASSES=portal,refund: only the classes whose label contains one of these (and their bases).
      const only = process.env.BENCH_CLASSES?.split(",").map((c) => c.trim()).filter(Boolean);
      const chosen = only ? BREAKDOWN_CLASSES.filter((c) => only.some((o) => c.label.includes(o) || BREAKDOWN_CLASSES.some((d) => d.base === c.label && d.label.includes(o)))) : BREAKDOWN_CLASSES;
      for (const cls of chosen) {
        const replay = cls.replayOf ? sent.get(cls.replayOf) : undefined;
        const payloads = replay ?? { app: appMix(BREAKDOWN_EVENTS, { units: cls.units, duplicateShare: 0 }), ref: refMix(BREAKDOWN_EVENTS, { units: cls.units, duplicateShare: 0 }) };
        sent.set(cls.label, payloads);
        const app = await measured(`app ${cls.label}`, appUrl, appProcess.pid, 50, payloads.app);
        const ref = await measured(`ref ${cls.label}`, refUrl, refProcess.pid, 50, payloads.ref);
        console.log(`${fmt(app)}  ${fmtCpu(app)}`);
        console.log(`${fmt(ref)}  ${fmtCpu(ref)}`);
        const cost = { app: app.cpuPerEvent ?? Number.NaN, appDb: app.dbCpuPerEvent ?? Number.NaN, ref: ref.cpuPerEvent ?? Number.NaN, refDb: ref.dbCpuPerEvent ?? Number.NaN };
        costs.set(cls.label, cost);
        rows.push({ cls, cost: marginal(cls, cost, costs) });
      }
      printBreakdown(rows);
      return;
    }
    console.log(`\n${EVENTS} signed events per run (20 % duplicates), Postgres ${(await sql`show server_version`)[0]!.server_version}`);
    const empty10 = await round("(empty tables)", 10);
    const empty50 = await round("(empty tables)", 50);

    console.log(`\npre-filling webhook_events and the reference table with ${PREFILL.toLocaleString()} rows …`);
    const t = performance.now();
    for (const table of ["webhook_events", "bench_reference_events"]) {
      await sql.unsafe(`
        insert into ${table} (tenant_id, mode, event_id, type, livemode, api_version, stripe_created, payload, status, attempts, received_at, processed_at)
        select '${tenant.id}', 'test', 'evt_prefill_' || g, 'payment_intent.succeeded', false, '2026-10-28.endive', 1700000000 + g,
               jsonb_build_object('id', 'evt_prefill_' || g, 'object', 'event', 'type', 'payment_intent.succeeded'),
               'processed', 1, now() - make_interval(secs => g), now()
        from generate_series(1, ${PREFILL}) g`);
      await sql.unsafe(`vacuum analyze ${table}`);
    }
    // Writing 2 M rows leaves a checkpoint due; without this it lands inside the next measurement.
    await sql.unsafe(`checkpoint`);
    console.log(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s; warming the new index pages …`);
    await drive("warmup", appUrl, appMix(EVENTS), secret, 50);
    await drive("warmup", refUrl, refMix(EVENTS), secret, 50);
    const full50 = await round("(1 M rows)", 50);

    // A-B-A: the app is still getting faster at this point (JIT), so "empty" is measured again after
    // the 1 M-row round and the 1 M figure is compared with the mean of both empty rounds.
    console.log(`\nemptying the tables again …`);
    await sql.unsafe(`truncate webhook_events, bench_reference_events, ${PROJECTION_TABLES.join(", ")}`);
    await sql.unsafe(`vacuum analyze webhook_events`);
    await sql.unsafe(`checkpoint`);
    const emptyAgain50 = await round("(empty again)", 50);
    const emptyApp = (empty50.app + emptyAgain50.app) / 2;
    const emptyRef = (empty50.ref + emptyAgain50.ref) / 2;

    const change = (a: number, b: number) => `${((b / a - 1) * 100).toFixed(1)} %`;
    console.log(`\nsummary (machine load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores; medians of ${PAIRS} alternating app/reference pairs)`);
    console.log(
      `  mix: ${(100 * empty50.tieShare).toFixed(1)} % of deliveries were same-second ties settled through Stripe (the emulator), ` +
        `${(100 * empty50.generalShare).toFixed(1)} % took the general path (ties, older snapshots, decisions); ${empty50.failed} failed or non-2xx in the measured runs`,
    );
    for (const [n, r] of [[10, empty10], [50, empty50]] as const) {
      console.log(
        `  app at ${n} connections: ${r.app.toFixed(0)} ev/s = ${r.ratio.toFixed(2)} of the reference (${r.ref.toFixed(0)} ev/s)${n === 50 ? " (goal ≥ 0.30)" : ""}, ` +
          `p50 ${r.appP50.toFixed(1)} ms, p99 ${r.appP99.toFixed(0)} ms${n === 50 ? " (goal < 150 ms)" : ""}; reference p50 ${r.refP50.toFixed(1)} ms, p99 ${r.refP99.toFixed(0)} ms`,
      );
    }
    console.log(
      `  CPU per event at 50 connections: app ${empty50.appCpu.toFixed(2)} ms + its Postgres ${empty50.appDbCpu.toFixed(2)} ms + emulator ${empty50.appEmuCpu.toFixed(2)} ms; ` +
        `reference ${empty50.refCpu.toFixed(2)} ms + its Postgres ${empty50.refDbCpu.toFixed(2)} ms + emulator ${empty50.refEmuCpu.toFixed(2)} ms`,
    );
    console.log(
      `  with 1 M rows: app ${full50.app.toFixed(0)} ev/s = ${change(emptyApp, full50.app)} vs empty (mean of the rounds before and after; goal within ±10 %); ` +
        `the reference ${change(emptyRef, full50.ref)}`,
    );

    console.log(`\ntwo app instances on one database …`);
    startApp(APP_PORT + 1, url);
    await waitForHttp(`http://127.0.0.1:${APP_PORT + 1}/api/health`);
    const check = await twoInstanceCheck(sql, { tenantId: tenant.id, secret, ports: [APP_PORT, APP_PORT + 1] });
    console.log(`  ${check}`);
  } finally {
    stopAll();
    await new Promise((r) => setTimeout(r, 500));
    await sql.end({ timeout: 2 });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 2 });
  }
}

main().catch((e: unknown) => {
  stopAll();
  console.error(e);
  process.exit(1);
});
