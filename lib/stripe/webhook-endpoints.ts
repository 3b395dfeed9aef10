import "server-only";
import type Stripe from "stripe";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/handled-events";
import { STRIPE_API_VERSION } from "./client";

/** Every endpoint in the account that delivers to `url` (an account may hold one per portal URL, or stray copies). */
export async function findEndpointsFor(stripe: Stripe, url: string): Promise<Stripe.WebhookEndpoint[]> {
  const found: Stripe.WebhookEndpoint[] = [];
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) if (endpoint.url === url) found.push(endpoint);
  return found;
}

/** Handled event types an endpoint does not send (a newer portal handles more, e.g. invoice_payment.paid). */
export function missingEventTypes(endpoint: Pick<Stripe.WebhookEndpoint, "enabled_events">): string[] {
  if (endpoint.enabled_events.includes("*")) return [];
  return HANDLED_EVENT_TYPES.filter((type) => !endpoint.enabled_events.includes(type));
}

/** Makes an existing endpoint send every event type the portal handles; its signing secret stays. */
export async function enableHandledEvents(stripe: Stripe, endpointId: string): Promise<void> {
  await stripe.webhookEndpoints.update(endpointId, { enabled_events: [...HANDLED_EVENT_TYPES] });
}

export async function deleteWebhookEndpoint(stripe: Stripe, endpointId: string): Promise<void> {
  await stripe.webhookEndpoints.del(endpointId);
}

/** A new endpoint for the portal's URL, on the pinned API version; its `secret` is returned only now. */
export async function createPortalWebhookEndpoint(stripe: Stripe, { url, metadata }: { url: string; metadata: Record<string, string> }): Promise<Stripe.WebhookEndpoint> {
  return stripe.webhookEndpoints.create({ url, enabled_events: [...HANDLED_EVENT_TYPES], api_version: STRIPE_API_VERSION, description: "MemberPulse portal", metadata });
}
