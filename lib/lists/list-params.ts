/*
 * ?sort=&dir=&after= for the sortable lists (admin invoices, subscriptions, catalog). Whatever
 * arrives in the URL is checked here; anything that does not fit falls back to the list's default
 * (first page, default sort) with a sentence saying what was ignored, never an error page. The
 * cursor (`after`) is opaque: base64url of the last row's key and id, bound to the sort and
 * direction it was made for, so a cursor pasted under another sort starts again at the first page.
 */

import type { SortDirection } from "@/db/queries/keyset";

export type { SortDirection };

/** What a list may be sorted by, its label, and which direction comes first. */
export type SortOption = { label: string; defaultDir: SortDirection };

export type ListSpec<S extends string> = { sorts: Record<S, SortOption>; defaultSort: S };

export type ListParams<S extends string> = {
  sort: S;
  dir: SortDirection;
  after: { key: string; id: string } | null;
  /** What was ignored from the URL and why, for the page to say (empty when all was fine). */
  notices: string[];
};

type RawParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function encodeListCursor(sort: string, dir: SortDirection, cursor: { key: string; id: string }): string {
  return Buffer.from(JSON.stringify([sort, dir, cursor.key, cursor.id]), "utf8").toString("base64url");
}

function decodeListCursor(raw: string, sort: string, dir: SortDirection): { key: string; id: string } | null {
  if (raw.length > 600 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 4 || !parsed.every((p) => typeof p === "string")) return null;
    const [s, d, key, id] = parsed as string[];
    return s === sort && d === dir && key !== undefined && id !== undefined ? { key, id } : null;
  } catch {
    return null;
  }
}

/**
 * Reads sort, direction and cursor. `fits` checks the cursor's key and id against the sort's key
 * types (db/queries/keyset.ts cursorFits), so a tampered cursor never reaches SQL.
 */
export function parseListParams<S extends string>(spec: ListSpec<S>, params: RawParams, fits: (sort: S, cursor: { key: string; id: string }) => boolean = () => true): ListParams<S> {
  const notices: string[] = [];
  const rawSort = first(params.sort);
  const rawDir = first(params.dir);
  const rawAfter = first(params.after);
  const known = rawSort !== undefined && Object.hasOwn(spec.sorts, rawSort);
  const sort = known ? (rawSort as S) : spec.defaultSort;
  if (rawSort !== undefined && !known) notices.push(`“${rawSort.slice(0, 40)}” is not a sort this list offers: sorted by ${spec.sorts[sort].label.toLowerCase()} instead.`);
  const dirOk = rawDir === "asc" || rawDir === "desc";
  const dir: SortDirection = dirOk && known ? rawDir : spec.sorts[sort].defaultDir;
  if (rawDir !== undefined && !dirOk) notices.push(`“${rawDir.slice(0, 40)}” is not a direction: showing the usual order.`);
  let after: ListParams<S>["after"] = null;
  if (rawAfter) {
    const cursor = notices.length ? null : decodeListCursor(rawAfter, sort, dir);
    if (cursor && fits(sort, cursor)) after = cursor;
    else notices.push("That page link no longer fits this list: showing the first page.");
  }
  return { sort, dir, after, notices };
}

/** The query string for a sort and direction, from the first page (a new sort starts over). */
export function listHref(base: string, params: { sort: string; dir: SortDirection; after?: string | null; extra?: Record<string, string | undefined> }): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params.extra ?? {})) if (v) q.set(k, v);
  q.set("sort", params.sort);
  q.set("dir", params.dir);
  if (params.after) q.set("after", params.after);
  return `${base}?${q.toString()}`;
}

/** Everything ListSortControls and ListPager (components/ui/list-controls.tsx) need for one list page. */
export function listLinks<S extends string>(
  spec: ListSpec<S>,
  p: ListParams<S>,
  base: string,
  next: { key: string; id: string } | null,
  extra: Record<string, string | undefined> = {},
) {
  const href = (sort: string, dir: SortDirection, after?: string) => listHref(base, { sort, dir, after, extra });
  return {
    sorts: (Object.entries(spec.sorts) as [S, SortOption][]).map(([value, o]) => ({ value, label: o.label, href: href(value, o.defaultDir) })),
    sort: p.sort,
    dir: p.dir,
    reverseHref: href(p.sort, p.dir === "asc" ? "desc" : "asc"),
    notices: p.notices,
    firstHref: p.after ? href(p.sort, p.dir) : null,
    nextHref: next ? href(p.sort, p.dir, encodeListCursor(p.sort, p.dir, next)) : null,
  };
}
