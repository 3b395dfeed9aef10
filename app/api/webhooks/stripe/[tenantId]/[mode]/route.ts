import { admitWebhook } from "@/lib/webhooks/admission";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";

/**
 * Stripe → portal. Outside proxy.ts's matcher and without a session lookup: see lib/webhooks/ingest.ts.
 * admitWebhook bounds how many deliveries use the pool at once and answers 503 (Stripe retries)
 * when a delivery cannot get its turn in time or fails on the database.
 */
export async function POST(request: Request, { params }: { params: Promise<{ tenantId: string; mode: string }> }) {
  const scope = await params;
  return admitWebhook(scope, (db) => handleStripeWebhook(db, request, scope));
}
