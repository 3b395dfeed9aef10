import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { rowsOf } from "@/db/client";
import { decideOrdering, tieWatermark, type OrderingRule, type Watermark } from "./ordering";
import type { ProjectionContext } from "./context";

export type WrittenWatermark = { lastEventCreated: number; lastEventId: string };

export type OrderedProjection<T> = {
  rule: OrderingRule;
  snapshot: T;
  statusOf: (object: T) => string | null;
  /** SELECT … FOR UPDATE of the row, so concurrent events for one object are serialised. */
  lock: () => Promise<Watermark | null>;
  /** INSERT … ON CONFLICT DO NOTHING; false when another transaction inserted it first. */
  insert: (object: T, wm: WrittenWatermark) => Promise<boolean>;
  update: (object: T, wm: WrittenWatermark) => Promise<void>;
  /** Retrieves the current object from Stripe (rule 6 of ordering.ts). */
  fetch: () => Promise<T>;
};

export type ProjectionResult = "applied" | "skipped" | "resolved_tie";

/** Applies one snapshot to one row following lib/webhooks/ordering.ts. */
export async function projectOrdered<T>(ctx: ProjectionContext, p: OrderedProjection<T>): Promise<ProjectionResult> {
  let existing = await p.lock();
  // Two passes at most: the first insert can lose a race with a concurrent event for the same new object.
  for (let pass = 0; pass < 2; pass++) {
    const decision = decideOrdering(p.rule, existing, { status: p.statusOf(p.snapshot), created: ctx.created, eventId: ctx.eventId });
    if (decision === "skip") return "skipped";
    const tie = decision === "resolve_tie";
    const object = tie ? await p.fetch() : p.snapshot;
    const wm = { lastEventCreated: tie ? tieWatermark(ctx.created) : ctx.created, lastEventId: ctx.eventId };
    if (existing) {
      await p.update(object, wm);
      return tie ? "resolved_tie" : "applied";
    }
    if (await p.insert(object, wm)) return tie ? "resolved_tie" : "applied";
    existing = await p.lock();
  }
  throw new Error(`projection of ${p.rule.table} did not settle for event ${ctx.eventId}`);
}

type LockSpec = {
  table: PgTable & { tenantId: AnyPgColumn; lastEventCreated: AnyPgColumn; lastEventId: AnyPgColumn };
  key: AnyPgColumn;
  value: string;
  /** The row's status for ordering.ts (a column, or an expression for tables without one). */
  status: SQL;
};

/**
 * SELECT … FOR UPDATE of one projection row's watermark, written as a plain SQL template: it runs
 * for every projected event, and the template is far cheaper to build than the query builder's.
 */
export async function lockWatermark(ctx: ProjectionContext, { table, key, value, status }: LockSpec): Promise<Watermark | null> {
  const rows = rowsOf<{ status: string | null; created: string | number; event: string }>(
    await ctx.tx.execute(sql`
      select ${status} as status, ${table.lastEventCreated} as created, ${table.lastEventId} as event
      from ${table} where ${table.tenantId} = ${ctx.tenantId} and ${key} = ${value} for update`),
  );
  const row = rows[0];
  return row ? { status: row.status, lastEventCreated: Number(row.created), lastEventId: row.event } : null;
}
