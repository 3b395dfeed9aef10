import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/db";
import type { StripeMode } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit-log";
import { getStripeSettings, upsertStripeSettings } from "@/db/queries/stripe-settings";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { maskSecret } from "@/lib/crypto/mask";
import { logger } from "@/lib/log";
import { StripeNotConfiguredError } from "@/lib/stripe/errors";
import { createPortalWebhookEndpoint, deleteWebhookEndpoint, enableHandledEvents, findEndpointsFor, missingEventTypes } from "@/lib/stripe/webhook-endpoints";
import { stripeFor } from "./resolve";
import type { SettingsActor, SettingsResult } from "./settings-result";
import { forgetWebhookSecrets } from "./webhook-secret-cache";
import { stripeWebhookUrl } from "./webhook-url";

/**
 * The portal's own endpoint (its signing secret is the one stored) from an older version: add the
 * event types it lacks. The secret stays the same, so nothing else has to change.
 */
async function addMissingEvents(db: Db, actor: SettingsActor, stripe: Stripe, endpoint: Stripe.WebhookEndpoint, mode: StripeMode): Promise<SettingsResult> {
  const missing = missingEventTypes(endpoint);
  await enableHandledEvents(stripe, endpoint.id);
  await recordAudit(db, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "stripe.webhook_endpoint_updated",
    target: `${mode} mode: ${endpoint.id}`,
    fields: ["enabled_events"],
    requestId: actor.requestId,
  });
  return { ok: true, message: `Webhook endpoint ${endpoint.id} now also sends ${missing.join(", ")}; its signing secret is unchanged.` };
}

/**
 * Registers this tenant's webhook URL in its Stripe account with every event type the portal
 * handles and the pinned API version, and stores the signing secret (returned only now) encrypted.
 * An existing endpoint for the same URL is replaced only when the admin asked for it (`replace`);
 * the portal's own existing endpoint that lacks event types the portal now handles is updated instead.
 */
export async function createWebhookEndpoint(db: Db, actor: SettingsActor, { mode, replace = false }: { mode: StripeMode; replace?: boolean }): Promise<SettingsResult> {
  let stripe: Stripe;
  try {
    const resolved = await stripeFor(db, { tenantId: actor.tenantId, mode, timeoutMs: 15_000, maxNetworkRetries: 1 });
    // A Connect tenant's events come through the platform's Connect endpoint: no endpoint of its own.
    if (resolved.source === "connect") return { ok: false, error: "Connected with Stripe Connect: events arrive through the platform's Connect endpoint, so this portal needs no webhook endpoint of its own." };
    stripe = resolved.client;
  } catch (error) {
    if (error instanceof StripeNotConfiguredError) return { ok: false, error: error.message };
    throw error;
  }
  const url = stripeWebhookUrl({ tenantId: actor.tenantId, mode });
  let endpoint: Stripe.WebhookEndpoint;
  let replaced: string[] = [];
  try {
    const existing = await findEndpointsFor(stripe, url);
    const stored = existing.length > 0 && !replace ? (await getStripeSettings(db, { tenantId: actor.tenantId, mode }))?.webhookEndpointId : null;
    const own = existing.find((e) => e.id === stored);
    if (own && missingEventTypes(own).length > 0) return await addMissingEvents(db, actor, stripe, own, mode);
    if (existing.length > 0 && !replace) {
      return { ok: false, existingEndpointId: existing[0]?.id, error: `Stripe already has an endpoint for this URL (${existing[0]?.id}). Replace it to get a new signing secret.` };
    }
    for (const old of existing) await deleteWebhookEndpoint(stripe, old.id);
    replaced = existing.map((e) => e.id);
    endpoint = await createPortalWebhookEndpoint(stripe, { url, metadata: { tenant_id: actor.tenantId, mode } });
  } catch (error) {
    logger.warn("stripe.webhook_endpoint_failed", { tenantId: actor.tenantId, mode, message: error instanceof Error ? error.message : String(error) });
    return { ok: false, error: "Stripe did not accept the request to create the endpoint. Test the connection, then try again." };
  }
  const secret = endpoint.secret;
  if (!secret) return { ok: false, error: "Stripe created the endpoint but returned no signing secret. Paste it from the Dashboard into Webhook signing secret." };

  await db.transaction(async (tx) => {
    await upsertStripeSettings(tx, {
      tenantId: actor.tenantId,
      mode,
      patch: { webhookEndpointId: endpoint.id, webhookEndpointUrl: url, webhookSecretEnc: encryptSecret(secret), webhookSecretHint: maskSecret(secret) },
    });
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: replaced.length ? "stripe.webhook_endpoint_replaced" : "stripe.webhook_endpoint_created",
      target: `${mode} mode: ${endpoint.id}`,
      fields: ["webhook_endpoint_id", "webhook_secret"],
      requestId: actor.requestId,
    });
  });
  forgetWebhookSecrets(actor.tenantId);
  return { ok: true, message: `${replaced.length ? "Replaced" : "Created"} webhook endpoint ${endpoint.id}; its signing secret is stored.` };
}
