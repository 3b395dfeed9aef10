import { getTableColumns, getTableName, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { LatestFetcher, RowScope } from "./context";
import type { OrderingRule } from "./ordering";

/*
 * THE ONE DECLARATION of what a handler writes. A handler describes its writes for an event as a
 * Plan of Projections and Effects, built from Drizzle tables and keys; the engine derives both ways
 * of executing it from that declaration:
 *   - fast-path.ts: one autocommitted SQL statement (when every projection is new or newer);
 *   - apply.ts: the general transaction (locks, ordering.ts decisions, same-second ties, fills).
 * So every rule (which columns, which key, how children are replaced, what only grows) is stated
 * once, here in the handler's declaration, and tests/integration/webhook-fast-path.test.ts proves
 * both executors end in the same rows.
 */

export type WrittenWatermark = { lastEventCreated: number; lastEventId: string };
export type Values = Record<string, unknown>;

/** Rows replaced whenever their parent projection is written (a subscription's items). */
export type Children = {
  table: PgTable;
  /** Drizzle keys of the rows' unique key (tenant first). */
  key: readonly string[];
  /** Drizzle key → value that selects all of the parent's children (tenant + parent id). */
  parent: Values;
  rows: Values[];
};

/** What a projection writes for one copy of the object (the event's snapshot, or a retrieved one). */
export type ProjectedCopy = {
  status: string | null;
  row: (wm: WrittenWatermark) => Values;
  children?: (wm: WrittenWatermark) => Children;
  /** A retrieved copy that carries no fields (a deleted customer, a deleted product). */
  stub: boolean;
  /** The copy itself, for side effects that depend on what was applied (billing notices). */
  object: unknown;
};

/** One projection row written from one snapshot, under lib/webhooks/ordering.ts. */
export type Projection = ProjectedCopy & {
  table: PgTable;
  /** Drizzle keys of the row's unique key (tenant first); their values come from `row()`. */
  key: readonly string[];
  /** The Stripe id, for the engine's notes and the "what was applied" record. */
  id: string;
  rule: OrderingRule;
  /** The existing row's status for ordering.ts, as SQL over the table. */
  existingStatus: SQL;
  /** Retrieves the current copy from Stripe to settle a same-second tie (ordering.ts rule 6). */
  fetchLatest: (latest: LatestFetcher) => Promise<ProjectedCopy>;
  /**
   * Column values a skipped (older or regressing) snapshot may still give a row that has none
   * (ordering.ts: a detach never loses the customer it was attached to).
   */
  fillIfNull?: Values;
};

/**
 * An order-insensitive write that rides along with the event (commutative and idempotent, so it
 * needs no watermark): `upsert` inserts the row or updates only the named columns, each either
 * taken from the new row ("excluded") or only ever raised ("greatest"); `update` sets columns on the
 * rows matching `where` (a null value there means IS NULL).
 */
export type Effect =
  | { kind: "upsert"; table: PgTable; key: readonly string[]; row: Values; set: Record<string, "excluded" | "greatest"> }
  | { kind: "update"; table: PgTable; set: Values; where: Values };

/** Marks a value as the database's now() (an Effect's `set`). */
export const NOW = Symbol("now");

export type Plan = {
  projections?: Projection[];
  effects?: Effect[];
  /** The event's status when this plan is all there is to it (default: processed). */
  outcome?: { status: "processed" | "ignored"; note?: string };
};

/** Binds a snapshot type's declaration to one snapshot: everything downstream is untyped rows. */
export type ProjectionSpec<T> = {
  table: PgTable;
  key: readonly string[];
  rule: OrderingRule;
  existingStatus: SQL;
  statusOf: (object: T) => string | null;
  idOf: (object: T) => string;
  values: (scope: RowScope, object: T, wm: WrittenWatermark) => Values;
  children?: (scope: RowScope, object: T, wm: WrittenWatermark) => Children;
  fetch: (latest: LatestFetcher, snapshot: T) => Promise<T>;
  isStub?: (object: T) => boolean;
  fillIfNull?: (object: T) => Values | undefined;
};

export function project<T>(spec: ProjectionSpec<T>, scope: RowScope, snapshot: T): Projection {
  const copy = (object: T): ProjectedCopy => ({
    status: spec.statusOf(object),
    row: (wm) => spec.values(scope, object, wm),
    ...(spec.children ? { children: (wm: WrittenWatermark) => spec.children!(scope, object, wm) } : {}),
    stub: spec.isStub?.(object) ?? false,
    object,
  });
  const fill = spec.fillIfNull?.(snapshot);
  return {
    ...copy(snapshot),
    table: spec.table,
    key: spec.key,
    id: spec.idOf(snapshot),
    rule: spec.rule,
    existingStatus: spec.existingStatus,
    fetchLatest: async (latest) => copy(await spec.fetch(latest, snapshot)),
    ...(fill && Object.keys(fill).length ? { fillIfNull: fill } : {}),
  };
}

/** A table's column by its Drizzle key; a typo in a declaration fails loudly, not at runtime SQL. */
export function columnOf(table: PgTable, key: string): PgColumn {
  const column = getTableColumns(table)[key];
  if (!column) throw new Error(`${getTableName(table)} has no column ${key}`);
  return column;
}
