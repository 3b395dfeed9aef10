import { admitWebhook } from "@/lib/webhooks/admission";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";

/**
 * Stripe → portal. Outside proxy.ts's matcher and without a session lookup: see lib/webhooks/ingest.ts.
 * admitWebhook bounds how many deliveries use the pool at once and answers 503 (Stripe retries)
 * when a delivery cannot get its turn in time or fails on the database.
 *
 * Under `next start` / `next dev` deliveries do not reach this handler: instrumentation.ts installs
 * lib/webhooks/node-lane.ts, which answers the same path on Node's server with these same two calls
 * and skips Next's request pipeline (most of a delivery's CPU). This handler serves wherever the
 * lane is not installed, and is what the route tests call.
 */
export async function POST(request: Request, { params }: { params: Promise<{ tenantId: string; mode: string }> }) {
  const scope = await params;
  return admitWebhook(scope, (db) => handleStripeWebhook(db, request, scope));
}
