import type { Db } from "@/db/client";
import { listWebhookEvents, type WebhookEventFilter } from "@/db/queries/webhook-events";
import { maskClientSecrets } from "@/lib/crypto/mask";

/**
 * One page of the admin event log, as it may be shown: payloads keep everything Stripe sent except
 * client secrets (PaymentIntent, SetupIntent, Checkout Session, an invoice's confirmation secret),
 * which would let anyone who sees the page confirm or read a member's payment.
 */
export async function loadEventLogPage(db: Db, filter: WebhookEventFilter) {
  const { rows, hasMore } = await listWebhookEvents(db, filter);
  return { rows: rows.map((row) => ({ ...row, payload: maskClientSecrets(row.payload) })), hasMore };
}
