import { getTableName } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db, Tx } from "@/db/client";
import { rawQuery } from "@/db/raw";
import type { AppliedProjection, ProjectionContext } from "./context";
import { childStatements, effectStatement, FastStatement, matchText, quote, sqlText } from "./fast-path";
import { decideOrdering, tieWatermark, type Watermark } from "./ordering";
import { columnOf, type Effect, type Projection, type Values } from "./projection";

/*
 * The general path's executor of a Plan (projection.ts), inside the exactly-once transaction.
 * fast-path.ts executes the same declarations as one statement when no decision is needed; both
 * build their SQL with the same FastStatement helpers (names from the Drizzle schema, values as
 * typed parameters) and send it straight to the driver (db/raw.ts).
 */

/** One statement built with FastStatement, sent on `db` (the transaction's connection inside one). */
async function run<T = unknown>(db: Db | Tx, build: (s: FastStatement) => string): Promise<T[]> {
  const s = new FastStatement();
  const text = build(s);
  return rawQuery<T>(db, text, s.params);
}

const keyOf = (p: Projection, values: Values): Values => Object.fromEntries(p.key.map((k) => [k, values[k]]));

/** The row's watermark; FOR UPDATE inside the transaction, so concurrent events for one object are serialised. */
async function readWatermark(db: Db | Tx, p: Projection, key: Values, lock: boolean): Promise<Watermark | null> {
  const [row] = await run<{ status: string | null; created: string | number; event: string }>(db, (s) => {
    const created = quote(columnOf(p.table, "lastEventCreated").name);
    const event = quote(columnOf(p.table, "lastEventId").name);
    const table = quote(getTableName(p.table));
    return `select (${sqlText(p.existingStatus)}) as status, ${created} as created, ${event} as event from ${table} where ${matchText(s, p.table, key)}${lock ? " for update" : ""}`;
  });
  return row ? { status: row.status, lastEventCreated: Number(row.created), lastEventId: row.event } : null;
}

/** What ordering.ts would decide now, read without a lock (a hint: see process-event.ts). */
export async function peekDecision(db: Db, p: Projection, incoming: { created: number; eventId: string }) {
  const key = keyOf(p, p.row({ lastEventCreated: incoming.created, lastEventId: incoming.eventId }));
  return decideOrdering(p.rule, await readWatermark(db, p, key, false), { status: p.status, ...incoming });
}

function updateRow(tx: Tx, table: PgTable, values: Values, key: Values) {
  return run(tx, (s) => {
    const set = Object.entries(values).map(([k, v]) => `${quote(columnOf(table, k).name)} = ${s.columnParam(columnOf(table, k), v)}`);
    return `update ${quote(getTableName(table))} set ${set.join(", ")} where ${matchText(s, table, key)}`;
  });
}

/** INSERT … ON CONFLICT DO NOTHING; false when another transaction inserted the row first. */
async function insertRow(tx: Tx, table: PgTable, values: Values): Promise<boolean> {
  const rows = await run(tx, (s) => {
    const keys = Object.keys(values);
    const names = keys.map((k) => quote(columnOf(table, k).name));
    const params = keys.map((k) => s.columnParam(columnOf(table, k), values[k]));
    return `insert into ${quote(getTableName(table))} (${names.join(", ")}) values (${params.join(", ")}) on conflict do nothing returning 1`;
  });
  return rows.length > 0;
}

/** Applies one snapshot to one row following lib/webhooks/ordering.ts, and records what it did. */
export async function applyProjection(ctx: ProjectionContext, p: Projection): Promise<AppliedProjection> {
  const applied = await settle(ctx, p);
  ctx.applied.set(`${getTableName(p.table)}:${p.id}`, applied);
  return applied;
}

async function settle(ctx: ProjectionContext, p: Projection): Promise<AppliedProjection> {
  const { tx } = ctx;
  const key = keyOf(p, p.row({ lastEventCreated: ctx.created, lastEventId: ctx.eventId }));
  let existing = await readWatermark(tx, p, key, true);
  // Two passes at most: the first insert can lose a race with a concurrent event for the same new object.
  for (let pass = 0; pass < 2; pass++) {
    const decision = decideOrdering(p.rule, existing, { status: p.status, created: ctx.created, eventId: ctx.eventId });
    if (decision === "skip") {
      if (p.fillIfNull) await fillIfNull(tx, p, key, p.fillIfNull);
      return { result: "skipped", object: p.object };
    }
    const tie = decision === "resolve_tie";
    // Throws RetrieveFirst inside the transaction unless the copy was retrieved before it began.
    const copy = tie ? await p.fetchLatest(ctx.fetchLatest) : p;
    // A stub (deleted, no fields) is no newer than the event: other events of that second still apply.
    const wm = { lastEventCreated: tie && !copy.stub ? tieWatermark(ctx.created) : ctx.created, lastEventId: ctx.eventId };
    const result = tie ? "resolved_tie" : "applied";
    if (existing) await updateRow(tx, p.table, copy.row(wm), key);
    else if (!(await insertRow(tx, p.table, copy.row(wm)))) {
      existing = await readWatermark(tx, p, key, true);
      continue;
    }
    const children = copy.children?.(wm);
    // The same statements the fast path runs (remove the others, upsert these), one at a time.
    if (children) for (const build of childStatements(children, "true")) await run(tx, build);
    return { result, object: copy.object };
  }
  throw new Error(`projection of ${getTableName(p.table)} ${p.id} did not settle for event ${ctx.eventId}`);
}

async function fillIfNull(tx: Tx, p: Projection, key: Values, fill: Values) {
  await run(tx, (s) => {
    const set = Object.entries(fill).map(([k, v]) => {
      const c = quote(columnOf(p.table, k).name);
      return `${c} = coalesce(${c}, ${s.columnParam(columnOf(p.table, k), v)})`;
    });
    return `update ${quote(getTableName(p.table))} set ${set.join(", ")} where ${matchText(s, p.table, key)}`;
  });
}

export async function applyEffect(tx: Tx, effect: Effect) {
  await run(tx, (s) => effectStatement(s, effect, "true"));
}
