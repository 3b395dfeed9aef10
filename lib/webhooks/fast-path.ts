import { getTableColumns, getTableName, type SQL } from "drizzle-orm";
import { PgDialect, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { rawQuery } from "@/db/raw";
import { webhookEvents, type WebhookEventStatus } from "@/db/schema";
import type { PlanScope } from "./context";
import { blockingTerminals } from "./ordering";
import { columnOf, NOW, type Children, type Effect, type Plan, type Projection, type Values, type WrittenWatermark } from "./projection";

/*
 * THE FAST PATH — one autocommitted statement per delivery for the common case.
 *
 * The general path (process-event.ts) opens a transaction, claims the event, locks each projection
 * row, decides with ordering.ts and writes: five or more round trips. Most deliveries are simpler:
 * a new event whose snapshot is newer than the row (or the row does not exist yet). For those, the
 * handlers' Plans (projection.ts — the same declarations apply.ts executes in the transaction) become
 * ONE statement (data-modifying CTEs are atomic: all of it commits or none of it):
 *
 *   p0…pN  INSERT … ON CONFLICT DO UPDATE … WHERE <ordering.ts rules 3–4 allow it>  (the projections)
 *   claim  INSERT INTO webhook_events … only if every projection was applied,
 *          ON CONFLICT re-claims only a retryable (failed/received) row
 *   e0…eN  children (subscription items) and order-insensitive effects, each only if the claim did
 *
 * When a projection is not applied (rule 2: the same event again, rule 3/5: a regressing or older
 * snapshot, rule 6: a same-second tie that needs Stripe), nothing is written and the caller runs
 * the general path, which decides and records exactly as before. A handler whose `decide` is needed
 * for the event (credits for a portal purchase, opening a billing notice) sends the event to the
 * general path too. tests/integration/webhook-fast-path.test.ts proves both paths end in the same
 * rows. Table and column names all come from the Drizzle schema (a rename cannot leave a stale string).
 */

export type FastScope = PlanScope;

/** The ordering watermark a fast write stores: the event itself (no ties are settled here). */
export const watermarkOf = (scope: FastScope): WrittenWatermark => ({ lastEventCreated: scope.created, lastEventId: scope.eventId });

/** A condition the fast path needs; false: nothing is written and the general path decides. */
export type FastGuard = (s: FastStatement) => string;

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

  /** `exists (select 1 from table where key = value … and notNull columns are not null)`. */
  exists(table: PgTable, match: Values, notNull: string[] = []): string {
    const conditions = [matchText(this, table, match), ...notNull.map((k) => `${quote(columnOf(table, k).name)} is not null`)];
    return `exists (select 1 from ${quote(getTableName(table))} where ${conditions.join(" and ")})`;
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
    const names = keys.map((k) => quote(column(columns, k).name));
    const values = rows.map((row) => `(${keys.map((k) => this.columnParam(column(columns, k), row[k])).join(", ")})`);
    const conflictNames = new Set(conflict.map((c) => c.name));
    const set =
      opts.set ??
      keys
        .map((k) => column(columns, k).name)
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

function column(columns: Record<string, PgColumn>, key: string): PgColumn {
  const c = columns[key];
  if (!c) throw new Error(`fast path: unknown column ${key}`);
  return c;
}

function toParam(value: unknown): string | null {
  if (value == null) return null;
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

const dialect = new PgDialect();
const rendered = new WeakMap<SQL, string>();

/** A projection's existing-status expression as text (it names columns only, never values). */
export function sqlText(expression: SQL): string {
  let text = rendered.get(expression);
  if (text === undefined) {
    const query = dialect.sqlToQuery(expression);
    if (query.params.length) throw new Error("fast path: a status expression must not take parameters");
    text = query.sql;
    rendered.set(expression, text);
  }
  return text;
}

/**
 * ordering.ts as the upsert's update condition: rule 4 (newer) unless rule 3 (terminal) forbids it
 * (a terminal status with an exit to the incoming one, e.g. refund succeeded → failed, does not).
 * Rule 2 (same event again) is left to the general path on purpose: here it would only match a
 * concurrent duplicate, which must not write the row a second time.
 */
function orderingCondition(s: FastStatement, p: Projection): string {
  const t = quote(getTableName(p.table));
  const created = quote(columnOf(p.table, "lastEventCreated").name);
  const existing = sqlText(p.existingStatus);
  const blocking = blockingTerminals(p.rule, p.status);
  if (blocking.length === 0) return `excluded.${created} > ${t}.${created}`;
  const terminal = blocking.map(literal).join(", ");
  return (
    `excluded.${created} > ${t}.${created} ` +
    `and not (coalesce((${existing}) in (${terminal}), false) and (${existing}) is distinct from ${s.param(p.status)})`
  );
}

/** `col = $n` / `col is null` for each key → value, as an SQL condition. */
export function matchText(s: FastStatement, table: PgTable, values: Values): string {
  return Object.entries(values)
    .map(([key, value]) => {
      const c = columnOf(table, key);
      return value === null ? `${quote(c.name)} is null` : `${quote(c.name)} = ${s.columnParam(c, value)}`;
    })
    .join(" and ");
}

/**
 * Children replaced as two statements (a delete and a re-insert of one key cannot share one): the
 * ones the snapshot no longer has go, the ones it has are upserted. `guard`: an SQL condition both
 * act under (the fast path's IF_CLAIMED; "true" in the transaction).
 */
export function childStatements(children: Children, guard: string): ((s: FastStatement) => string)[] {
  const keyName = children.key[children.key.length - 1]!;
  const keyColumn = columnOf(children.table, keyName);
  const removeOthers = (s: FastStatement) => {
    const keep = children.rows.map((r) => s.columnParam(keyColumn, r[keyName]));
    return (
      `delete from ${quote(getTableName(children.table))} where ${matchText(s, children.table, children.parent)}` +
      (keep.length ? ` and ${quote(keyColumn.name)} not in (${keep.join(", ")})` : "") +
      ` and ${guard} returning 1`
    );
  };
  if (!children.rows.length) return [removeOthers];
  const key = children.key.map((k) => columnOf(children.table, k));
  return [removeOthers, (s) => s.upsert(children.table, key, children.rows, { condition: guard, returning: "1" })];
}

/** An Effect (projection.ts) as one statement acting under `guard` (see childStatements). */
export function effectStatement(s: FastStatement, effect: Effect, guard: string): string {
  const t = quote(getTableName(effect.table));
  if (effect.kind === "update") {
    const set = Object.entries(effect.set).map(([key, value]) => {
      const c = columnOf(effect.table, key);
      return `${quote(c.name)} = ${value === NOW ? "now()" : s.columnParam(c, value)}`;
    });
    return `update ${t} set ${set.join(", ")} where ${matchText(s, effect.table, effect.where)} and ${guard} returning 1`;
  }
  const set = Object.entries(effect.set).map(([key, how]) => {
    const name = quote(columnOf(effect.table, key).name);
    return how === "greatest" ? `${name} = greatest(${t}.${name}, excluded.${name})` : `${name} = excluded.${name}`;
  });
  const key = effect.key.map((k) => columnOf(effect.table, k));
  return s.upsert(effect.table, key, [effect.row], { condition: guard, set, returning: "1" });
}

export type FastResult = { outcome: "processed" | "ignored"; note?: string } | { outcome: "duplicate" } | null;

type FastOptions = { retryable: readonly WebhookEventStatus[] };

/**
 * Runs the plans of every handler of `event` as one statement. Null: nothing was written and the
 * event needs the general path.
 */
export async function runFastPath(db: Db, scope: FastScope, event: Stripe.Event, rawJson: string, plans: Plan[], guards: FastGuard[], opts: FastOptions): Promise<FastResult> {
  const { text, params, outcome } = buildFastStatement(scope, event, rawJson, plans, guards, opts);
  const [row] = await rawQuery<{ claimed: number; existing: WebhookEventStatus | null }>(db, text, params);
  if (row && row.claimed > 0) {
    await reapplyUpdates(db, plans);
    return outcome;
  }
  if (row?.existing && !opts.retryable.includes(row.existing)) return { outcome: "duplicate" };
  return null;
}

/**
 * An `update` effect (resolving a paid or void invoice's notices) sees the rows of the statement's
 * snapshot only. A concurrent general-path transaction (an `invoice.payment_failed` that locked the
 * still-open invoice) may open a notice and commit while this statement waits for that invoice's row
 * lock: the projection then applies on the latest row, but the update inside the same statement
 * cannot see the new notice. Run each update once more, in a statement of its own, after the commit:
 * any transaction that held the lock has committed by now, and one that locks the row after us sees
 * the settled invoice and opens nothing. Updates are order-insensitive (paid/void are terminal), so
 * running one twice changes nothing (tests/integration/webhook-notice-race.test.ts).
 */
async function reapplyUpdates(db: Db, plans: Plan[]) {
  for (const effect of plans.flatMap((p) => p.effects ?? [])) {
    if (effect.kind !== "update") continue;
    const s = new FastStatement();
    await rawQuery(db, effectStatement(s, effect, "true"), s.params);
  }
}

/** The event's status and note from its plans (the same rule as process-event.ts's dispatch). */
function outcomeOf(plans: Plan[]): { outcome: "processed" | "ignored"; note?: string } {
  if (plans.length === 0) return { outcome: "ignored", note: "event type not handled" };
  const notes = [...new Set(plans.map((p) => p.outcome?.note).filter((n): n is string => !!n))];
  const note = notes.length ? notes.join("; ") : undefined;
  const processed = plans.some((p) => (p.outcome?.status ?? "processed") === "processed");
  return processed ? { outcome: "processed", ...(note ? { note } : {}) } : { outcome: "ignored", note: note ?? "ignored" };
}

const EVENTS = quote(getTableName(webhookEvents));
const ev = (key: string) => quote(columnOf(webhookEvents, key).name);

/** What a claim writes: the event row, its status and note (both paths). */
export type Claim = { scope: FastScope; event: Stripe.Event; rawJson: string; status: "processed" | "ignored"; note: string | null };

/**
 * The event row this delivery claims: inserted, or a retryable row (`retryable`) re-claimed; a row
 * in any other status is left alone and nothing is returned. `where`: claim only if it holds (the
 * fast path's "every projection applied"). Both paths claim with this one statement.
 */
export function claimStatement(s: FastStatement, c: Claim, retryable: readonly WebhookEventStatus[], at: { tenant: string; eventId: string }, where?: string): string {
  const { scope, event } = c;
  const columns = ["tenantId", "mode", "eventId", "type", "livemode", "apiVersion", "stripeCreated", "payload", "status", "attempts", "note", "processedAt"];
  const values = [at.tenant, s.param(scope.mode), at.eventId, s.param(event.type), s.param(event.livemode, "boolean"), s.param(event.api_version ?? null)];
  values.push(s.param(event.created, "bigint"), s.param(c.rawJson, "jsonb"), s.param(c.status), "1", s.param(c.note), "now()");
  const again = [`${ev("status")} = excluded.${ev("status")}`, `${ev("attempts")} = ${EVENTS}.${ev("attempts")} + 1`, `${ev("lastError")} = null`];
  again.push(`${ev("note")} = excluded.${ev("note")}`, `${ev("processedAt")} = now()`);
  return (
    `insert into ${EVENTS} (${columns.map(ev).join(", ")}) ` +
    (where ? `select ${values.join(", ")} where ${where} ` : `values (${values.join(", ")}) `) +
    `on conflict (${ev("tenantId")}, ${ev("eventId")}) do update set ${again.join(", ")} ` +
    `where ${EVENTS}.${ev("status")} in (${retryable.map(literal).join(", ")}) returning ${ev("id")}`
  );
}

/** The statement runFastPath sends (see the top of this file). */
export function buildFastStatement(scope: FastScope, event: Stripe.Event, rawJson: string, plans: Plan[], guards: FastGuard[], opts: FastOptions) {
  const s = new FastStatement();
  const at = { tenant: s.param(scope.tenantId, "uuid"), eventId: s.param(scope.eventId) };
  // An event already done (the snapshot as of this statement) writes nothing and is a duplicate.
  const retryable = opts.retryable.map(literal).join(", ");
  const notDone = `not exists (select 1 from ${EVENTS} where ${ev("tenantId")} = ${at.tenant} and ${ev("eventId")} = ${at.eventId} and ${ev("status")} not in (${retryable}))`;
  const ready = [notDone, ...guards.map((guard) => `(${guard(s)})`)].join(" and ");
  const projections = plans.flatMap((p) => p.projections ?? []);
  const wm = watermarkOf(scope);
  const ctes = projections.map((p, i) => {
    const key = p.key.map((k) => columnOf(p.table, k));
    return `p${i} as (${s.upsert(p.table, key, [p.row(wm)], { condition: ready, updateWhere: orderingCondition(s, p), returning: "1" })})`;
  });
  const allApplied = projections.map((_, i) => `exists (select 1 from p${i})`);
  const outcome = outcomeOf(plans);
  const claim = { scope, event, rawJson, status: outcome.outcome, note: outcome.note ?? null };
  ctes.push(`claim as (${claimStatement(s, claim, opts.retryable, at, [ready, ...allApplied].join(" and "))})`);
  const children = projections.flatMap((p) => (p.children ? childStatements(p.children(wm), IF_CLAIMED).map((build) => build(s)) : []));
  const writes = [...children, ...plans.flatMap((p) => p.effects ?? []).map((e) => effectStatement(s, e, IF_CLAIMED))];
  writes.forEach((w, i) => ctes.push(`e${i} as (${w})`));

  const text =
    `with ${ctes.join(",\n")}\n` +
    `select (select count(*) from claim)::int as claimed, ` +
    `(select ${ev("status")} from ${EVENTS} where ${ev("tenantId")} = ${at.tenant} and ${ev("eventId")} = ${at.eventId}) as existing`;
  return { text, params: s.params, outcome };
}

/** A side effect's guard: act only when this delivery claimed the event. */
export const IF_CLAIMED = "exists (select 1 from claim)";
