import type { Db } from "@/db/client";
import type { StripeMode } from "@/db/schema";
import { recordPlatformSignatureFailure } from "@/db/queries/platform-audit";
import { logger } from "@/lib/log";
import { verifyStripeWebhook } from "@/lib/stripe/verify-webhook";
import { retrievePlatformSubscription } from "@/lib/stripe/platform-billing";
import { readBodyWithLimit } from "@/lib/webhooks/read-body";
import { platformStripeOrNull } from "../platform-stripe";
import { PlatformProjectionError, processPlatformEvent, type PlatformFetcher } from "./process";

/** The path segment that names the platform's own endpoint instead of a tenant id. */
export const PLATFORM_WEBHOOK_SEGMENT = "platform";
const MAX_BODY_BYTES = 512 * 1024;

function refuse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store" } });
}

export type PlatformIngestOptions = { fetchLatest?: PlatformFetcher };

/**
 * POST /api/webhooks/stripe/platform/{mode}: the platform account's deliveries (platform billing).
 * Same contract as a tenant's endpoint (lib/webhooks/ingest.ts): the secret is chosen by the URL
 * (STRIPE_PLATFORM_WEBHOOK_SECRET, never a tenant's), raw-body SDK verification with the 300 s
 * tolerance, livemode must match the URL and the platform's mode, then the exactly-once transaction
 * into platform tables only. 200 with the outcome in `x-webhook-outcome`; 500 makes Stripe retry.
 */
export async function handlePlatformWebhook(db: Db, request: Request, params: { mode: string }, opts: PlatformIngestOptions = {}): Promise<Response> {
  const platform = platformStripeOrNull();
  if (params.mode !== "test" && params.mode !== "live") return refuse(404, "not_found", "Unknown webhook endpoint.");
  const mode: StripeMode = params.mode;
  if (!platform || platform.mode !== mode) return refuse(404, "not_found", "Unknown webhook endpoint.");
  if (!platform.webhookSecret) return refuse(409, "stripe_not_configured", "No platform webhook signing secret is configured (STRIPE_PLATFORM_WEBHOOK_SECRET).");
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BODY_BYTES) return refuse(413, "payload_too_large", "Body too large.");
  const rawBody = await readBodyWithLimit(request, MAX_BODY_BYTES);
  if (rawBody === null) return refuse(413, "payload_too_large", "Body too large.");

  const verified = verifyStripeWebhook(rawBody, request.headers.get("stripe-signature"), platform.webhookSecret);
  if (!verified.ok) {
    if (verified.reason === "malformed_payload") return refuse(400, "bad_request", "Body is not a JSON event.");
    await recordPlatformSignatureFailure(db, { mode, reason: verified.message });
    logger.warn("platform_webhook.signature_failed", { mode, reason: verified.message });
    return refuse(400, "bad_request", verified.answer);
  }
  const event = verified.event;
  if (typeof event.id !== "string" || typeof event.type !== "string" || typeof event.created !== "number" || typeof event.data?.object !== "object") {
    return refuse(400, "bad_request", "Body is not a Stripe event.");
  }
  if (event.livemode !== (mode === "live")) return refuse(400, "bad_request", `Event livemode does not match this ${mode}-mode endpoint.`);

  try {
    const fetchLatest: PlatformFetcher = opts.fetchLatest ?? ((_kind, id) => retrievePlatformSubscription(platform.client, id));
    const result = await processPlatformEvent(db, mode, event, rawBody, { fetchLatest });
    return new Response(null, { status: 200, headers: { "cache-control": "no-store", "x-webhook-outcome": result.outcome } });
  } catch (error) {
    if (!(error instanceof PlatformProjectionError)) throw error;
    logger.error("platform_webhook.projection_failed", { mode, eventId: event.id, type: event.type, error: error.detail });
    return refuse(500, "internal_error", "Event could not be processed; it will be retried.");
  }
}
