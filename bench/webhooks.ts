// npm run bench:webhooks — webhook ingestion throughput of the production server against a bare
// node:http + postgres.js reference (bench/reference-server.ts) on the same Postgres database,
// at 10 and 50 connections, then again with the event tables pre-filled to 1 M rows and once more
// emptied, plus a two-instance consistency check. Creates its own database and drops it afterwards.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { drive, waitForHttp, type LoadResult } from "./load";
import { eventMix } from "./event-mix";
import { twoInstanceCheck } from "./two-instances";

const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const EVENTS = Number(process.env.BENCH_EVENTS ?? 3000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
// Next.js keeps getting faster for the first ~20,000 requests (JIT, heap sizing); the reference within a few hundred.
const WARMUP = Number(process.env.BENCH_WARMUP_EVENTS ?? 20_000);
const PREFILL = Number(process.env.BENCH_PREFILL_ROWS ?? 1_000_000);
const APP_PORT = Number(process.env.BENCH_PORT ?? 3300);
const REF_PORT = APP_PORT + 10;
const DIST = process.env.BENCH_DIST_DIR ?? ".next-bench";
const KEY = Buffer.alloc(32, 9).toString("base64");
const root = path.resolve(__dirname, "..");
const PROJECTION_TABLES = ["payments", "refunds", "invoices", "subscriptions", "subscription_items", "stripe_customers", "payment_methods", "billing_notices"];
const children: ChildProcess[] = [];

function dbUrl(name: string) {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

function ensureBuild() {
  const buildId = path.join(root, DIST, "BUILD_ID");
  if (existsSync(buildId) && !process.env.BENCH_REBUILD) {
    console.log(`using the existing production build in ${DIST} (${statSync(buildId).mtime.toISOString()}); BENCH_REBUILD=1 rebuilds`);
    return;
  }
  console.log(`building into ${DIST} …`);
  // next build may add its types folder to tsconfig.json: keep the shared file as it was.
  const tsconfig = readFileSync(path.join(root, "tsconfig.json"), "utf8");
  const r = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" } });
  writeFileSync(path.join(root, "tsconfig.json"), tsconfig);
  if (r.status !== 0) throw new Error("next build failed");
}

function start(cmd: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  return child;
}

/**
 * The production server exactly as `npm start` runs it (package.json's script, with its Node flags),
 * but as a direct child so that its CPU time can be read.
 */
function startApp(port: number, url: string) {
  const script = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = script.split(" ");
  if (command !== "node") throw new Error(`bench: expected package.json's start script to run node, found: ${script}`);
  return start(process.execPath, [...args, "-p", String(port)], {
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: url,
    APP_URL: `http://localhost:${port}`,
    AUTH_SECRET: "bench-auth-secret-not-for-production-0000",
    AUTH_TRUST_HOST: "true",
    APP_ENCRYPTION_KEY: KEY,
    LOG_LEVEL: "error",
  });
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

type Measured = LoadResult & { cpuPerEvent: number | null };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const fmt = (r: LoadResult) =>
  `${r.label.padEnd(34)} ${String(r.connections).padStart(4)} conn  ${r.perSecond.toFixed(0).padStart(6)} ev/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms${r.non2xx ? `  non-2xx ${r.non2xx}` : ""}`;

async function main() {
  process.env.APP_ENCRYPTION_KEY = KEY;
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
    const { newSecret, setWebhookSecret } = await import("@/tests/helpers/webhooks");
    const handle = await openDb({ url });
    await migrate(handle);
    const tenant = await createTenant(handle.db, { slug: "bench", name: "Bench" });
    const secret = newSecret();
    await setWebhookSecret(handle.db, { tenantId: tenant.id, mode: "test", secret });
    await handle.close();
    await sql.unsafe(`create table bench_reference_events (like webhook_events including all)`);

    const appProcess = startApp(APP_PORT, url);
    const refProcess = start(process.execPath, ["--import", "tsx", "bench/reference-server.ts"], { PORT: String(REF_PORT), DATABASE_URL: url, BENCH_SECRET: secret, BENCH_TENANT_ID: tenant.id });
    const appUrl = `http://127.0.0.1:${APP_PORT}/api/webhooks/stripe/${tenant.id}/test`;
    const refUrl = `http://127.0.0.1:${REF_PORT}/`;
    await waitForHttp(`http://127.0.0.1:${APP_PORT}/api/health`);
    await waitForHttp(refUrl);

    // CPU time per event of each server process: unlike events/s, barely affected by whatever
    // else the machine is running.
    const measured = async (label: string, url: string, pid: number | undefined, connections: number): Promise<Measured> => {
      const before = cpuMs(pid);
      const r = await drive(label, url, eventMix(EVENTS), secret, connections);
      const after = cpuMs(pid);
      return { ...r, cpuPerEvent: before !== null && after !== null ? (after - before) / r.events : null };
    };
    // App and reference take turns, PAIRS times: neighbours in time see the same machine, so the
    // ratio of each pair is fair even when the machine's speed drifts; the median pair is reported.
    const round = async (tag: string, connections: number) => {
      const pairs: { app: Measured; ref: Measured }[] = [];
      for (let i = 0; i < PAIRS; i++) {
        const app = await measured(`app ${tag}`, appUrl, appProcess.pid, connections);
        const ref = await measured(`reference ${tag}`, refUrl, refProcess.pid, connections);
        pairs.push({ app, ref });
        console.log(`${fmt(app)}  cpu ${app.cpuPerEvent?.toFixed(2) ?? "?"} ms/ev`);
        console.log(`${fmt(ref)}  cpu ${ref.cpuPerEvent?.toFixed(2) ?? "?"} ms/ev   ratio ${(app.perSecond / ref.perSecond).toFixed(2)}`);
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
      };
      console.log(
        `  median of ${PAIRS}: app ${summary.app.toFixed(0)} ev/s (p99 ${summary.appP99.toFixed(0)} ms, ${summary.appCpu.toFixed(2)} ms CPU/ev), ` +
          `reference ${summary.ref.toFixed(0)} ev/s (${summary.refCpu.toFixed(2)} ms CPU/ev), ratio ${summary.ratio.toFixed(2)}`,
      );
      return summary;
    };
    console.log(`warming up both servers (${WARMUP} events each) … (machine load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`);
    await drive("warmup", appUrl, eventMix(WARMUP), secret, 50);
    await drive("warmup", refUrl, eventMix(WARMUP), secret, 50);
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
    await drive("warmup", appUrl, eventMix(EVENTS), secret, 50);
    await drive("warmup", refUrl, eventMix(EVENTS), secret, 50);
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
    console.log(`  app at 10 connections: ${empty10.app.toFixed(0)} ev/s = ${empty10.ratio.toFixed(2)} of the reference, p99 ${empty10.appP99.toFixed(0)} ms`);
    console.log(`  app at 50 connections: ${empty50.app.toFixed(0)} ev/s = ${empty50.ratio.toFixed(2)} of the reference (goal ≥ 0.30), p99 ${empty50.appP99.toFixed(0)} ms (goal < 150 ms)`);
    console.log(`  CPU per event at 50 connections: app ${empty50.appCpu.toFixed(2)} ms, reference ${empty50.refCpu.toFixed(2)} ms`);
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
    for (const c of children) c.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await sql.end({ timeout: 2 });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 2 });
  }
}

main().catch((e: unknown) => {
  for (const c of children) c.kill("SIGTERM");
  console.error(e);
  process.exit(1);
});
