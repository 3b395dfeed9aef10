import type { WebhookHealth } from "@/lib/webhooks/health";

function when(d: Date | null, format: (d: Date) => string) {
  return d ? format(d) : "Never";
}

/** What Stripe has been sending: the last event, the last delivery we refused, and events that failed to apply. */
export function WebhookHealthPanel({ health, format }: { health: WebhookHealth; format: (d: Date) => string }) {
  if (!health.lastEventAt && !health.lastSignatureFailureAt && health.failedCount === 0) {
    return <p className="text-sm text-slate-600" data-testid="webhook-health">No events have been received for this mode yet.</p>;
  }
  return <Figures health={health} format={format} />;
}

function Figures({ health, format }: { health: WebhookHealth; format: (d: Date) => string }) {
  return (
    <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-3" data-testid="webhook-health">
      <div>
        <dt className="text-slate-500">Last event received</dt>
        <dd className="font-medium text-slate-900">{when(health.lastEventAt, format)}</dd>
        {health.lastEventType ? <dd className="font-mono text-xs text-slate-600">{health.lastEventType}</dd> : null}
      </div>
      <div>
        <dt className="text-slate-500">Last signature failure</dt>
        <dd className={`font-medium ${health.lastSignatureFailureAt ? "text-red-700" : "text-slate-900"}`}>{when(health.lastSignatureFailureAt, format)}</dd>
      </div>
      <div>
        <dt className="text-slate-500">Failed events</dt>
        <dd className={`font-medium ${health.failedCount ? "text-red-700" : "text-slate-900"}`}>{health.failedCount}</dd>
      </div>
    </dl>
  );
}

/**
 * The last reconciliation with Stripe's events list: when, and how many events Stripe had that the
 * portal had missed (drift). Runs hourly; "Reconcile now" queues one at once.
 */
export function ReconciliationSummary({ reconciliation, format }: { reconciliation: WebhookHealth["reconciliation"]; format: (d: Date) => string }) {
  if (!reconciliation) return <p className="text-sm text-slate-600" data-testid="reconciliation">Not reconciled yet: the first run lists the last 30 days of events.</p>;
  const { recovered, scanned, at, totalRecovered, error } = reconciliation;
  return (
    <div className="text-sm" data-testid="reconciliation">
      <p className={`font-medium ${recovered ? "text-amber-800" : "text-slate-900"}`}>
        Reconciled: {recovered} event{recovered === 1 ? "" : "s"} recovered
      </p>
      <p className="text-slate-600">
        {format(at)} · {scanned} event{scanned === 1 ? "" : "s"} checked · {totalRecovered} recovered in all
      </p>
      {error ? <p className="mt-1 text-red-700">{error}</p> : null}
    </div>
  );
}
