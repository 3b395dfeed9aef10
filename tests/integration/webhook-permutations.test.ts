// @requires-postgres: concurrent transactions over several connections (see tests/postgres-only.ts).
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { createTestTenant, useTestDb } from "../helpers/db";
import { subscriptionState } from "../helpers/projection-snapshot";
import { mulberry32 } from "../helpers/stripe-history";
import { subscriptionLifecycle } from "../helpers/subscription-lifecycle";
import { fixedFetcher, makeEvent, newSecret, setWebhookSecret, signedRequest, subscriptionObject } from "../helpers/webhooks";

const PERMUTATIONS = 1_000;
const PARALLEL = 10;
const SEED = Number(process.env.WEBHOOK_PERMUTATION_SEED ?? 20261122);

let db: Db;
let tenantId: string;
const secret = newSecret();

beforeAll(async () => {
  db = (await useTestDb()).db;
  tenantId = (await createTestTenant(db, "perm")).tenant.id;
  await setWebhookSecret(db, { tenantId, mode: "test", secret });
});

/** mulberry32 (tests/helpers/stripe-history.ts): reproducible runs; a failure names its seed. */
const rng = mulberry32;

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const inOrder = (life: ReturnType<typeof subscriptionLifecycle>) => life.events.map((_, i) => i);

async function run(life: ReturnType<typeof subscriptionLifecycle>, order: number[]) {
  const fetchLatest = fixedFetcher(life.current);
  for (const i of order) {
    const payload = JSON.stringify(life.events[i]);
    const res = await handleStripeWebhook(db, signedRequest({ tenantId, mode: "test" }, payload, secret), { tenantId, mode: "test" }, { fetchLatest });
    if (res.status !== 200) throw new Error(`event ${i} answered ${res.status}`);
  }
  return fetchLatest.calls;
}

/** The state with this run's ids taken out, so runs of different subscriptions compare. */
async function normalisedState(key: string) {
  const state = await subscriptionState(db, { tenantId, subscriptionId: `sub_${key}` });
  return JSON.parse(JSON.stringify(state).replaceAll(key, "KEY")) as unknown;
}

describe("a subscription lifecycle in any order", () => {
  it(`${PERMUTATIONS} random permutations, with same-second ties, end exactly like in-order processing (seed ${SEED})`, async () => {
    const random = rng(SEED);
    const t0 = Math.floor(Date.now() / 1000) - 10_000;
    // In-order references: one with ties, one with distinct seconds. Both must agree.
    const refTies = subscriptionLifecycle("ref_ties", [t0, t0, t0 + 1, t0 + 1, t0 + 1]);
    const refDistinct = subscriptionLifecycle("ref_distinct", [t0, t0 + 1, t0 + 2, t0 + 3, t0 + 4]);
    await run(refTies, inOrder(refTies));
    await run(refDistinct, inOrder(refDistinct));
    const reference = await normalisedState("ref_ties");
    expect(await normalisedState("ref_distinct")).toEqual(reference);
    expect(reference).toMatchObject({ sub: { status: "canceled" }, invoices: [{ status: "paid", amountPaid: 1500, pi: "pi_KEY" }] });

    let ties = 0;
    let next = 0;
    const failures: string[] = [];
    async function worker() {
      while (next < PERMUTATIONS) {
        const n = next++;
        // Non-decreasing timestamps with random equal neighbours (same-second ties).
        const created: number[] = [];
        for (let i = 0; i < 5; i++) created.push((created[i - 1] ?? t0) + (i === 0 ? 0 : random() < 0.5 ? 0 : 1));
        const key = `p${n}`;
        const life = subscriptionLifecycle(key, created);
        const order = shuffle(inOrder(life), random);
        ties += await run(life, order);
        runs.push({ key, describe: `${key} order=${order} created=${created.map((c) => c - t0)}` });
      }
    }
    const runs: { key: string; describe: string }[] = [];
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    const states = await Promise.all(runs.map((r) => normalisedState(r.key)));
    runs.forEach((r, i) => {
      if (JSON.stringify(states[i]) !== JSON.stringify(reference)) failures.push(r.describe);
    });
    expect(failures).toEqual([]);
    // The generator really produced same-second ties that had to be settled by a retrieve.
    expect(ties).toBeGreaterThan(20);
  }, 120_000);

  it("a deleted subscription never comes back, even for a later 'active' update", async () => {
    const t0 = Math.floor(Date.now() / 1000) - 5_000;
    const life = subscriptionLifecycle("zombie", [t0, t0 + 1, t0 + 2, t0 + 3, t0 + 4]);
    await run(life, inOrder(life));
    const revive = makeEvent("customer.subscription.updated", subscriptionObject({ id: life.subId, customer: "cus_zombie", status: "active", start: 1, end: 2 }), { created: t0 + 60 });
    const res = await handleStripeWebhook(db, signedRequest({ tenantId, mode: "test" }, JSON.stringify(revive), secret), { tenantId, mode: "test" }, { fetchLatest: fixedFetcher(life.current) });
    expect(res.status).toBe(200);
    expect((await subscriptionState(db, { tenantId, subscriptionId: life.subId })).sub?.status).toBe("canceled");
  });
});
