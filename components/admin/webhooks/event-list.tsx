import type { StripeMode, WebhookEventStatus } from "@/lib/domain-types";
import { EmptyState } from "@/components/ui/empty-state";
import { ReplayButton } from "./replay-button";
import { REPLAYABLE_STATUSES } from "@/lib/webhooks/replay";
import { formatDateTime } from "@/lib/format-date-time";
import { StatusBadge } from "./status-badge";

export type EventLogRow = {
  id: string;
  mode: StripeMode;
  eventId: string;
  type: string;
  status: WebhookEventStatus;
  attempts: number;
  lastError: string | null;
  note: string | null;
  receivedAt: Date;
  processedAt: Date | null;
  payload: unknown;
};

/**
 * One card per event: what arrived, what became of it, the raw payload, and Replay where it helps.
 * Dates in the viewer's `timeZone` (the page reads it; the component stays a plain function of its props).
 */
export function EventList({ slug, rows, canReplay, filtered, timeZone }: { slug: string; rows: EventLogRow[]; canReplay: boolean; filtered: boolean; timeZone: string }) {
  if (rows.length === 0) {
    return filtered ? (
      <EmptyState title="No events match these filters">Try a wider date range or clear the filters.</EmptyState>
    ) : (
      <EmptyState title="No webhook events yet">Events Stripe sends to this portal&apos;s webhook URL appear here, with their payload and what the portal did with them.</EmptyState>
    );
  }
  return (
    <ul className="divide-y divide-slate-100" aria-label="Webhook events">
      {rows.map((r) => (
        <li key={r.id} className="py-3" data-event-id={r.eventId}>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <StatusBadge status={r.status} />
            <span className="font-mono text-sm font-medium text-slate-900">{r.type}</span>
            {r.mode === "live" ? <span className="rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700">live</span> : <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800">test</span>}
          </div>
          <p className="mt-1 break-all text-xs text-slate-500">
            <span className="font-mono">{r.eventId}</span> · received {formatDateTime(r.receivedAt, timeZone)} · {r.attempts} {r.attempts === 1 ? "attempt" : "attempts"}
          </p>
          {r.note ? <p className="mt-1 text-sm text-slate-600">{r.note}</p> : null}
          {r.lastError ? (
            <p className="mt-2 rounded-md bg-red-50 px-3 py-2 font-mono text-xs break-words text-red-800">
              <span className="sr-only">Error: </span>
              {r.lastError}
            </p>
          ) : null}
          <div className="mt-2 flex flex-wrap items-start gap-3">
            <details className="min-w-0 flex-1 basis-64">
              <summary className="inline-flex min-h-6 cursor-pointer items-center text-sm font-medium text-brand-600 hover:underline">Payload</summary>
              <pre className="mt-2 max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">{JSON.stringify(r.payload, null, 2)}</pre>
            </details>
            {canReplay && (REPLAYABLE_STATUSES as readonly string[]).includes(r.status) ? <ReplayButton slug={slug} eventRowId={r.id} eventId={r.eventId} /> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
