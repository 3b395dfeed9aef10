import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { getReconciliation, knownEventIds, saveReconciliationRun } from "@/db/queries/reconciliation";
import type { StripeMode } from "@/db/schema";
import { listEventsPage } from "@/lib/stripe/list-events";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import { mailTenantAdmins } from "@/lib/mail/mail-admins";
import { portalUrl } from "@/lib/mail/portal-url";
import { stripeLatestFetcher } from "@/lib/webhooks/fetch-latest";
import { isKeyRefused } from "@/lib/stripe/errors";
import { alertStripeDisconnectedNow } from "@/lib/stripe-connection/stripe-disconnected-alert";
import { processEvent, WebhookProjectionError } from "@/lib/webhooks/process-event";

/** Events created up to this long before the checkpoint are listed again (late writes, clock skew). */
const OVERLAP_SECONDS = 300;
/** How far back Stripe's events list reaches, and so the first run. */
const RETENTION_SECONDS = 30 * 24 * 3600;
/** 2,000 events per run; a run that stops there keeps its checkpoint and the next one goes on. */
const MAX_PAGES = 20;

export type ReconcileResult = { scanned: number; recovered: number; failed: number; complete: boolean };

/**
 * Lists the account's events since the stored checkpoint and feeds every one the portal has not
 * recorded through the same exactly-once path as a webhook delivery (process-event.ts): a missed
 * or lost delivery is applied once, and a run racing a late delivery — or another run — finds the
 * event done. Listing happens with no transaction or lock held; each event is its own transaction.
 */
export async function reconcileEvents(db: Db, scope: { tenantId: string; mode: StripeMode }, opts: { client?: Stripe } = {}): Promise<ReconcileResult> {
  const client = opts.client ?? (await stripeFor(db, { ...scope, maxNetworkRetries: 2, timeoutMs: 20_000 })).client;
  const state = await getReconciliation(db, scope);
  const since = state?.checkpointCreated != null ? state.checkpointCreated - OVERLAP_SECONDS : Math.floor(Date.now() / 1000) - RETENTION_SECONDS;

  const listed: Stripe.Event[] = [];
  let complete = false;
  let startingAfter: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data, has_more } = await listEventsPage(client, { createdGte: since, startingAfter }).catch(async (error: unknown) => {
      // The hourly run is the portal's health check: a refused key means Stripe is disconnected.
      if (isKeyRefused(error)) await alertStripeDisconnectedNow(db, scope, "on the hourly reconciliation");
      throw error;
    });
    listed.push(...data.filter((e) => e.created >= since && e.livemode === (scope.mode === "live")));
    const last = data.at(-1);
    if (!has_more || !last || last.created < since) {
      complete = true;
      break;
    }
    startingAfter = last.id;
  }

  const known = await knownEventIds(db, { tenantId: scope.tenantId, eventIds: listed.map((e) => e.id) });
  // Oldest first, as Stripe would have delivered them (the ingest copes with any order anyway).
  const missing = listed.filter((e) => !known.has(e.id)).sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
  let recovered = 0;
  let failed = 0;
  for (const event of missing) {
    try {
      const result = await processEvent(db, scope, event, JSON.stringify(event), { fetchLatest: stripeLatestFetcher(db, scope) });
      if (result.outcome !== "duplicate") recovered++;
    } catch (error) {
      // Recorded as failed (the re-drive job tries again); the run goes on with the others.
      if (!(error instanceof WebhookProjectionError)) throw error;
      failed++;
    }
  }
  const newest = listed.reduce<number | null>((max, e) => (max === null || e.created > max ? e.created : max), null);
  const run = {
    ...scope,
    // A run cut short keeps the old checkpoint: the events it did not reach are listed next time.
    checkpointCreated: complete ? (newest ?? state?.checkpointCreated ?? since) : (state?.checkpointCreated ?? null),
    scanned: listed.length,
    recovered,
    error: complete ? (failed ? `${failed} recovered event(s) failed to process; see the event log.` : null) : `More than ${MAX_PAGES * 100} events: the next run continues.`,
  };
  // The run's record and, when it found drift, the admins' alert: one transaction.
  const alerted = await db.transaction(async (tx) => {
    await saveReconciliationRun(tx, run);
    return recovered > 0 && alertDrift(tx, scope, recovered);
  });
  if (alerted) await nudgeMailRelay();
  return { scanned: listed.length, recovered, failed, complete };
}

function alertDrift(tx: Db, scope: { tenantId: string; mode: StripeMode }, recovered: number): Promise<boolean> {
  return mailTenantAdmins(tx, {
    tenantId: scope.tenantId,
    template: "reconcile_drift_alert",
    cause: scope.mode,
    data: (tenant) => ({ tenantName: tenant.name, mode: scope.mode, recovered, settingsUrl: portalUrl(`/${tenant.slug}/settings/integrations/stripe?mode=${scope.mode}`) }),
  });
}
