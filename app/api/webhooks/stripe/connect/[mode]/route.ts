import { admitWebhook } from "@/lib/webhooks/admission";
import { handleConnectWebhook } from "@/lib/webhooks/connect-ingest";

/**
 * The platform's one Connect endpoint (lib/webhooks/connect-ingest.ts): events of every connected
 * account, routed by `event.account`. Like the per-tenant route, under `next start` the webhook
 * lane (lib/webhooks/node-lane.ts) answers this path first with the same calls.
 */
export async function POST(request: Request, { params }: { params: Promise<{ mode: string }> }) {
  const { mode } = await params;
  return admitWebhook({ tenantId: "connect", mode }, (db) => handleConnectWebhook(db, request, { mode }));
}
