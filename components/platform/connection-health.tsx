import { StripeStatusBadge } from "@/components/settings/stripe-status-badge";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import type { ConnectionHealth } from "@/lib/platform/console-view";

function yesNo(v: boolean | null): string {
  return v === null ? "Unknown" : v ? "Yes" : "No";
}

/** One mode of a tenant's Stripe connection: health and webhook figures, never a key or its mask. */
export async function ConnectionHealthCard({ c }: { c: ConnectionHealth }) {
  const { formatDateTime } = await viewerDateFormat();
  const rows: [string, string][] = [
    ["Keys", c.keys === "none" ? "Not connected" : c.keys[0]!.toUpperCase() + c.keys.slice(1)],
    ["Last checked", c.checkedAt ? formatDateTime(c.checkedAt) : "Never"],
    ["Account", c.accountId ?? "—"],
    ["Charges / payouts enabled", `${yesNo(c.chargesEnabled)} / ${yesNo(c.payoutsEnabled)}`],
    ["Webhook endpoint", c.webhookEndpointRegistered ? "Registered by the portal" : "Not registered by the portal"],
    ["Last webhook", c.lastEventAt ? `${formatDateTime(c.lastEventAt)}${c.lastEventType ? ` · ${c.lastEventType}` : ""}` : "Never"],
    ["Failed events", String(c.failedEvents)],
    ["Last signature failure", c.lastSignatureFailureAt ? formatDateTime(c.lastSignatureFailureAt) : "None"],
  ];
  return (
    <section className="rounded-lg p-4 ring-1 ring-slate-200" data-testid={`connection-${c.mode}`}>
      <header className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900">
          {c.mode === "live" ? "Live" : "Test"} mode{c.active ? <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700">in use</span> : null}
        </h3>
        <StripeStatusBadge badge={c.badge} />
      </header>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1.5 text-sm sm:grid-cols-[11rem_minmax(0,1fr)]">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="break-words text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
