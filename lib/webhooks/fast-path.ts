import { getTableColumns, getTableName } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { rawQuery } from "@/db/raw";
import type { StripeMode, WebhookEventStatus } from "@/db/schema";
import type { OrderingRule } from "./ordering";

/*
 * THE FAST PATH — one autocommitted statement per delivery for the common case.
 *
 * The general path (process-event.ts) opens a transaction, claims the event, locks each projection
 * row, decides with ordering.ts and writes: five or more round trips. Most deliveries are simpler:
 * a new event whose snapshot is newer than the row (or the row does not exist yet). For those, each
 * handler can describe its writes as a FastPlan, and the whole delivery becomes ONE statement
 * (data-modifying CTEs are atomic: all of it commits or none of it):
 *
 *   p0…pN  INSERT … ON CONFLICT DO UPDATE … WHERE <ordering.ts rules 3–4 allow it>  (the projections)
 *   claim  INSERT INTO webhook_events … only if every projection was applied,
 *          ON CONFLICT re-claims only a retryable (failed/received) row
 *   e0…eN  side effects, each acting only if the claim did
 *
 * When a projection is not applied (rule 2: the same event again, rule 3/5: a regressing or older
 * snapshot, rule 6: a same-second tie that needs Stripe), nothing is written and the caller runs
 * the general path, which decides and records exactly as before. A handler without a plan for an
 * event (side effects that need decisions in code, e.g. credits for a portal purchase) sends the
 * event to the general path too. tests/integration/webhook-fast-path.test.ts proves both paths
 * end in the same rows.
 */

export type FastScope = { tenantId: string; mode: StripeMode; eventId: string; created: number };

/** The ordering watermark a fast write stores: the event itself (no ties are settled here). */
export const watermarkOf = (scope: FastScope) => ({ lastEventCreated: scope.created, lastEventId: scope.eventId });

/** One projection row written by snapshot, under ordering.ts. */
export type FastProjection = {
  table: PgTable;
  /** The unique key the row is found by: the tenant column and the Stripe id column. */
  conflict: readonly PgColumn[];
  /** Column values by Drizzle key (the same object the general path inserts). */
  values: Record<string, unknown>;
  rule: OrderingRule;
  /** The snapshot's status for ordering.ts. */
  status: string | null;
  /** SQL for the existing row's status, e.g. `"payments"."status"` (the general path's lock uses it too). */
  existingStatus: string;
};

/** A side effect: a CTE body that must act only `where exists (select 1 from claim)`. */
export type FastEffect = (s: FastStatement) => string;

/** A condition the fast path needs; false: nothing is written and the general path decides. */
export type FastGuard = (s: FastStatement) => string;

export type FastPlan = { projections?: FastProjection[]; effects?: FastEffect[]; guards?: FastGuard[]; note?: string };

/** Collects parameters as strings (see db/raw.ts) and answers their casted placeholders. */
export class FastStatement {
  readonly params: (string | null)[] = [];

  param(value: unknown, sqlType = "text"): string {
    this.params.push(toParam(value));
    const placeholder = `$${this.params.length}::text`;
    return sqlType === "text" ? placeholder : `${placeholder}::${sqlType}`;
  }

  /** A column's value as Drizzle would send it (JSON for jsonb, ISO for timestamps), cast to its type. */
  columnParam(column: PgColumn, value: unknown): string {
    return this.param(value == null ? null : column.mapToDriverValue(value), column.getSQLType());
  }

  /**
   * `INSERT INTO table (…) SELECT … FROM (VALUES …) WHERE condition ON CONFLICT (…) DO UPDATE SET
   * every written column`, plus `where` for the update when given.
   */
  upsert(
    table: PgTable,
    conflict: readonly PgColumn[],
    rows: Record<string, unknown>[],
    opts: { condition?: string; set?: string[]; updateWhere?: string; returning?: string } = {},
  ): string {
    const columns = getTableColumns(table);
    const keys = Object.keys(rows[0] ?? {});
    const names = keys.map((k) => quote(columnOf(columns, k).name));
    const values = rows.map((row) => `(${keys.map((k) => this.columnParam(columnOf(columns, k), row[k])).join(", ")})`);
    const conflictNames = new Set(conflict.map((c) => c.name));
    const set =
      opts.set ??
      keys
        .map((k) => columnOf(columns, k).name)
        .filter((n) => !conflictNames.has(n))
        .map((n) => `${quote(n)} = excluded.${quote(n)}`);
    return (
      `insert into ${quote(getTableName(table))} (${names.join(", ")}) select * from (values ${values.join(", ")}) as v ` +
      (opts.condition ? `where ${opts.condition} ` : "") +
      `on conflict (${conflict.map((c) => quote(c.name)).join(", ")}) do update set ${set.join(", ")}` +
      (opts.updateWhere ? ` where ${opts.updateWhere}` : "") +
      (opts.returning ? ` returning ${opts.returning}` : "")
    );
  }
}

function columnOf(columns: Record<string, PgColumn>, key: string): PgColumn {
  const column = columns[key];
  if (!column) throw new Error(`fast path: unknown column ${key}`);
  return column;
}

function toParam(value: unknown): string | null {
  if (value == null) return null;
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * ordering.ts as the upsert's update condition: rule 4 (newer) unless rule 3 (terminal) forbids it.
 * Rule 2 (same event again) is left to the general path on purpose: here it would only match a
 * concurrent duplicate, which must not write the row a second time.
 */
function orderingCondition(s: FastStatement, p: FastProjection): string {
  const t = quote(getTableName(p.table));
  const terminal = p.rule.terminal.map(literal).join(", ");
  return (
    `excluded."last_event_created" > ${t}."last_event_created" ` +
    `and not (coalesce((${p.existingStatus}) in (${terminal}), false) and (${p.existingStatus}) is distinct from ${s.param(p.status)})`
  );
}

export type FastResult = { outcome: "processed" | "ignored"; note?: string } | { outcome: "duplicate" } | null;

/**
 * Runs the plans of every handler of `event` as one statement. Null: nothing was written and the
 * event needs the general path.
 */
export async function runFastPath(db: Db, scope: FastScope, event: Stripe.Event, rawJson: string, plans: FastPlan[], opts: FastOptions): Promise<FastResult> {
  const { text, params, note } = buildFastStatement(scope, event, rawJson, plans, opts);
  const [row] = await rawQuery<{ claimed: number; existing: WebhookEventStatus | null }>(db, text, params);
  if (row && row.claimed > 0) return { outcome: opts.status, ...(note ? { note } : {}) };
  if (row?.existing && !opts.retryable.includes(row.existing)) return { outcome: "duplicate" };
  return null;
}

type FastOptions = { status: "processed" | "ignored"; retryable: readonly WebhookEventStatus[] };

/** The statement runFastPath sends (see the top of this file). */
export function buildFastStatement(scope: FastScope, event: Stripe.Event, rawJson: string, plans: FastPlan[], opts: FastOptions) {
  const s = new FastStatement();
  const tenant = s.param(scope.tenantId, "uuid");
  const eventId = s.param(scope.eventId);
  const retryable = opts.retryable.map(literal).join(", ");
  // An event already done (the snapshot as of this statement) writes nothing and is a duplicate.
  const notDone = `not exists (select 1 from "webhook_events" where "tenant_id" = ${tenant} and "event_id" = ${eventId} and "status" not in (${retryable}))`;
  const ready = [notDone, ...plans.flatMap((p) => p.guards ?? []).map((guard) => `(${guard(s)})`)].join(" and ");
  const projections = plans.flatMap((p) => p.projections ?? []);
  const ctes = projections.map(
    (p, i) => `p${i} as (${s.upsert(p.table, p.conflict, [p.values], { condition: ready, updateWhere: orderingCondition(s, p), returning: "1" })})`,
  );
  const allApplied = projections.map((_, i) => `exists (select 1 from p${i})`);
  const notes = plans.map((p) => p.note).filter((n): n is string => !!n);
  const note = notes.length ? notes.join("; ") : opts.status === "ignored" ? "event type not handled" : null;
  ctes.push(
    `claim as (insert into "webhook_events" ("tenant_id", "mode", "event_id", "type", "livemode", "api_version", "stripe_created", "payload", "status", "attempts", "note", "processed_at") ` +
      `select ${tenant}, ${s.param(scope.mode)}, ${eventId}, ${s.param(event.type)}, ${s.param(event.livemode, "boolean")}, ${s.param(event.api_version ?? null)}, ` +
      `${s.param(event.created, "bigint")}, ${s.param(rawJson, "jsonb")}, ${s.param(opts.status)}, 1, ${s.param(note)}, now() ` +
      `where ${[ready, ...allApplied].join(" and ")} ` +
      `on conflict ("tenant_id", "event_id") do update set "status" = excluded."status", "attempts" = "webhook_events"."attempts" + 1, ` +
      `"last_error" = null, "note" = excluded."note", "processed_at" = now() where "webhook_events"."status" in (${retryable}) returning "id")`,
  );
  plans.flatMap((p) => p.effects ?? []).forEach((effect, i) => ctes.push(`e${i} as (${effect(s)})`));

  const text =
    `with ${ctes.join(",\n")}\n` +
    `select (select count(*) from claim)::int as claimed, ` +
    `(select "status" from "webhook_events" where "tenant_id" = ${tenant} and "event_id" = ${eventId}) as existing`;
  return { text, params: s.params, note };
}

/** A side effect's guard: act only when this delivery claimed the event. */
export const IF_CLAIMED = "exists (select 1 from claim)";
