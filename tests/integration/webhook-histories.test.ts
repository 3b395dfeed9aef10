// @requires-postgres: two app instances (separate pools), 50–1,000 deliveries in flight (see tests/postgres-only.ts).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDb, type Db, type DbHandle } from "@/db/client";
import { createTestTenant, useTestDb } from "../helpers/db";
import { checkEventLog, compareState, deliverEvents, describeDelivery, explainProblems, readState, setupPortal, withTimeout, type DeliveryReport, type StateDiff } from "../helpers/history-db";
import { generateCreditRefundRaces, generateInvoiceTies, generateStripeHistory, historyFetcher, Rand, type Portal, type TableName } from "../helpers/stripe-history";
import { newSecret, setWebhookSecret } from "../helpers/webhooks";

/*
 * Whole Stripe histories (tests/helpers/stripe-history.ts) through the real ingest path, compared
 * with what the history says the projections must end as. Sizes fit ~2 minutes on 2 cores; a
 * bigger run: WEBHOOK_HISTORY_CUSTOMERS=200 WEBHOOK_HISTORY_RACES=500 WEBHOOK_HISTORY_TIES=1000.
 * A failure prints a diff (table key column: expected → actual, and lost/doubled/regressed/wrong
 * counts) and names the seed: WEBHOOK_HISTORY_SEED reproduces it. The fake Stripe answers a deleted
 * product's retrieve with a 404 resource_missing, as the API does;
 * WEBHOOK_HISTORY_DELETED_PRODUCT=object makes it return {id, object: 'product', deleted: true}.
 */

const SEED = Number(process.env.WEBHOOK_HISTORY_SEED ?? 20261128);
/** A deleted product's retrieve: Stripe's 404 (default), or "object" for {id, object, deleted: true}. */
const DELETED_PRODUCT = process.env.WEBHOOK_HISTORY_DELETED_PRODUCT === "object" ? "object" : "throw";
const CUSTOMERS = Number(process.env.WEBHOOK_HISTORY_CUSTOMERS ?? 60);
const RACE_PAYMENTS = Number(process.env.WEBHOOK_HISTORY_RACES ?? 200);
const TIE_INVOICES = Number(process.env.WEBHOOK_HISTORY_TIES ?? 500);
/** Per-test time limit: room for ~2× the unloaded run time, scaled with the sizes. */
const LIMIT_MS = 180_000 * Math.max(1, CUSTOMERS / 60, RACE_PAYMENTS / 200, TIE_INVOICES / 500);
/** Portal members among the customers (the rest are Stripe customers without a portal account). */
const MEMBERS = Math.round(CUSTOMERS / 3);
/** "keeps answering within a couple of seconds". */
const HEALTHY_MS = Number(process.env.WEBHOOK_HISTORY_HEALTH_MS ?? 2_000);

let db: Db;
let dbHandle: DbHandle;
const secret = newSecret();
const extraHandles: DbHandle[] = [];

beforeAll(async () => {
  dbHandle = await useTestDb();
  db = dbHandle.db;
});
afterAll(async () => {
  await Promise.all(extraHandles.map((h) => h.close()));
});

async function secondInstance(): Promise<DbHandle> {
  const url = inject("databaseUrl");
  if (!url) throw new Error("this file needs Postgres (see tests/postgres-only.ts)");
  const handle = await openDb({ url });
  extraHandles.push(handle);
  return handle;
}

async function freshTenant(label: string, members = MEMBERS, referred = Math.round(MEMBERS * 0.4)): Promise<{ tenantId: string; portal: Portal }> {
  const t = await createTestTenant(db, label);
  await setWebhookSecret(db, { tenantId: t.tenant.id, mode: "test", secret });
  const portal = await setupPortal(db, { tenantId: t.tenant.id, referrerUserId: t.member.id, members, referred });
  return { tenantId: t.tenant.id, portal };
}

/**
 * One failure that says everything that went wrong: deliveries never accepted, projections that
 * differ from the history, the event log, and anything else (`also`).
 */
function expectClean(what: string, parts: { delivery?: DeliveryReport | DeliveryReport[]; state?: StateDiff; log?: StateDiff; also?: string[] }) {
  const reports = parts.delivery ? [parts.delivery].flat() : [];
  const gaveUp = reports.flatMap((r) => r.gaveUp);
  const sections: string[] = [];
  if (gaveUp.length) {
    const samples = reports.flatMap((r) => r.samples).slice(0, 5);
    sections.push(`DELIVERY: ${gaveUp.length} events never answered 2xx (e.g. ${gaveUp.slice(0, 3).join("; ")})\n  ${samples.join("\n  ")}`);
  }
  if (parts.state?.problems.length) sections.push(`PROJECTIONS: ${parts.state.render()}`);
  if (parts.log?.problems.length) sections.push(`EVENT LOG: ${parts.log.render()}`);
  sections.push(...(parts.also ?? []));
  if (sections.length) expect.fail(`${what} (seed ${SEED}):\n${sections.join("\n")}`);
}

function logLine(text: string) {
  console.log(`[webhook-histories] ${text}`);
}

/** Deliveries = the events shuffled, plus `share` of them again at random places. */
function shuffledWithDuplicates<T>(items: readonly T[], random: Rand, share: number): T[] {
  const out = random.shuffle(items);
  const extra = Math.round(items.length * share);
  for (let i = 0; i < extra; i++) out.splice(random.int(0, out.length), 0, random.pick(items));
  return out;
}

describe(`a tenant's Stripe history (${CUSTOMERS} customers, seed ${SEED})`, () => {
  it("delivered in Stripe's order ends exactly as the history says", async () => {
    const { tenantId, portal } = await freshTenant("hist-order");
    const history = generateStripeHistory({ seed: SEED, customers: CUSTOMERS, portal });
    const s = history.stats;
    logLine(`generator: ${s.events} events, ${s.tieGroups} tie groups (${s.tieEvents} events, largest ${s.largestTieGroup}), ${s.customers} customers, ${portal.members.length} portal members`);
    const fetchLatest = historyFetcher(history.latest, { deletedProduct: DELETED_PRODUCT });
    const report = await deliverEvents({ instances: [db], tenantId, secret, events: history.events, concurrency: 1, fetchLatest });
    logLine(`in order: ${describeDelivery(report)}; ${fetchLatest.calls} retrieves ${JSON.stringify(fetchLatest.byKind)}`);
    const state = compareState(history.expected, await readState(db, tenantId));
    expectClean("in Stripe's order", {
      delivery: report,
      state,
      log: await checkEventLog(db, tenantId, history.events),
      also: state.problems.length ? [await explainProblems(db, tenantId, state)] : [],
    });
  }, LIMIT_MS);

  it("delivered shuffled ends the same", async () => {
    const { tenantId, portal } = await freshTenant("hist-shuffle");
    const history = generateStripeHistory({ seed: SEED, customers: CUSTOMERS, portal });
    const order = new Rand(SEED + 1).shuffle(history.events);
    const fetchLatest = historyFetcher(history.latest, { deletedProduct: DELETED_PRODUCT });
    const report = await deliverEvents({ instances: [db], tenantId, secret, events: order, concurrency: 1, fetchLatest });
    logLine(`shuffled: ${describeDelivery(report)}; ${fetchLatest.calls} retrieves`);
    const state = compareState(history.expected, await readState(db, tenantId));
    expectClean("shuffled", {
      delivery: report,
      state,
      log: await checkEventLog(db, tenantId, history.events),
      also: state.problems.length ? [await explainProblems(db, tenantId, state)] : [],
    });
  }, LIMIT_MS);

  it("in Stripe's order but every same-second group reversed (Stripe does not order within a second) ends the same", async () => {
    const { tenantId, portal } = await freshTenant("hist-ties-rev");
    const history = generateStripeHistory({ seed: SEED, customers: CUSTOMERS, portal });
    const position = new Map(history.events.map((e, i) => [e.id, i]));
    const order = [...history.events].sort((a, b) => a.created - b.created || position.get(b.id)! - position.get(a.id)!);
    const fetchLatest = historyFetcher(history.latest, { deletedProduct: DELETED_PRODUCT });
    const report = await deliverEvents({ instances: [db], tenantId, secret, events: order, concurrency: 1, fetchLatest });
    logLine(`same-second groups reversed: ${describeDelivery(report)}; ${fetchLatest.calls} retrieves`);
    const state = compareState(history.expected, await readState(db, tenantId));
    expectClean("same-second groups reversed", {
      delivery: report,
      state,
      log: await checkEventLog(db, tenantId, history.events),
      also: state.problems.length ? [await explainProblems(db, tenantId, state)] : [],
    });
  }, LIMIT_MS);

  it("shuffled, 20 % duplicated, 50 in flight over two app instances, non-2xx re-sent: same end, every event stored once", async () => {
    const { tenantId, portal } = await freshTenant("hist-twin");
    const other = await secondInstance();
    const history = generateStripeHistory({ seed: SEED, customers: CUSTOMERS, portal });
    const deliveries = shuffledWithDuplicates(history.events, new Rand(SEED + 2), 0.2);
    const fetchLatest = historyFetcher(history.latest, { deletedProduct: DELETED_PRODUCT });
    const report = await deliverEvents({ instances: [dbHandle, other], tenantId, secret, events: deliveries, concurrency: 50, fetchLatest, retryDelayMs: 20 });
    logLine(`two instances: ${describeDelivery(report)}; ${fetchLatest.calls} retrieves`);
    const state = compareState(history.expected, await readState(db, tenantId));
    expectClean("two instances, 50 in flight", {
      delivery: report,
      state,
      log: await checkEventLog(db, tenantId, history.events),
      also: state.problems.length ? [await explainProblems(db, tenantId, state)] : [],
    });
  }, LIMIT_MS);
});

describe("credit-package payments and their refunds arriving at the same moment", () => {
  it(`${RACE_PAYMENTS} payments, each delivered with all its refund events at once: every clawback is there`, async () => {
    const { tenantId, portal } = await freshTenant("hist-races", 60, 25);
    const history = generateCreditRefundRaces({ seed: SEED + 4, portal, payments: RACE_PAYMENTS });
    const fetchLatest = historyFetcher(history.latest, { deletedProduct: DELETED_PRODUCT });
    const grouped = new Set(history.groups.flat().map((e) => e.id));
    const setup = await deliverEvents({ instances: [db], tenantId, secret, events: history.events.filter((e) => !grouped.has(e.id)), concurrency: 1, fetchLatest });
    const started = Date.now();
    const reports = [];
    // 25 payments at a time; each payment's events (payment_intent.*, refund.*, charge.refunded) all at once.
    for (let i = 0; i < history.groups.length; i += 25) {
      const batch = history.groups.slice(i, i + 25);
      reports.push(...(await Promise.all(batch.map((events) => deliverEvents({ instances: [db], tenantId, secret, events, concurrency: events.length, fetchLatest, retryDelayMs: 20 })))));
    }
    const refused = reports.reduce((n, r) => n + Object.values(r.refused).reduce((a, b) => a + b, 0), 0);
    const events = reports.reduce((n, r) => n + r.deliveries, 0);
    const groupSizes = history.groups.map((g) => g.length);
    logLine(`races: ${history.groups.length} payments, ${events} events (${Math.min(...groupSizes)}–${Math.max(...groupSizes)} per payment) in ${Date.now() - started} ms, ${refused} refusals re-sent, ${fetchLatest.calls} retrieves`);
    const tables: TableName[] = ["credit_ledger", "credit_balances", "refunds", "payments"];
    const state = compareState(history.expected, await readState(db, tenantId, tables), tables);
    expectClean("payment + refunds at once", {
      delivery: [setup, ...reports],
      state,
      log: await checkEventLog(db, tenantId, history.events),
      also: state.problems.length ? [await explainProblems(db, tenantId, state)] : [],
    });
  }, LIMIT_MS);
});

describe("same-second ties under load", () => {
  it(`${TIE_INVOICES * 2} same-second ties in flight on a pool of 10 (20 ms per Stripe retrieve): no hang, select 1 keeps answering`, async () => {
    const app = await secondInstance(); // a pool of its own, default size (10)
    const t = await createTestTenant(db, "hist-ties");
    const tenantId = t.tenant.id;
    await setWebhookSecret(db, { tenantId, mode: "test", secret });
    const history = generateInvoiceTies({ seed: SEED + 5, count: TIE_INVOICES });
    const fetchLatest = historyFetcher(history.latest, { delayMs: 20, deletedProduct: DELETED_PRODUCT });
    const before = await deliverEvents({ instances: [app.db], tenantId, secret, events: history.before, concurrency: 10, fetchLatest });

    let running = true;
    const latencies: number[] = [];
    const health = (async () => {
      while (running) {
        const started = Date.now();
        await app.db.execute(sql`select 1`);
        latencies.push(Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const started = Date.now();
    let report;
    try {
      report = await withTimeout(
        deliverEvents({ instances: [app], tenantId, secret, events: history.pairs, concurrency: history.pairs.length, fetchLatest, retryDelayMs: 50 }),
        90_000,
        `${history.pairs.length} tied deliveries`,
      );
    } finally {
      running = false;
    }
    await withTimeout(health, 30_000, "the last health probe");
    const worst = Math.max(...latencies);
    logLine(`ties: ${describeDelivery(report)}; ${fetchLatest.calls} retrieves; wall ${Date.now() - started} ms; select 1: ${latencies.length} probes, worst ${worst} ms, median ${[...latencies].sort((a, b) => a - b)[latencies.length >> 1]} ms`);
    const tables: TableName[] = ["invoices", "billing_notices"];
    expectClean(`${history.pairs.length} ties`, {
      delivery: [before, report],
      state: compareState(history.expected, await readState(db, tenantId, tables), tables),
      log: await checkEventLog(db, tenantId, history.events),
      also: worst < HEALTHY_MS ? [] : [`HEALTH: select 1 on the same pool took up to ${worst} ms (limit ${HEALTHY_MS} ms) while the ties were processed; probes: ${latencies.join(", ")} ms`],
    });
  }, LIMIT_MS);
});
