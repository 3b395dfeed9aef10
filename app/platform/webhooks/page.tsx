import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { StatusBadge } from "@/components/admin/webhooks/status-badge";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { loadPlatformWebhookLog } from "@/lib/platform-billing/console-billing";
import { requirePlatformAdmin } from "@/lib/platform/require-operator";
import { replayPlatformEventAction } from "./actions";

export const metadata: Metadata = { title: "Platform webhooks" };

const COLUMNS = ["Event", "Organisation", "Status", "Received"] as const;
const FILTERS = ["", "processed", "ignored", "failed"] as const;

export default async function PlatformWebhooksPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const { formatDateTime } = await viewerDateFormat();
  await requirePlatformAdmin();
  const status = (await searchParams).status;
  const view = await loadPlatformWebhookLog(await getDb(), { status: typeof status === "string" ? status : undefined });
  return (
    <>
      <PageHeader title="Platform webhooks" description="Events from the platform's own Stripe account (/api/webhooks/stripe/platform/{mode}), recorded exactly once. Organisations' own Stripe events are in their portals." />
      {view.signatureFailures.length > 0 ? (
        <section role="status" aria-label="Refused deliveries" data-testid="platform-signature-failures" className="mb-4 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-300">
          <p className="font-medium">Deliveries refused for a bad signature (never recorded as events)</p>
          <ul className="mt-1 space-y-1">
            {view.signatureFailures.map((f) => (
              <li key={f.mode} className="break-words">
                {f.mode} mode: {f.count} refused, the last on {formatDateTime(f.lastFailureAt)}
                {f.lastReason ? ` (${f.lastReason})` : ""}. If Stripe is the sender, STRIPE_PLATFORM_WEBHOOK_SECRET does not match the endpoint&apos;s signing secret.
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Card>
        <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-2 text-sm">
          {FILTERS.map((f) => (
            <Link
              key={f || "all"}
              href={f ? `/platform/webhooks?status=${f}` : "/platform/webhooks"}
              aria-current={view.status === f ? "page" : undefined}
              className={`rounded-full px-3 py-1 ring-1 ring-inset ${view.status === f ? "bg-brand-600 text-white ring-brand-600" : "text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
            >
              {f ? f[0]!.toUpperCase() + f.slice(1) : "All"}
            </Link>
          ))}
        </nav>
        {view.events.length === 0 ? (
          <EmptyState title="No platform events yet">They appear here once Stripe delivers to the platform endpoint.</EmptyState>
        ) : (
          <CardTable columns={COLUMNS} testId="platform-events">
            {view.events.map((e) => (
              <CardRow key={e.id} testId="platform-event-row">
                <CardCell label="Event">
                  <span className="block font-mono text-sm text-slate-900">{e.type}</span>
                  <span className="block break-all font-mono text-xs text-slate-500">{e.eventId}</span>
                  {e.lastError ? <span className="block break-words text-xs text-red-700">{e.lastError}</span> : e.note ? <span className="block text-xs text-slate-500">{e.note}</span> : null}
                </CardCell>
                <CardCell label="Organisation">
                  {e.tenantId && e.tenantName ? (
                    <Link href={`/platform/tenants/${e.tenantId}`} className="text-brand-600 hover:underline">
                      {e.tenantName}
                    </Link>
                  ) : (
                    <span className="text-slate-500">—</span>
                  )}
                </CardCell>
                <CardCell label="Status">
                  <StatusBadge status={e.status} />
                  {e.status === "failed" || e.status === "ignored" ? (
                    <ActionForm action={replayPlatformEventAction.bind(null, { id: e.id })} submitLabel="Replay" pendingLabel="Replaying…" variant="secondary" className="mt-1" />
                  ) : null}
                </CardCell>
                <CardCell label="Received" className="text-slate-600 md:whitespace-nowrap">
                  {formatDateTime(e.receivedAt)}
                  {e.attempts > 1 ? <span className="block text-xs">{e.attempts} attempts</span> : null}
                </CardCell>
              </CardRow>
            ))}
          </CardTable>
        )}
      </Card>
    </>
  );
}
