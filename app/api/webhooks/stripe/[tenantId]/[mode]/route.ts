import { getDb } from "@/db";
import { handleStripeWebhook } from "@/lib/webhooks/ingest";

/** Stripe → portal. Outside proxy.ts's matcher and without a session lookup: see lib/webhooks/ingest.ts. */
export async function POST(request: Request, { params }: { params: Promise<{ tenantId: string; mode: string }> }) {
  return handleStripeWebhook(await getDb(), request, await params);
}
