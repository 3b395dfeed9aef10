// @requires-postgres: server-side timeouts, several connections and pg_terminate_backend (see tests/postgres-only.ts).
import { execFileSync } from "node:child_process";
import { and, eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, it, inject, vi } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/[tenantId]/[mode]/route";
import { openDb, planCacheModeFromEnv, poolConfigFromEnv, rowsOf, type Db, type DbHandle } from "@/db/client";
import { subscriptions, webhookEvents } from "@/db/schema";
import { createTestTenant, useTestDb } from "../helpers/db";
import { makeEvent, newSecret, setWebhookSecret, signedRequest, subscriptionObject } from "../helpers/webhooks";

let base: DbHandle;
let db: Db;
let url: string;
let tenantId: string;
const secret = newSecret();
const g = globalThis as { __memberpulseDb?: Promise<DbHandle> };

beforeAll(async () => {
  base = await useTestDb();
  db = base.db;
  url = inject("databaseUrl");
  tenantId = (await createTestTenant(db, "faults")).tenant.id;
  await setWebhookSecret(db, { tenantId, mode: "test", secret });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The SQLSTATE or driver code of an error, looking through Drizzle's wrapper. */
function codeOf(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 5000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms (hang)`)), ms))),
  ]);
}

function deliver(event: object): Promise<Response> {
  return POST(signedRequest({ tenantId, mode: "test" }, JSON.stringify(event), secret), { params: Promise.resolve({ tenantId, mode: "test" }) });
}

describe("pool configuration", () => {
  it("comes from the environment, with defaults, and refuses values that are not whole numbers", () => {
    expect(poolConfigFromEnv({})).toEqual({ poolSize: 10, statementTimeoutMs: 30_000, idleInTransactionTimeoutMs: 15_000, connectTimeoutMs: 10_000 });
    expect(poolConfigFromEnv({ DATABASE_POOL_SIZE: "4", DATABASE_STATEMENT_TIMEOUT_MS: "0", DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: " 500 " })).toMatchObject({
      poolSize: 4,
      statementTimeoutMs: 0,
      idleInTransactionTimeoutMs: 500,
    });
    expect(() => poolConfigFromEnv({ DATABASE_STATEMENT_TIMEOUT_MS: "30s" })).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS must be a whole number/);
    expect(() => poolConfigFromEnv({ DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE must be a whole number of at least 1/);
  });

  it("plans each execution unless DATABASE_PLAN_CACHE_MODE names another of Postgres' modes", () => {
    expect(planCacheModeFromEnv({})).toBe("force_custom_plan");
    expect(planCacheModeFromEnv({ DATABASE_PLAN_CACHE_MODE: " auto " })).toBe("auto");
    expect(() => planCacheModeFromEnv({ DATABASE_PLAN_CACHE_MODE: "generic" })).toThrow(/DATABASE_PLAN_CACHE_MODE must be one of force_custom_plan, auto, force_generic_plan/);
  });

  it("postgres.js is patched against the null-socket fault (scripts/patch-postgres.mjs, run by npm install)", () => {
    expect(execFileSync(process.execPath, ["scripts/patch-postgres.mjs", "--check"], { encoding: "utf8" })).toContain("is patched");
  });
});

describe("prepared statements", () => {
  // postgres.js describes every unprepared parametrised query before running it (two round trips
  // and a parse each time); db/client.ts has Drizzle's queries prepared once per connection.
  const preparedLike = (h: DbHandle, marker: string) =>
    h.db.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`);

  it("a Drizzle query is prepared on its connection and reused, outside and inside a transaction", async () => {
    const h = await openDb({ url, pool: { poolSize: 1 } });
    try {
      const byId = (d: Db) => d.select({ id: webhookEvents.id }).from(webhookEvents).where(eq(webhookEvents.eventId, "evt_prepared_check"));
      await byId(h.db);
      await byId(h.db);
      expect(rowsOf<{ n: number }>(await preparedLike(h, "evt_prepared_check"))).toEqual([{ n: 0 }]); // a parameter, not text
      const counted = await h.db.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like '%"webhook_events"."event_id" = $1%'`);
      expect(rowsOf<{ n: number }>(counted)).toEqual([{ n: 1 }]); // once, though run twice
      await h.db.transaction(async (tx) => {
        await tx.select({ id: subscriptions.id }).from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, "sub_prepared_check"));
      });
      const inTx = await h.db.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like '%"subscriptions"."stripe_subscription_id" = $1%'`);
      expect(rowsOf<{ n: number }>(inTx)).toEqual([{ n: 1 }]);
    } finally {
      await h.close();
    }
  });
});

describe("server-side timeouts", () => {
  it("every pooled session has them (and keeps plan_cache_mode)", async () => {
    const [s] = rowsOf<Record<string, string>>(
      await db.execute(sql`select current_setting('statement_timeout') as st, current_setting('idle_in_transaction_session_timeout') as idle, current_setting('plan_cache_mode') as pcm`),
    );
    expect(s).toEqual({ st: "30s", idle: "15s", pcm: "force_custom_plan" });
  });

  it("a statement longer than statement_timeout is cancelled, and the connection stays usable", async () => {
    const h = await openDb({ url, pool: { statementTimeoutMs: 200, poolSize: 1 } });
    try {
      const t0 = Date.now();
      const error = await h.db.execute(sql`select pg_sleep(5)`).then(() => null, (e: unknown) => e);
      expect(codeOf(error)).toBe("57014"); // query_canceled: canceling statement due to statement timeout
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(rowsOf(await h.db.execute(sql`select 1 as one`))).toEqual([{ one: 1 }]);
    } finally {
      await h.close();
    }
  });

  it("a transaction left idle is ended by idle_in_transaction_session_timeout; its later statements fail instead of running outside it", async () => {
    await db.execute(sql`create table if not exists test_idle_tx (k text primary key)`);
    const h = await openDb({ url, pool: { idleInTransactionTimeoutMs: 300, poolSize: 1 } });
    try {
      let laterStatement: unknown = "not run";
      let callbackDone = false;
      const tx = h.db
        .transaction(async (t) => {
          try {
            await t.execute(sql`insert into test_idle_tx values ('before')`);
            await sleep(1200); // idle inside the transaction: the server ends the session after 300 ms
            laterStatement = await t.execute(sql`insert into test_idle_tx values ('after')`).then(() => "ran", (e: unknown) => e);
          } finally {
            callbackDone = true;
          }
        })
        .then(() => null, (e: unknown) => e);
      // Meanwhile the pool's only connection reconnects for someone else: the late statement above
      // must not run in that session (it would commit on its own, outside the dead transaction).
      await sleep(700);
      expect(rowsOf(await h.db.execute(sql`select 1 as one`))).toEqual([{ one: 1 }]);
      const error = await within(5000, tx, "the ended transaction");
      expect(error).toBeInstanceOf(Error);
      await waitFor("the transaction callback to finish", async () => callbackDone);
      expect(laterStatement).toBeInstanceOf(Error);
      expect(codeOf(laterStatement)).toBe("CONNECTION_CLOSED");
      expect(rowsOf(await db.execute(sql`select k from test_idle_tx`))).toEqual([]);
      // The pool still works, with no session left idle in a transaction.
      expect(rowsOf(await h.db.execute(sql`select 2 as two`))).toEqual([{ two: 2 }]);
      const idle = rowsOf(await db.execute(sql`select pid from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`));
      expect(idle).toEqual([]);
    } finally {
      await h.close();
      await db.execute(sql`drop table if exists test_idle_tx`);
    }
  });
});

describe("admission gate", () => {
  it("with a pool of 1 held busy, a delivery answers 503 (JSON, Retry-After) within the gate deadline", async () => {
    const savedTimeout = process.env.WEBHOOK_ADMISSION_TIMEOUT_MS;
    process.env.WEBHOOK_ADMISSION_TIMEOUT_MS = "300";
    const one = await openDb({ url, pool: { poolSize: 1 } });
    const savedDb = g.__memberpulseDb;
    g.__memberpulseDb = Promise.resolve(one);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    // Another connection (not the pool of 1) locks the event table against writes, so that the first
    // delivery waits for it while holding the pool's only connection.
    const holder = db
      .transaction(async (tx) => {
        await tx.execute(sql`lock table webhook_events in exclusive mode`);
        locked();
        await released;
      })
      .catch((e: unknown) => e);
    try {
      await isLocked;
      const first = makeEvent("customer.subscription.created", subscriptionObject({ id: "sub_gate_1", customer: "cus_gate_1", status: "active", start: 1, end: 2 }));
      const second = makeEvent("customer.subscription.created", subscriptionObject({ id: "sub_gate_2", customer: "cus_gate_2", status: "active", start: 1, end: 2 }));
      const a = deliver(first);
      await waitFor("the first delivery to wait on the lock", async () =>
        rowsOf(await db.execute(sql`select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).length === 1,
      );
      const t0 = Date.now();
      const b = await deliver(second);
      const elapsed = Date.now() - t0;
      expect(b.status).toBe(503);
      expect(b.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await b.json()).toEqual({ error: { code: "unavailable", message: expect.any(String) } });
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(1500);
      release();
      expect((await within(10_000, a, "the first delivery")).status).toBe(200);
      // Once the pool is free again, Stripe's retry goes through.
      expect((await deliver(second)).status).toBe(200);
    } finally {
      release();
      await holder;
      g.__memberpulseDb = savedDb;
      if (savedTimeout === undefined) delete process.env.WEBHOOK_ADMISSION_TIMEOUT_MS;
      else process.env.WEBHOOK_ADMISSION_TIMEOUT_MS = savedTimeout;
      await one.close();
    }
  });

  it("a database that cannot be opened answers 503, logged without the error's SQL values", async () => {
    const savedDb = g.__memberpulseDb;
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    g.__memberpulseDb = Promise.reject(Object.assign(new Error("Failed query: select 1\nparams: jane@example.test"), { code: "ECONNREFUSED" }));
    g.__memberpulseDb.catch(() => {});
    try {
      const res = await deliver(makeEvent("customer.subscription.created", subscriptionObject({ id: "sub_down", customer: "cus_down", status: "active", start: 1, end: 2 })));
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: "unavailable" } });
    } finally {
      g.__memberpulseDb = savedDb;
      spy.mockRestore();
    }
    expect(lines.join("\n")).toContain("webhook.database_unavailable");
    expect(lines.join("\n")).not.toContain("jane@example.test");
  });
});

describe("backends terminated under load", () => {
  it("50 concurrent deliveries at a time: 200 or 5xx, never a hang or an unhandled error; re-sent until 200, each event is recorded once", { timeout: 180_000 }, async () => {
    const faults: unknown[] = [];
    const onRejection = (reason: unknown) => void faults.push(reason);
    const onException = (error: unknown) => void faults.push(error);
    process.on("unhandledRejection", onRejection);
    process.on("uncaughtException", onException);
    const logged: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void logged.push(String(line)));
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await db.execute(sql`create table if not exists test_storm_tx (id serial primary key, n int not null)`);
    let stop = false;
    let terminated = 0;
    const storm = (async () => {
      while (!stop) {
        const rows = await admin`select pg_terminate_backend(pid) as t from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
        terminated += rows.filter((r) => r.t).length;
        await sleep(10 + Math.random() * 20);
      }
    })();
    // Transactions on the same pool all along: a backend terminated inside one is where postgres.js
    // 3.4.9 threw its uncaught TypeError and left pool slots dead.
    let transactions = 0;
    const transactional = (async () => {
      while (!stop) {
        await within(
          30_000,
          Promise.allSettled(
            Array.from({ length: 5 }, () =>
              db.transaction(async (tx) => {
                await tx.execute(sql`insert into test_storm_tx (n) values (1)`);
                await tx.execute(sql`select pg_sleep(0.005)`);
                await tx.execute(sql`insert into test_storm_tx (n) values (2)`);
              }),
            ),
          ),
          "background transactions",
        );
        transactions += 5;
      }
    })();

    const waves = 3;
    const events = Array.from({ length: waves * 50 }, (_, i) =>
      makeEvent("customer.subscription.created", {
        ...subscriptionObject({ id: `sub_storm_${i}`, customer: `cus_storm_${i}`, status: "active", start: 1, end: 2 }),
        metadata: { email: `storm-${i}@example.test` },
      }),
    );
    const statuses: number[] = [];
    const pending = new Set<(typeof events)[number]>();
    try {
      for (let w = 0; w < waves; w++) {
        const wave = events.slice(w * 50, (w + 1) * 50);
        const responses = await Promise.all(wave.map((e) => within(30_000, deliver(e), `delivery of ${e.id}`)));
        responses.forEach((res, i) => {
          statuses.push(res.status);
          if (res.status !== 200) pending.add(wave[i]!);
        });
        await sleep(100);
      }
    } finally {
      stop = true;
      await storm;
      await transactional;
    }
    expect(terminated).toBeGreaterThan(0);
    expect(transactions).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 500 || s === 503)).toBe(true);

    // Stripe's retries, now that the database is left alone.
    for (let round = 0; round < 20 && pending.size; round++) {
      const batch = [...pending];
      const responses = await Promise.all(batch.map((e) => within(30_000, deliver(e), `re-delivery of ${e.id}`)));
      responses.forEach((res, i) => {
        expect([200, 500, 503]).toContain(res.status);
        if (res.status === 200) pending.delete(batch[i]!);
      });
      if (pending.size) await sleep(200);
    }
    spy.mockRestore();
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onException);
    await admin.end({ timeout: 5 });
    await db.execute(sql`drop table if exists test_storm_tx`);

    expect(pending.size).toBe(0);
    expect(faults).toEqual([]);
    const ids = events.map((e) => e.id);
    const rows = await db
      .select({ eventId: webhookEvents.eventId, status: webhookEvents.status })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.tenantId, tenantId), inArray(webhookEvents.eventId, ids)));
    expect(rows).toHaveLength(events.length);
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(events.length);
    expect(rows.every((r) => r.status === "processed")).toBe(true);
    const subs = await db
      .select({ id: subscriptions.stripeSubscriptionId })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenantId), inArray(subscriptions.stripeSubscriptionId, events.map((_, i) => `sub_storm_${i}`))));
    expect(subs).toHaveLength(events.length);
    // Whatever failed was logged, and no log line carries a payload's e-mail address.
    expect(logged.join("\n")).not.toMatch(/storm-\d+@example\.test/);
    console.log(
      `[storm] ${terminated} backends terminated, ${transactions} background transactions; first deliveries: ` +
        `${statuses.filter((s) => s === 200).length}×200, ${statuses.filter((s) => s === 500).length}×500, ${statuses.filter((s) => s === 503).length}×503`,
    );
  });
});
