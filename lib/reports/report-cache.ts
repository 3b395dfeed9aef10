import "server-only";
import type { Db } from "@/db/client";
import type { StripeMode } from "@/db/schema";
import { loadRevenueReport, type RevenueReport } from "./revenue-report";

/*
 * The admin overview's revenue headline, kept for a minute per tenant, mode and span: it is the
 * page's costliest read (five aggregate statements, hundreds of milliseconds at a million payments)
 * and it only moves when Stripe tells us something. The webhook engine drops a tenant's entries when
 * it projects one of its events (lib/webhooks/process-event.ts), so this process shows a payment at
 * once; another instance behind the same database shows it within TTL_MS. Credits spent in the
 * portal (not a webhook) also show within TTL_MS.
 */
const TTL_MS = 60_000;
const MAX_ENTRIES = 1_000;
type Entry = { at: number; report: Promise<RevenueReport> };
const entries = new Map<string, Entry>();

export function cachedRevenueReport(db: Db, q: { tenantId: string; mode: StripeMode; months: number }, now = Date.now()): Promise<RevenueReport> {
  const key = `${q.tenantId}:${q.mode}:${q.months}`;
  const hit = entries.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.report;
  const report = loadRevenueReport(db, q);
  // A failed read is not kept: the next request tries again.
  report.catch(() => entries.get(key)?.report === report && entries.delete(key));
  entries.delete(key);
  entries.set(key, { at: now, report });
  // Oldest first in a Map: drop from the front when full.
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return report;
}

/** Stripe changed something of this tenant's: its next overview reads the figures afresh. */
export function forgetRevenueReports(tenantId: string) {
  for (const key of entries.keys()) if (key.startsWith(`${tenantId}:`)) entries.delete(key);
}
