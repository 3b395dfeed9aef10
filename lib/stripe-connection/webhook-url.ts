import "server-only";
import type { StripeMode } from "@/db/schema";
import { env } from "@/lib/env";

/** Where Stripe delivers this tenant's events for one mode. By id, so renaming the slug breaks nothing. */
export function stripeWebhookUrl({ tenantId, mode }: { tenantId: string; mode: StripeMode }, appUrl: string = env().APP_URL): string {
  return `${appUrl.replace(/\/+$/, "")}/api/webhooks/stripe/${tenantId}/${mode}`;
}
