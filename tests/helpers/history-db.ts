import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { rowsOf, type Db, type DbHandle } from "@/db/client";
import { addMembership } from "@/db/queries/memberships";
import { insertReferral } from "@/db/queries/referrals";
import { createUser } from "@/db/queries/users";
import type { LatestFetcher } from "@/lib/webhooks/context";
import { admitWebhook } from "@/lib/webhooks/admission";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";
import { createCreditPackage } from "./credits";
import { canonicalJson, TABLES, type ExpectedState, type Portal, type PortalMember, type Row, type TableName } from "./stripe-history";
import { signedRequest } from "./webhooks";

/*
 * The database side of tests/helpers/stripe-history.ts: a tenant's portal (credit packages,
 * members, referrals), delivering a history through the real ingest path, reading the projections
 * back and comparing them with the generator's `expected`, with a readable diff.
 */

// ---------------------------------------------------------------------------------------------
// Portal setup

/**
 * Credit packages ($5, $10, $25 → 3,000 credits, $9.99 → 1,000 credits) and `members` new members,
 * `referred` of whom joined with a code of `referrer` or of the first plain member. Users are
 * inserted directly (no password hashing: nobody signs in).
 */
export async function setupPortal(db: Db, { tenantId, referrerUserId, members, referred }: { tenantId: string; referrerUserId: string; members: number; referred: number }): Promise<Portal> {
  const packages = [
    { amount: 500, credits: 500 },
    { amount: 1000, credits: 1000 },
    { amount: 2500, credits: 3000 },
    { amount: 999, credits: 1000 },
  ];
  const created = [];
  for (const p of packages) created.push({ ...p, priceId: await createCreditPackage(db, { tenantId, amount: p.amount, credits: p.credits }) });
  const suffix = randomUUID().slice(0, 8);
  const list: PortalMember[] = [{ userId: referrerUserId, referrerUserId: null }];
  const referrers = [referrerUserId];
  for (let i = 0; i < members; i++) {
    const user = await createUser(db, { email: `history-${suffix}-${i}@example.test`, name: `History member ${i}`, passwordHash: "not-a-real-hash" });
    await addMembership(db, { tenantId, userId: user.id, role: "ROLE_MEMBER" });
    const isReferred = i >= members - referred;
    let referrer: string | null = null;
    if (isReferred) {
      referrer = referrers[i % referrers.length]!;
      await insertReferral(db, { tenantId, referredUserId: user.id, referrerUserId: referrer });
    } else if (i === 0) {
      referrers.push(user.id);
    }
    list.push({ userId: user.id, referrerUserId: referrer });
  }
  // Referred members first: the generator gives each one a Stripe customer of its own.
  list.sort((a, b) => Number(!!b.referrerUserId) - Number(!!a.referrerUserId));
  return { tenantId, members: list, packages: created, referrers };
}

// ---------------------------------------------------------------------------------------------
// Delivery

export type DeliveryReport = {
  deliveries: number;
  attempts: number;
  /** Non-2xx answers (and thrown errors as "thrown") by status. */
  refused: Record<string, number>;
  outcomes: Record<string, number>;
  /** Deliveries never answered 2xx within maxAttempts. */
  gaveUp: string[];
  /** The first few refusals, for the report. */
  samples: string[];
  ms: number;
};

/**
 * Delivers `events` (in this order, duplicates allowed) signed, through handleStripeWebhook, with
 * at most `concurrency` in flight, alternating between `instances` (separate pools = separate app
 * instances). Like Stripe, any non-2xx answer is sent again (to the next instance) until 2xx.
 */
/**
 * A Db is called directly (handleStripeWebhook); a DbHandle goes through the route's admission gate
 * (lib/webhooks/admission.ts) exactly as `POST /api/webhooks/stripe/…` does in production.
 */
export async function deliverEvents(opts: {
  instances: (Db | DbHandle)[];
  tenantId: string;
  secret: string;
  events: readonly Stripe.Event[];
  concurrency: number;
  fetchLatest: LatestFetcher;
  maxAttempts?: number;
  retryDelayMs?: number;
}): Promise<DeliveryReport> {
  const started = Date.now();
  const report: DeliveryReport = { deliveries: opts.events.length, attempts: 0, refused: {}, outcomes: {}, gaveUp: [], samples: [], ms: 0 };
  const maxAttempts = opts.maxAttempts ?? 25;
  const params = { tenantId: opts.tenantId, mode: "test" };
  const payloads = opts.events.map((e) => JSON.stringify(e));
  let next = 0;
  const refuse = (key: string, text: string) => {
    report.refused[key] = (report.refused[key] ?? 0) + 1;
    const sample = text.slice(0, 400);
    if (report.samples.length < 8 && !report.samples.includes(sample)) report.samples.push(sample);
  };
  async function one(i: number) {
    const event = opts.events[i]!;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      report.attempts++;
      const instance = opts.instances[(i + attempt) % opts.instances.length]!;
      const deliver = (db: Db) => handleStripeWebhook(db, signedRequest(params, payloads[i]!, opts.secret), params, { fetchLatest: opts.fetchLatest });
      try {
        const res = "poolSize" in instance ? await admitWebhook(params, deliver, { handle: async () => instance }) : await deliver(instance);
        if (res.status >= 200 && res.status < 300) {
          const outcome = res.headers.get("x-webhook-outcome") ?? String(res.status);
          report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
          return;
        }
        refuse(String(res.status), `${event.type} ${event.id}: ${res.status} ${await res.text()}`);
      } catch (error) {
        refuse("thrown", `${event.type} ${event.id}: threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
      if (opts.retryDelayMs) await new Promise((resolve) => setTimeout(resolve, opts.retryDelayMs! * (attempt + 1)));
    }
    report.gaveUp.push(`${event.type} ${event.id}`);
  }
  async function worker() {
    while (next < opts.events.length) await one(next++);
  }
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.events.length) }, worker));
  report.ms = Date.now() - started;
  return report;
}

/** A readable one-liner of a delivery report. */
export function describeDelivery(r: DeliveryReport): string {
  const refused = Object.entries(r.refused).map(([k, n]) => `${k}×${n}`).join(", ") || "none";
  const outcomes = Object.entries(r.outcomes).map(([k, n]) => `${k} ${n}`).join(", ");
  return `${r.deliveries} deliveries, ${r.attempts} attempts in ${r.ms} ms; outcomes: ${outcomes}; refused: ${refused}` + (r.gaveUp.length ? `; GAVE UP on ${r.gaveUp.length}` : "") + (r.samples.length ? `\n  e.g. ${r.samples.join("\n  e.g. ")}` : "");
}

/** Rejects with a clear message when `promise` has not settled after `ms` (a hang). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (hang?)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the projections back

export type ActualState = Record<TableName, { key: string; row: Row }[]>;

const epoch = (column: string) => `extract(epoch from ${column})::bigint`;

const QUERIES: Record<TableName, string> = {
  stripe_customers: `select stripe_customer_id as key, jsonb_build_object('email', email, 'name', name, 'metadata', metadata, 'deleted', deleted) as row from stripe_customers where tenant_id = $1`,
  payment_methods: `select stripe_payment_method_id as key, jsonb_build_object('stripe_customer_id', stripe_customer_id, 'type', type, 'card_brand', card_brand, 'card_last4', card_last4,
      'card_exp_month', card_exp_month, 'card_exp_year', card_exp_year, 'detached', detached) as row from payment_methods where tenant_id = $1`,
  payments: `select stripe_payment_intent_id as key, jsonb_build_object('status', status, 'amount', amount, 'amount_received', amount_received, 'stripe_customer_id', stripe_customer_id,
      'stripe_charge_id', stripe_charge_id, 'amount_refunded', amount_refunded) as row from payments where tenant_id = $1`,
  refunds: `select stripe_refund_id as key, jsonb_build_object('status', status, 'amount', amount, 'stripe_payment_intent_id', stripe_payment_intent_id, 'stripe_charge_id', stripe_charge_id) as row
      from refunds where tenant_id = $1`,
  subscriptions: `select stripe_subscription_id as key, jsonb_build_object('stripe_customer_id', stripe_customer_id, 'status', status, 'cancel_at_period_end', cancel_at_period_end,
      'current_period_start', ${epoch("current_period_start")}, 'current_period_end', ${epoch("current_period_end")}, 'stripe_latest_invoice_id', stripe_latest_invoice_id,
      'canceled_at', ${epoch("canceled_at")}, 'ended_at', ${epoch("ended_at")}) as row from subscriptions where tenant_id = $1`,
  subscription_items: `select stripe_subscription_item_id as key, jsonb_build_object('stripe_subscription_id', stripe_subscription_id, 'stripe_price_id', stripe_price_id, 'quantity', quantity,
      'current_period_start', ${epoch("current_period_start")}, 'current_period_end', ${epoch("current_period_end")}) as row from subscription_items where tenant_id = $1`,
  invoices: `select stripe_invoice_id as key, jsonb_build_object('status', status, 'number', number, 'amount_due', amount_due, 'amount_paid', amount_paid, 'amount_remaining', amount_remaining,
      'stripe_customer_id', stripe_customer_id, 'stripe_subscription_id', stripe_subscription_id, 'stripe_payment_intent_id', stripe_payment_intent_id) as row from invoices where tenant_id = $1`,
  billing_notices: `select stripe_invoice_id as key, jsonb_build_object('message', message, 'amount_due', amount_due, 'stripe_customer_id', stripe_customer_id,
      'stripe_subscription_id', stripe_subscription_id) as row from billing_notices where tenant_id = $1 and resolved_at is null`,
  stripe_unmanaged_objects: `select stripe_id as key, jsonb_build_object('object_kind', object_kind, 'label', label, 'active', active) as row from stripe_unmanaged_objects where tenant_id = $1`,
  credit_ledger: `select idempotency_key as key, jsonb_build_object('user_id', user_id, 'reason', reason, 'delta', delta) as row from credit_ledger where tenant_id = $1`,
  credit_balances: `select u.user_id as key, jsonb_build_object('balance', coalesce(b.balance, 0), 'ledger_sum', coalesce(l.total, 0)) as row
      from (select user_id from credit_balances where tenant_id = $1 union select user_id from credit_ledger where tenant_id = $1) u
      left join credit_balances b on b.tenant_id = $1 and b.user_id = u.user_id
      left join (select user_id, sum(delta) as total from credit_ledger where tenant_id = $1 group by user_id) l on l.user_id = u.user_id`,
};

/** Every projection of the tenant, as rows comparable with ExpectedState. */
export async function readState(db: Db, tenantId: string, tables: readonly TableName[] = TABLES): Promise<ActualState> {
  const state = Object.fromEntries(TABLES.map((t) => [t, []])) as unknown as ActualState;
  for (const table of tables) {
    const text = QUERIES[table].replaceAll("$1", `'${tenantId}'::uuid`);
    const rows = rowsOf<{ key: string; row: Record<string, unknown> | string }>(await db.execute(sql.raw(text)));
    state[table] = rows
      .map(({ key, row }) => {
        const r = (typeof row === "string" ? JSON.parse(row) : row) as Record<string, unknown>;
        if ("metadata" in r) r.metadata = canonicalJson(r.metadata ?? {});
        return { key, row: r as Row };
      })
      // Balances: members whose credits never moved (or came back to zero) are not listed.
      .filter(({ row }) => table !== "credit_balances" || row.balance !== 0 || row.ledger_sum !== 0);
  }
  return state;
}

// ---------------------------------------------------------------------------------------------
// Comparison

export type ProblemKind = "lost" | "doubled" | "regressed" | "wrong" | "unexpected";
export type Problem = { table: TableName | "webhook_events"; key: string; kind: ProblemKind; column?: string; expected?: unknown; actual?: unknown };

export type StateDiff = {
  problems: Problem[];
  counts: Record<ProblemKind, number>;
  /** Rows compared per table (expected / actual). */
  sizes: Partial<Record<TableName, [number, number]>>;
  render: () => string;
};

/**
 * Compares `actual` with `expected`, table by table. Per key: no row → lost; more than one →
 * doubled; a row the generator never expected → unexpected; a column that differs → regressed
 * when the value is what that object had earlier in the history, else wrong.
 */
export function compareState(expected: ExpectedState, actual: ActualState, tables: readonly TableName[] = TABLES): StateDiff {
  const problems: Problem[] = [];
  const sizes: StateDiff["sizes"] = {};
  for (const table of tables) {
    const want = expected.tables[table];
    const got = new Map<string, Row[]>();
    for (const { key, row } of actual[table]) got.set(key, [...(got.get(key) ?? []), row]);
    sizes[table] = [want.size, actual[table].length];
    for (const [key, row] of want) {
      const rows = got.get(key);
      if (!rows) {
        problems.push({ table, key, kind: "lost", expected: row });
        continue;
      }
      if (rows.length > 1) problems.push({ table, key, kind: "doubled", expected: 1, actual: rows.length });
      const actualRow = rows[0]!;
      const columns = Object.keys(row).filter((c) => !same(row[c], actualRow[c]));
      if (!columns.length) continue;
      const earlier = (expected.history[table].get(key) ?? []).slice(0, -1);
      const regressed = earlier.some((old) => columns.every((c) => same(old[c], actualRow[c])));
      for (const column of columns) problems.push({ table, key, kind: regressed ? "regressed" : "wrong", column, expected: row[column], actual: actualRow[column] });
    }
    for (const [key, rows] of got) if (!want.has(key)) problems.push({ table, key, kind: "unexpected", actual: rows[0] });
  }
  return diffOf(problems, sizes);
}

function same(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null) || (typeof a === "number" && typeof b === "string" && String(a) === b) || (typeof b === "number" && typeof a === "string" && String(b) === a);
}

function diffOf(problems: Problem[], sizes: StateDiff["sizes"] = {}): StateDiff {
  const counts: Record<ProblemKind, number> = { lost: 0, doubled: 0, regressed: 0, wrong: 0, unexpected: 0 };
  for (const p of problems) counts[p.kind]++;
  return { problems, counts, sizes, render: () => renderProblems(problems, counts, sizes) };
}

const show = (v: unknown) => (v === undefined ? "—" : typeof v === "object" && v !== null ? JSON.stringify(v) : JSON.stringify(v));

function renderProblems(problems: Problem[], counts: Record<ProblemKind, number>, sizes: StateDiff["sizes"]): string {
  if (!problems.length) return "no differences";
  const buckets = new Map<string, Problem[]>();
  for (const p of problems) {
    const bucket = `${p.table}${p.column ? `.${p.column}` : ""} ${p.kind}`;
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), p]);
  }
  const lines = [
    `${problems.length} differences — lost ${counts.lost}, doubled ${counts.doubled}, regressed ${counts.regressed}, wrong ${counts.wrong}, unexpected ${counts.unexpected}`,
    ...(Object.keys(sizes).length ? [`rows (expected/actual): ${Object.entries(sizes).map(([t, [e, a]]) => `${t} ${e}/${a}`).join(", ")}`] : []),
    "by table.column and kind:",
    ...[...buckets].map(([bucket, ps]) => `  ${bucket} ×${ps.length}`),
    "examples (table key column: expected → actual):",
  ];
  for (const ps of buckets.values()) {
    for (const p of ps.slice(0, 3)) {
      lines.push(`  [${p.kind}] ${p.table} ${p.key}${p.column ? ` ${p.column}` : ""}: expected ${show(p.expected)} → actual ${show(p.actual)}`);
    }
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// The event log

/** Each event of `events` stored exactly once for the tenant, as processed or ignored. */
export async function checkEventLog(db: Db, tenantId: string, events: readonly Stripe.Event[]): Promise<StateDiff> {
  const rows = rowsOf<{ event_id: string; status: string; n: number | string; last_error: string | null }>(
    await db.execute(sql`select event_id, min(status) as status, count(*) as n, max(last_error) as last_error from webhook_events where tenant_id = ${tenantId} group by event_id`),
  );
  const byId = new Map(rows.map((r) => [r.event_id, r]));
  const problems: Problem[] = [];
  const wanted = new Set(events.map((e) => e.id));
  for (const e of events) {
    const row = byId.get(e.id);
    if (!row) problems.push({ table: "webhook_events", key: `${e.id} (${e.type})`, kind: "lost" });
    else {
      if (Number(row.n) > 1) problems.push({ table: "webhook_events", key: e.id, kind: "doubled", expected: 1, actual: Number(row.n) });
      if (row.status !== "processed" && row.status !== "ignored") {
        problems.push({ table: "webhook_events", key: `${e.id} (${e.type})`, kind: "wrong", column: "status", expected: "processed|ignored", actual: row.last_error ? `${row.status}: ${row.last_error}` : row.status });
      }
    }
  }
  for (const r of rows) if (!wanted.has(r.event_id)) problems.push({ table: "webhook_events", key: r.event_id, kind: "unexpected", actual: r.status });
  return diffOf(problems);
}

/**
 * For the first `max` keys with problems: the events about that object as the engine logged them
 * (type, Stripe second, status, attempts, note), in the order they were processed.
 */
export async function explainProblems(db: Db, tenantId: string, diff: StateDiff, max = 3): Promise<string> {
  const keys = [...new Set(diff.problems.map((p) => p.key.split(" ")[0]!.replace(/^[a-z_]+:/, "")))].slice(0, max);
  const lines: string[] = [];
  for (const key of keys) {
    const rows = rowsOf<{ type: string; stripe_created: number | string; status: string; attempts: number; note: string | null; event_id: string }>(
      await db.execute(sql`
        select type, stripe_created, status, attempts, note, event_id from webhook_events
        where tenant_id = ${tenantId} and (payload->'data'->'object'->>'id' = ${key} or payload->'data'->'object'->>'invoice' = ${key} or payload->'data'->'object'->>'payment_intent' = ${key})
        order by processed_at nulls last, received_at`),
    );
    lines.push(`  events of ${key}, in processing order:`);
    for (const r of rows) lines.push(`    ${r.type} @${r.stripe_created} ${r.event_id} → ${r.status}${r.attempts > 1 ? ` (attempts ${r.attempts})` : ""}${r.note ? ` — ${r.note}` : ""}`);
  }
  return lines.join("\n");
}
