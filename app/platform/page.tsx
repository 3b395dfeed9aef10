import type { Metadata } from "next";
import { getDb } from "@/db";
import { TenantsTable } from "@/components/platform/tenants-table";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatMoney } from "@/lib/money";
import { loadPlatformTenantsView } from "@/lib/platform/console-view";
import { requirePlatformAdmin } from "@/lib/platform/require-operator";

export const metadata: Metadata = { title: "Tenants" };

export default async function PlatformTenantsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  await requirePlatformAdmin();
  const q = (await searchParams).q;
  const view = await loadPlatformTenantsView(await getDb(), { search: typeof q === "string" ? q : undefined });
  return (
    <>
      <PageHeader
        title="Tenants"
        description={`Client organisations on MemberPulse: ${view.totals.active} active, ${view.totals.suspended} suspended. MRR of those listed: ${view.mrr.length ? view.mrr.map((m) => formatMoney(m.amount, m.currency)).join(" + ") : "none yet"}.`}
      />
      <Card>
        <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-2">
          <div className="min-w-0 flex-1">
            <label htmlFor="tenant-search" className="block text-sm font-medium text-slate-800">
              Search by name or address
            </label>
            <input
              id="tenant-search"
              name="q"
              type="search"
              defaultValue={view.search}
              maxLength={100}
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
            />
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        <TenantsTable rows={view.tenants} search={view.search} />
        {view.more ? <p className="mt-3 text-sm text-slate-600">Showing the newest 100. Search to narrow the list.</p> : null}
      </Card>
    </>
  );
}
