import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { createTestTenant } from "../helpers/db";
import { checkEventLog, compareState, deliverEvents, describeDelivery, readState, setupPortal, withTimeout, type DeliveryReport, type StateDiff } from "../helpers/history-db";
import { generateStripeHistory, historyFetcher, Rand } from "../helpers/stripe-history";
import { newSecret, setWebhookSecret } from "../helpers/webhooks";

/*
 * The history of tests/integration/webhook-histories.test.ts on the embedded database: in-memory
 * PGlite, ONE connection, with its same-second ties. It must finish (every delivery is bounded: a
 * hang fails instead of freezing the suite). Smaller than the Postgres run: PGlite is slower.
 * WEBHOOK_PGLITE_CUSTOMERS=60 for the full size.
 */

const SEED = Number(process.env.WEBHOOK_HISTORY_SEED ?? 20261128);
/** A deleted product's retrieve: Stripe's 404 (default), or "object" for {id, object, deleted: true}. */
const DELETED_PRODUCT = process.env.WEBHOOK_HISTORY_DELETED_PRODUCT === "object" ? "object" : "throw";
const CUSTOMERS = Number(process.env.WEBHOOK_PGLITE_CUSTOMERS ?? 25);
/** Every delivery run is bounded (a hang fails); scaled with the size. */
const LIMIT_MS = 100_000 * Math.max(1, CUSTOMERS / 25);

let handle: DbHandle;
const secret = newSecret();

beforeAll(async () => {
  handle = await openDb({ dir: "memory://" });
  await migrate(handle);
}, 60_000);
afterAll(async () => {
  await handle?.close();
});

async function freshTenant(label: string) {
  const t = await createTestTenant(handle.db, label);
  await setWebhookSecret(handle.db, { tenantId: t.tenant.id, mode: "test", secret });
  const members = Math.round(CUSTOMERS / 3);
  const portal = await setupPortal(handle.db, { tenantId: t.tenant.id, referrerUserId: t.member.id, members, referred: Math.round(members * 0.4) });
  return { tenantId: t.tenant.id, portal };
}

function expectClean(what: string, parts: { delivery: DeliveryReport; state?: StateDiff; log?: StateDiff }) {
  const sections: string[] = [];
  if (parts.delivery.gaveUp.length) sections.push(`DELIVERY: ${describeDelivery(parts.delivery)}`);
  if (parts.state?.problems.length) sections.push(`PROJECTIONS: ${parts.state.render()}`);
  if (parts.log?.problems.length) sections.push(`EVENT LOG: ${parts.log.render()}`);
  if (sections.length) expect.fail(`${what} (seed ${SEED}):\n${sections.join("\n")}`);
}

describe(`a tenant's Stripe history on in-memory PGlite (${CUSTOMERS} customers, seed ${SEED})`, () => {
  it("in Stripe's order, one delivery at a time: finishes and ends as the history says", async () => {
    const { tenantId, portal } = await freshTenant("pglite-order");
    const history = generateStripeHistory({ seed: SEED, customers: CUSTOMERS, portal });
    const fetchLatest = historyFetcher(history.latest, { deletedProduct: DELETED_PRODUCT });
    const report = await withTimeout(
      deliverEvents({ instances: [handle.db], tenantId, secret, events: history.events, concurrency: 1, fetchLatest }),
      LIMIT_MS,
      `${history.events.length} deliveries on PGlite`,
    );
    console.log(`[webhook-ties-pglite] ${history.stats.events} events, ${history.stats.tieGroups} tie groups; in order: ${describeDelivery(report)}; ${fetchLatest.calls} retrieves`);
    expectClean("PGlite, in order", {
      delivery: report,
      state: compareState(history.expected, await readState(handle.db, tenantId)),
      log: await checkEventLog(handle.db, tenantId, history.events),
    });
  }, LIMIT_MS + 20_000);

  it("shuffled, 10 in flight on the one connection, ties included: finishes, every event stored once", async () => {
    const { tenantId, portal } = await freshTenant("pglite-shuffle");
    const history = generateStripeHistory({ seed: SEED, customers: CUSTOMERS, portal });
    const fetchLatest = historyFetcher(history.latest, { delayMs: 5, deletedProduct: DELETED_PRODUCT });
    const report = await withTimeout(
      deliverEvents({ instances: [handle.db], tenantId, secret, events: new Rand(SEED + 1).shuffle(history.events), concurrency: 10, fetchLatest, retryDelayMs: 10 }),
      LIMIT_MS,
      `${history.events.length} concurrent deliveries on PGlite`,
    );
    const state = compareState(history.expected, await readState(handle.db, tenantId));
    console.log(`[webhook-ties-pglite] shuffled, 10 in flight: ${describeDelivery(report)}; ${fetchLatest.calls} retrieves; projections: ${state.render().split("\n")[0]}`);
    expectClean("PGlite, shuffled, 10 in flight", { delivery: report, state, log: await checkEventLog(handle.db, tenantId, history.events) });
  }, LIMIT_MS + 20_000);
});
