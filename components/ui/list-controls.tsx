import Link from "next/link";
import { buttonClass } from "./button";

type Direction = "asc" | "desc";

export type ListControlsProps = {
  /** What the list holds, for screen readers ("invoices"). */
  noun: string;
  sorts: { value: string; label: string; href: string }[];
  sort: string;
  dir: Direction;
  /** The same sort in the other direction (the active sort's link). */
  reverseHref: string;
  /** What was ignored from the URL (lib/lists/list-params.ts). */
  notices: string[];
};

const ARROW: Record<Direction, string> = { asc: "↑", desc: "↓" };
const SPOKEN: Record<Direction, string> = { asc: "ascending", desc: "descending" };

/** Sort links above a keyset list: the active one shows its direction and reverses it when followed. */
export function ListSortControls({ noun, sorts, sort, dir, reverseHref, notices }: ListControlsProps) {
  return (
    <div className="mb-3 space-y-2">
      {notices.length ? (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="list-notice">
          {notices.join(" ")}
        </p>
      ) : null}
      <nav aria-label={`Sort ${noun}`} className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-500">Sort by</span>
        {sorts.map((s) => {
          const active = s.value === sort;
          return (
            <Link
              key={s.value}
              href={active ? reverseHref : s.href}
              aria-current={active ? "true" : undefined}
              aria-label={active ? `${s.label}, ${SPOKEN[dir]}; reverse the order` : `Sort by ${s.label.toLowerCase()}`}
              className={`inline-flex min-h-8 items-center rounded-full px-3 py-1 ring-1 ${active ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
            >
              {s.label}
              {active ? <span aria-hidden="true" className="ml-1">{ARROW[dir]}</span> : null}
            </Link>
          );
        })}
      </nav>
    </div>
  );
}

/** First / next page links below a keyset list (keyset pages only go forward; the first page is one link away). */
export function ListPager({ noun, firstHref, nextHref, shown }: { noun: string; firstHref: string | null; nextHref: string | null; shown: number }) {
  if (!firstHref && !nextHref) return null;
  return (
    <nav aria-label={`Pages of ${noun}`} className="mt-4 flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 pt-3 text-sm">
      <span className="text-slate-500">
        {shown} {noun} on this page
      </span>
      <span className="flex flex-wrap gap-2">
        {firstHref ? (
          <Link href={firstHref} className={buttonClass("secondary")}>
            First page
          </Link>
        ) : null}
        {nextHref ? (
          <Link href={nextHref} className={buttonClass("secondary")} rel="next">
            Next page
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
