import Link from "next/link";
import type { DisplayStatus } from "@/lib/catalog/sync-status";
import { viewerDateFormat } from "@/lib/viewer-date-format";

const STYLES: Record<DisplayStatus["status"], string> = {
  synced: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  pending: "bg-sky-50 text-sky-800 ring-sky-200",
  not_mapped: "bg-slate-100 text-slate-700 ring-slate-300",
  error: "bg-red-50 text-red-800 ring-red-200",
};

/** Status + last sync + Dashboard link + (when not synced) the reason. */
export async function SyncBadge({ sync, dashboardUrl, settingsHref }: { sync: DisplayStatus; dashboardUrl: string | null; settingsHref: string }) {
  const { formatDateTime } = await viewerDateFormat();
  const notConfigured = sync.status === "not_mapped" && !!sync.message?.includes("not configured");
  return (
    <div className="min-w-0 space-y-1 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        <span data-testid="sync-status" className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 font-semibold ring-1 ring-inset ${STYLES[sync.status]}`}>
          <span aria-hidden className="size-1.5 rounded-full bg-current" />
          {sync.label}
        </span>
        {dashboardUrl ? (
          <a href={dashboardUrl} target="_blank" rel="noreferrer" className="font-medium text-brand-600 hover:underline">
            Open in Stripe<span className="sr-only"> Dashboard</span> ↗
          </a>
        ) : null}
        {sync.remoteState ? (
          <span className="rounded bg-amber-100 px-1.5 py-0.5 font-semibold text-amber-900">{sync.remoteState === "deleted" ? "Deleted in Stripe" : "Archived in Stripe"}</span>
        ) : null}
      </div>
      {sync.lastSyncedAt ? <p className="text-slate-500">Last synced {formatDateTime(sync.lastSyncedAt)}</p> : null}
      {sync.message ? (
        <p className={sync.status === "error" ? "text-red-700" : "text-slate-600"}>
          {sync.message}
          {notConfigured ? (
            <>
              {" "}
              <Link href={settingsHref} className="font-medium text-brand-600 underline">
                Open Stripe settings
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
