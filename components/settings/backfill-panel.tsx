import type { BackfillView } from "@/lib/backfill/backfill-view";

const STATUS_TEXT = { queued: "Queued", running: "Importing…", done: "Imported", failed: "Stopped" } as const;

/** Progress of the import of the account's existing objects: a bar, then the count per kind. */
export function BackfillPanel({ view, format }: { view: BackfillView | null; format: (d: Date) => string }) {
  if (!view) {
    return (
      <p className="text-sm text-slate-600" data-testid="backfill">
        Nothing imported yet. Connecting an account imports its existing data automatically; you can also start it here.
      </p>
    );
  }
  return (
    <div className="text-sm" data-testid="backfill">
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-medium text-slate-900">
          {STATUS_TEXT[view.status]} · {view.percent}%
        </p>
        <p className="text-slate-600">
          {view.finishedAt ? `Finished ${format(view.finishedAt)}` : view.startedAt ? `Started ${format(view.startedAt)}` : "Waiting for a worker"}
        </p>
      </div>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={view.percent}
        className="h-2.5 w-full overflow-hidden rounded-full bg-slate-100"
      >
        <div className={`h-full rounded-full ${view.status === "done" ? "bg-emerald-500" : "bg-brand-600"}`} style={{ width: `${view.percent}%` }} />
      </div>
      {view.lastError && view.status !== "done" ? <p className="mt-2 text-amber-800">{view.lastError}</p> : null}
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-5">
        {view.steps.map((step) => (
          <div key={step.kind} className="min-w-0">
            <dt className="truncate text-slate-500">{step.label}</dt>
            <dd className={`font-medium tabular-nums ${step.state === "waiting" ? "text-slate-400" : "text-slate-900"}`}>
              {step.imported.toLocaleString("en-US")}
              {step.state === "importing" ? <span className="ml-1 text-xs font-normal text-brand-700">importing</span> : null}
              {step.state === "done" ? <span className="sr-only"> (done)</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      {view.membersLinked ? (
        <p className="mt-3 text-slate-600">
          {view.membersLinked} customer{view.membersLinked === 1 ? "" : "s"} linked back to portal members.
        </p>
      ) : null}
    </div>
  );
}
