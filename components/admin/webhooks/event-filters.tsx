import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/handled-events";
import { WEBHOOK_EVENT_STATUSES, type EventLogFilter } from "@/lib/webhooks/event-log-filter";

const input = "mt-1 block h-9 w-full rounded-md border-0 px-2.5 py-1.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600";
const label = "block text-xs font-medium text-slate-600";

/** A plain GET form: filters live in the URL, so a filtered view can be shared and bookmarked. */
export function EventFilters({ slug, filter }: { slug: string; filter: EventLogFilter }) {
  return (
    <form method="get" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end" aria-label="Filter events">
      <div className="col-span-2 sm:col-span-3 lg:col-span-2">
        <label htmlFor="f-type" className={label}>Event type</label>
        <input id="f-type" name="type" list="event-types" defaultValue={filter.type ?? ""} placeholder="e.g. invoice.paid" className={input} />
        <datalist id="event-types">
          {HANDLED_EVENT_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </div>
      <div>
        <label htmlFor="f-status" className={label}>Status</label>
        <select id="f-status" name="status" defaultValue={filter.status ?? ""} className={input}>
          <option value="">Any</option>
          {WEBHOOK_EVENT_STATUSES.map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-mode" className={label}>Mode</label>
        <select id="f-mode" name="mode" defaultValue={filter.mode ?? ""} className={input}>
          <option value="">Both</option>
          <option value="test">Test</option>
          <option value="live">Live</option>
        </select>
      </div>
      <div>
        <label htmlFor="f-from" className={label}>From (UTC)</label>
        <input id="f-from" name="from" type="date" defaultValue={filter.fromText ?? ""} className={input} />
      </div>
      <div>
        <label htmlFor="f-to" className={label}>To (UTC)</label>
        <input id="f-to" name="to" type="date" defaultValue={filter.toText ?? ""} className={input} />
      </div>
      <div className="col-span-2 flex gap-2 sm:col-span-3 lg:col-span-6">
        <button type="submit" className={buttonClass("primary")}>Apply filters</button>
        <Link href={`/${slug}/admin/webhooks`} className={buttonClass("ghost")}>Clear</Link>
      </div>
    </form>
  );
}
