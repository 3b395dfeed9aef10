import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { getTenantById } from "@/db/queries/tenants";
import { recordSignatureFailure } from "@/db/queries/webhook-events";
import type { StripeMode } from "@/db/schema";
import { logger } from "@/lib/log";
import { verifyStripeWebhook } from "@/lib/stripe/verify-webhook";
import { webhookSecretFor } from "@/lib/stripe-connection/webhook-secret-cache";
import type { LatestFetcher } from "./context";
import { stripeLatestFetcher } from "./fetch-latest";
import { isForeignKeyViolation, processEvent, UnknownTenantError, WebhookProjectionError } from "./process-event";
import { readBodyWithLimit } from "./read-body";
import { isUuid } from "@/lib/ids";
import { handlePlatformWebhook, PLATFORM_WEBHOOK_SEGMENT } from "@/lib/platform-billing/webhooks/ingest";

/** Stripe's own events are far below this; anything bigger is not a Stripe event. */
export const MAX_WEBHOOK_BODY_BYTES = 512 * 1024;


export type IngestOptions = {
  /** Settles same-second ties; defaults to retrieving from the tenant's Stripe account. */
  fetchLatest?: LatestFetcher;
};

function reply(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}
export const refuse = (status: number, code: string, message: string) => reply(status, { error: { code, message } });

/**
 * 200 without a body: Stripe reads only the status code, and inside `next start` any body is piped
 * through web streams, which cost about 0.2 ms CPU per delivery — an eighth of the whole budget
 * (bench/webhooks.ts). The outcome (processed / duplicate / ignored) is in a header for logs and
 * tests; the admin event log shows it too. Refusals keep their JSON body: the Stripe Dashboard
 * shows it beside the failed delivery.
 */
export function accepted(outcome: string): Response {
  return new Response(null, { status: 200, headers: { "cache-control": "no-store", "x-webhook-outcome": outcome } });
}

function rejectUnknownTenant(error: unknown): false {
  if (isForeignKeyViolation(error)) return false;
  throw error;
}

export function isEventShaped(value: Stripe.Event): boolean {
  const v = value as Partial<Record<keyof Stripe.Event, unknown>>;
  return (
    typeof v.id === "string" &&
    typeof v.type === "string" &&
    typeof v.created === "number" &&
    typeof v.livemode === "boolean" &&
    typeof v.data === "object" &&
    v.data !== null &&
    typeof (v.data as { object?: unknown }).object === "object"
  );
}

/**
 * POST /api/webhooks/stripe/{tenantId}/{mode}: `platform` instead of a tenant id is the platform
 * account's endpoint (lib/platform-billing/webhooks/ingest.ts). Otherwise: size limit, tenant + secret chosen by the URL,
 * SDK signature check on the raw body, livemode check, then the exactly-once transaction.
 * No session, no proxy: this path must stay lean.
 */
export async function handleStripeWebhook(
  db: Db,
  request: Request,
  params: { tenantId: string; mode: string },
  opts: IngestOptions = {},
): Promise<Response> {
  // The platform's own account (platform billing) shares the path, the gate and the lane.
  if (params.tenantId === PLATFORM_WEBHOOK_SEGMENT) return handlePlatformWebhook(db, request, params);
  const { tenantId } = params;
  if (params.mode !== "test" && params.mode !== "live") return refuse(404, "not_found", "Unknown webhook endpoint.");
  const mode: StripeMode = params.mode;
  if (!isUuid(tenantId)) return refuse(404, "not_found", "Unknown webhook endpoint.");

  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_WEBHOOK_BODY_BYTES) return refuse(413, "payload_too_large", "Body too large.");

  // Hot path: the secret comes from a short-lived cache. The tenant is only looked up when there is
  // no secret (404 vs 409); with a secret but no such tenant, the event insert's foreign key answers
  // 404 instead. A secret that cannot be decrypted is as good as none: the admin must enter it again.
  const secret = await webhookSecretFor(db, { tenantId, mode });
  if (!secret) {
    if (!(await getTenantById(db, { tenantId }))) return refuse(404, "not_found", "Unknown webhook endpoint.");
    return refuse(409, "stripe_not_configured", `No webhook signing secret is configured for ${mode} mode.`);
  }

  const rawBody = await readBodyWithLimit(request, MAX_WEBHOOK_BODY_BYTES);
  if (rawBody === null) return refuse(413, "payload_too_large", "Body too large.");

  const signature = request.headers.get("stripe-signature");
  let verified = verifyStripeWebhook(rawBody, signature, secret.secret);
  if (!verified.ok && verified.reason === "bad_signature" && secret.cached) {
    // The secret may have changed since it was cached: verify against the stored one.
    const fresh = await webhookSecretFor(db, { tenantId, mode }, { fresh: true });
    if (fresh && fresh.secret !== secret.secret) verified = verifyStripeWebhook(rawBody, signature, fresh.secret);
  }
  if (!verified.ok) {
    if (verified.reason === "malformed_payload") return refuse(400, "bad_request", "Body is not a JSON event.");
    if (!(await recordSignatureFailure(db, { tenantId, mode, reason: verified.message }).then(() => true, rejectUnknownTenant))) {
      return refuse(404, "not_found", "Unknown webhook endpoint.");
    }
    logger.warn("webhook.signature_failed", { tenantId, mode, reason: verified.message });
    return refuse(400, "bad_request", verified.answer);
  }
  const event = verified.event;
  if (!isEventShaped(event)) return refuse(400, "bad_request", "Body is not a Stripe event.");
  if (event.livemode !== (mode === "live")) {
    logger.warn("webhook.livemode_mismatch", { tenantId, mode, eventId: event.id });
    return refuse(400, "bad_request", `Event livemode does not match this ${mode}-mode endpoint.`);
  }

  try {
    const result = await processEvent(db, { tenantId, mode }, event, rawBody, {
      fetchLatest: opts.fetchLatest ?? stripeLatestFetcher(db, { tenantId, mode }),
    });
    return accepted(result.outcome);
  } catch (error) {
    if (error instanceof UnknownTenantError) return refuse(404, "not_found", "Unknown webhook endpoint.");
    if (!(error instanceof WebhookProjectionError)) throw error;
    logger.error("webhook.projection_failed", { tenantId, mode, eventId: event.id, type: event.type, error: error.detail });
    // 5xx so that Stripe retries; the event is stored as `failed` for the admin log.
    return refuse(500, "internal_error", "Event could not be processed; it will be retried.");
  }
}
