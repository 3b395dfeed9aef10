import type { Db } from "@/db/client";
import { findTenantByConnectAccount, recordUnroutedEvent } from "@/db/queries/stripe-connect";
import type { StripeMode } from "@/db/schema";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { verifyStripeWebhook } from "@/lib/stripe/verify-webhook";
import { stripeLatestFetcher } from "./fetch-latest";
import { accepted, isEventShaped, MAX_WEBHOOK_BODY_BYTES, refuse, type IngestOptions } from "./ingest";
import { processEvent, UnknownTenantError, WebhookProjectionError } from "./process-event";
import { readBodyWithLimit } from "./read-body";

export const CONNECT_WEBHOOK_SEGMENT = "connect";

/**
 * POST /api/webhooks/stripe/connect/{mode}: the platform's one Connect endpoint (`connect=true` in
 * Stripe), signed with STRIPE_CONNECT_WEBHOOK_SECRET. Each event names its connected `account`;
 * the tenant connected to that account in this mode gets it, through the same exactly-once
 * processEvent as a tenant's own endpoint. An event for an account no tenant owns is recorded in
 * connect_unrouted_events and answered 200 (Stripe must not keep retrying it): never projected.
 */
export async function handleConnectWebhook(db: Db, request: Request, params: { mode: string }, opts: IngestOptions = {}): Promise<Response> {
  if (params.mode !== "test" && params.mode !== "live") return refuse(404, "not_found", "Unknown webhook endpoint.");
  const mode: StripeMode = params.mode;
  const secret = env().STRIPE_CONNECT_WEBHOOK_SECRET;
  if (!secret) return refuse(404, "not_found", "Unknown webhook endpoint.");

  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_WEBHOOK_BODY_BYTES) return refuse(413, "payload_too_large", "Body too large.");
  const rawBody = await readBodyWithLimit(request, MAX_WEBHOOK_BODY_BYTES);
  if (rawBody === null) return refuse(413, "payload_too_large", "Body too large.");

  const verified = verifyStripeWebhook(rawBody, request.headers.get("stripe-signature"), secret);
  if (!verified.ok) {
    if (verified.reason === "malformed_payload") return refuse(400, "bad_request", "Body is not a JSON event.");
    logger.warn("webhook.connect_signature_failed", { mode, reason: verified.message });
    return refuse(400, "bad_request", verified.answer);
  }
  const event = verified.event;
  if (!isEventShaped(event)) return refuse(400, "bad_request", "Body is not a Stripe event.");
  if (event.livemode !== (mode === "live")) return refuse(400, "bad_request", `Event livemode does not match this ${mode}-mode endpoint.`);

  const account = typeof event.account === "string" ? event.account : null;
  const tenantId = account ? await findTenantByConnectAccount(db, { mode, accountId: account }) : null;
  if (!tenantId) {
    await recordUnroutedEvent(db, { mode, eventId: event.id, accountId: account, type: event.type });
    logger.info("webhook.connect_unrouted", { mode, eventId: event.id, account, type: event.type });
    return accepted("ignored");
  }
  const scope = { tenantId, mode };
  try {
    const result = await processEvent(db, scope, event, rawBody, { fetchLatest: opts.fetchLatest ?? stripeLatestFetcher(db, scope) });
    return accepted(result.outcome);
  } catch (error) {
    if (error instanceof UnknownTenantError) return refuse(404, "not_found", "Unknown webhook endpoint.");
    if (!(error instanceof WebhookProjectionError)) throw error;
    logger.error("webhook.projection_failed", { tenantId, mode, eventId: event.id, type: event.type, error: error.detail });
    return refuse(500, "internal_error", "Event could not be processed; it will be retried.");
  }
}
