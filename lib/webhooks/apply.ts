import { and, eq, getTableName, isNull, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { rowsOf, type Db, type Tx } from "@/db/client";
import type { AppliedProjection, ProjectionContext } from "./context";
import { decideOrdering, tieWatermark, type Watermark } from "./ordering";
import { columnOf, NOW, type Children, type Effect, type Projection, type Values } from "./projection";

/*
 * The general path's executor of a Plan (projection.ts), inside the exactly-once transaction.
 * fast-path.ts executes the same declarations as one statement when no decision is needed.
 */

function matchOf(table: PgTable, values: Values, keys: readonly string[]): SQL {
  return and(...keys.map((k) => (values[k] === null ? isNull(columnOf(table, k)) : eq(columnOf(table, k), values[k]))))!;
}

/** The row's watermark; FOR UPDATE inside the transaction, so concurrent events for one object are serialised. */
async function readWatermark(db: Db | Tx, p: Projection, match: SQL, lock: boolean): Promise<Watermark | null> {
  const created = columnOf(p.table, "lastEventCreated");
  const event = columnOf(p.table, "lastEventId");
  const rows = rowsOf<{ status: string | null; created: string | number; event: string }>(
    await db.execute(sql`select ${p.existingStatus} as status, ${created} as created, ${event} as event from ${p.table} where ${match}${lock ? sql` for update` : sql``}`),
  );
  const row = rows[0];
  return row ? { status: row.status, lastEventCreated: Number(row.created), lastEventId: row.event } : null;
}

const lockRow = (tx: Tx, p: Projection, match: SQL) => readWatermark(tx, p, match, true);

/** What ordering.ts would decide now, read without a lock (a hint: see process-event.ts). */
export async function peekDecision(db: Db, p: Projection, incoming: { created: number; eventId: string }) {
  const keyValues = p.row({ lastEventCreated: incoming.created, lastEventId: incoming.eventId });
  const existing = await readWatermark(db, p, matchOf(p.table, keyValues, p.key), false);
  return decideOrdering(p.rule, existing, { status: p.status, ...incoming });
}

async function replaceChildren(tx: Tx, children: Children, fresh: boolean) {
  // A parent row that did not exist yet has no children to remove.
  if (!fresh) await tx.delete(children.table).where(matchOf(children.table, children.parent, Object.keys(children.parent)));
  if (children.rows.length) await tx.insert(children.table).values(children.rows);
}

/** Applies one snapshot to one row following lib/webhooks/ordering.ts, and records what it did. */
export async function applyProjection(ctx: ProjectionContext, p: Projection): Promise<AppliedProjection> {
  const applied = await settle(ctx, p);
  ctx.applied.set(`${getTableName(p.table)}:${p.id}`, applied);
  return applied;
}

async function settle(ctx: ProjectionContext, p: Projection): Promise<AppliedProjection> {
  const { tx } = ctx;
  const keyValues = p.row({ lastEventCreated: ctx.created, lastEventId: ctx.eventId });
  const match = matchOf(p.table, keyValues, p.key);
  let existing = await lockRow(tx, p, match);
  // Two passes at most: the first insert can lose a race with a concurrent event for the same new object.
  for (let pass = 0; pass < 2; pass++) {
    const decision = decideOrdering(p.rule, existing, { status: p.status, created: ctx.created, eventId: ctx.eventId });
    if (decision === "skip") {
      if (p.fillIfNull) await fillIfNull(tx, p, match, p.fillIfNull);
      return { result: "skipped", object: p.object };
    }
    const tie = decision === "resolve_tie";
    // Throws RetrieveFirst inside the transaction unless the copy was retrieved before it began.
    const copy = tie ? await p.fetchLatest(ctx.fetchLatest) : p;
    // A stub (deleted, no fields) is no newer than the event: other events of that second still apply.
    const wm = { lastEventCreated: tie && !copy.stub ? tieWatermark(ctx.created) : ctx.created, lastEventId: ctx.eventId };
    const result = tie ? "resolved_tie" : "applied";
    const children = copy.children?.(wm);
    if (existing) {
      await tx.update(p.table).set(copy.row(wm)).where(match);
      if (children) await replaceChildren(tx, children, false);
      return { result, object: copy.object };
    }
    const inserted = rowsOf(await tx.insert(p.table).values(copy.row(wm)).onConflictDoNothing().returning({ one: sql`1` }));
    if (inserted.length) {
      if (children) await replaceChildren(tx, children, true);
      return { result, object: copy.object };
    }
    existing = await lockRow(tx, p, match);
  }
  throw new Error(`projection of ${getTableName(p.table)} ${p.id} did not settle for event ${ctx.eventId}`);
}

async function fillIfNull(tx: Tx, p: Projection, match: SQL, fill: Values) {
  const set: Record<string, SQL> = {};
  for (const [key, value] of Object.entries(fill)) set[key] = sql`coalesce(${columnOf(p.table, key)}, ${value})`;
  await tx.update(p.table).set(set).where(match);
}

export async function applyEffect(tx: Tx, effect: Effect) {
  if (effect.kind === "update") {
    const set: Values = {};
    for (const [key, value] of Object.entries(effect.set)) set[key] = value === NOW ? sql`now()` : value;
    await tx.update(effect.table).set(set).where(matchOf(effect.table, effect.where, Object.keys(effect.where)));
    return;
  }
  const set: Record<string, SQL> = {};
  for (const [key, how] of Object.entries(effect.set)) {
    const column = columnOf(effect.table, key);
    const incoming = sql.raw(`excluded."${column.name}"`);
    set[key] = how === "greatest" ? sql`greatest(${column}, ${incoming})` : incoming;
  }
  await tx
    .insert(effect.table)
    .values(effect.row)
    .onConflictDoUpdate({ target: effect.key.map((k) => columnOf(effect.table, k)), set });
}
