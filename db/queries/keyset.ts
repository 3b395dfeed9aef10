import { asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";

/*
 * Keyset pagination for sortable lists: ORDER BY (key, id) in one direction, and the next page starts
 * strictly after the last row's (key, id). The id breaks ties, so rows with the same key (two invoices
 * of $29) are neither repeated nor skipped between pages. A key must never be null (wrap nullable
 * columns in coalesce) because a row-value comparison with a null is unknown and would drop rows.
 *
 * Each key says how it reads as cursor text and how cursor text becomes a comparable value again:
 * timestamps travel as exact microseconds since the epoch (a JS Date only has milliseconds, and a
 * millisecond cursor would skip or repeat rows created within the same millisecond).
 */

export type SortDirection = "asc" | "desc";

export type SortKey = {
  /** What ORDER BY and the comparison use. */
  order: SQL | AnyColumn;
  /** The key as cursor text, selected with each row. */
  text: SQL<string>;
  /** Cursor text back into a value comparable with `order`. */
  value: (text: string) => SQL;
  /** What cursor text must look like (refused otherwise, before it reaches SQL). */
  pattern: RegExp;
};

const INTEGER = /^-?\d{1,19}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function timestampKey(column: AnyColumn | SQL): SortKey {
  return {
    order: column,
    text: sql<string>`(extract(epoch from ${column}) * 1000000)::bigint::text`,
    value: (text) => sql`(timestamptz 'epoch' + ${text}::bigint * interval '1 microsecond')`,
    pattern: INTEGER,
  };
}

export function integerKey(expression: AnyColumn | SQL): SortKey {
  return { order: expression, text: sql<string>`(${expression})::text`, value: (text) => sql`${text}::bigint`, pattern: INTEGER };
}

export function textKey(expression: AnyColumn | SQL): SortKey {
  return { order: expression, text: sql<string>`(${expression})::text`, value: (text) => sql`${text}::text`, pattern: /^[\s\S]{0,200}$/ };
}

export function uuidKey(column: AnyColumn): SortKey {
  return { order: column, text: sql<string>`${column}::text`, value: (text) => sql`${text}::uuid`, pattern: UUID };
}

/** Where the next page starts: the last row's key and id, as cursor text. */
export type KeysetCursor = { key: string; id: string };

/** Whether a decoded cursor fits these keys (a cursor from another sort, or tampered with, does not). */
export function cursorFits(cursor: KeysetCursor, key: SortKey, id: SortKey): boolean {
  return key.pattern.test(cursor.key) && id.pattern.test(cursor.id);
}

/**
 * The ORDER BY, the condition for "after the cursor" (undefined on the first page) and the cursor
 * text to select, for one sort. `after` must already fit (cursorFits); parse with lib/lists/list-params.ts.
 */
export function keyset({ key, id, dir, after }: { key: SortKey; id: SortKey; dir: SortDirection; after?: KeysetCursor | null }) {
  const by = dir === "asc" ? asc : desc;
  const comparison = dir === "asc" ? sql.raw(">") : sql.raw("<");
  return {
    orderBy: [by(key.order), by(id.order)] as const,
    where: after ? sql`(${key.order}, ${id.order}) ${comparison} (${key.value(after.key)}, ${id.value(after.id)})` : undefined,
    cursorKey: key.text,
    cursorId: id.text,
  };
}

/** The page and the cursor of the next one: ask for limit + 1 rows, show limit. */
export function pageOf<T extends { cursorKey: string; cursorId: string }>(rows: T[], limit: number): { rows: T[]; next: KeysetCursor | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? { key: last.cursorKey, id: last.cursorId } : null };
}
