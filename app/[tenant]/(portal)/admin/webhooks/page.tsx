import type { Metadata } from "next";
import { viewerTimeZone } from "@/lib/viewer-date-format";
import Link from "next/link";
import { getDb } from "@/db";
import { EventFilters } from "@/components/admin/webhooks/event-filters";
import { EventList } from "@/components/admin/webhooks/event-list";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { cursorOf, eventLogQuery, parseEventLogFilter } from "@/lib/webhooks/event-log-filter";
import { loadEventLogPage } from "@/lib/webhooks/event-log-view";

export const metadata: Metadata = { title: "Webhook events" };
const PAGE = 25;
const REPLAY_NOTICE = {
  processed: "Replayed and processed:",
  ignored: "Replayed; the portal still ignores this event:",
  duplicate: "Already processed, nothing changed:",
} as const;

export default async function WebhookEventsPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { tenant, role } = await requireTenant((await params).tenant, "webhooks.view");
  const filter = parseEventLogFilter(await searchParams);
  const { rows, hasMore } = await loadEventLogPage(await getDb(), { tenantId: tenant.id, ...filter, limit: PAGE });
  const last = rows.at(-1);
  const filtered = !!(filter.eventId || filter.type || filter.status || filter.mode || filter.from || filter.to);
  return (
    <>
      <PageHeader title="Webhook events" description="Every verified event Stripe delivered, newest first: what the portal did with it, its payload, and any error. Failed or ignored events can be replayed." />
      {filter.replayed && filter.eventId ? (
        <p role="status" className="mb-4 rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-900 ring-1 ring-emerald-600/20">
          {REPLAY_NOTICE[filter.replayed]} <span className="font-mono">{filter.eventId}</span>
        </p>
      ) : null}
      <Card className="mb-4">
        <EventFilters slug={tenant.slug} filter={filter} />
      </Card>
      <Card>
        <EventList slug={tenant.slug} rows={rows} canReplay={can(role, "webhooks.replay")} filtered={filtered} timeZone={await viewerTimeZone()} />
        <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
          {filter.before ? (
            <Link href={`/${tenant.slug}/admin/webhooks${eventLogQuery(filter)}`} className="font-medium text-brand-600 hover:underline">← Newest</Link>
          ) : <span />}
          {hasMore && last ? (
            <Link href={`/${tenant.slug}/admin/webhooks${eventLogQuery(filter, cursorOf(last))}`} className="font-medium text-brand-600 hover:underline">Older →</Link>
          ) : null}
        </nav>
      </Card>
    </>
  );
}
