import "server-only";
import type { Db } from "@/db/client";
import { getWebhookSettingsRow } from "@/db/queries/webhook-events";
import type { StripeMode } from "@/db/schema";
import { resolveWebhookSecret, StripeNotConfiguredError } from "./resolve";
import { forgetRetrievalClients } from "./retrieval-client";

/**
 * Webhook signing secrets, kept in memory for a few seconds: looking one up (a query plus a
 * decryption) was a fifth of the CPU of a delivery (bench/webhooks.ts).
 *
 * Why this is safe: a delivery that fails verification against a cached secret is verified again
 * against a fresh lookup (see ingest.ts), so a new or rolled secret works at once. Saving keys in
 * this process forgets the tenant's entry. What remains: another app instance may accept the
 * previous secret for up to TTL_MS after it was removed — shorter than the 24 h Stripe itself keeps
 * a rolled secret valid.
 */
const TTL_MS = 15_000;

type Entry = { secret: string; expiresAt: number };
const g = globalThis as typeof globalThis & { __memberpulseWebhookSecrets?: Map<string, Entry> };
const entries = (g.__memberpulseWebhookSecrets ??= new Map());

export type WebhookSecret = { secret: string; cached: boolean };

/** Null: nothing can verify deliveries for (tenant, mode), or the stored secret cannot be decrypted. */
export async function webhookSecretFor(db: Db, { tenantId, mode }: { tenantId: string; mode: StripeMode }, opts: { fresh?: boolean } = {}): Promise<WebhookSecret | null> {
  const key = `${tenantId}:${mode}`;
  const hit = entries.get(key);
  if (hit && !opts.fresh && hit.expiresAt > Date.now()) return { secret: hit.secret, cached: true };
  let secret: string | null;
  try {
    const row = await getWebhookSettingsRow(db, { tenantId, mode });
    secret = await resolveWebhookSecret(db, { tenantId, mode, row });
  } catch (error) {
    if (!(error instanceof StripeNotConfiguredError)) throw error;
    secret = null;
  }
  if (secret) entries.set(key, { secret, expiresAt: Date.now() + TTL_MS });
  else entries.delete(key);
  return secret ? { secret, cached: false } : null;
}

/** After a tenant's keys or secrets changed: the next delivery (and retrieval) looks them up again. */
export function forgetWebhookSecrets(tenantId: string): void {
  for (const mode of ["test", "live"] as const) entries.delete(`${tenantId}:${mode}`);
  forgetRetrievalClients(tenantId);
}
