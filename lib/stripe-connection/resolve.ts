import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/db";
import type { StripeMode, StripeSettingsRow } from "@/db/schema";
import { getActiveStripeMode, getStripeSettings, listStripeSettings } from "@/db/queries/stripe-settings";
import { decryptSecret, DecryptionError } from "@/lib/crypto/secret-box";
import { logger } from "@/lib/log";
import { stripeClientFor } from "@/lib/stripe/client";
import { stripeEnvDefaults, stripeEnvDefaultsFor } from "@/lib/stripe/env-defaults";
import { StripeNotConfiguredError } from "@/lib/stripe/errors";
import { connectConfigured, connectPlatformFor } from "@/lib/stripe/connect-oauth";

export { StripeNotConfiguredError } from "@/lib/stripe/errors";

export type StripeSource = "tenant" | "environment" | "connect";

export type ResolvedStripe = {
  mode: StripeMode;
  client: Stripe;
  publishableKey: string;
  webhookSecret?: string;
  accountId?: string;
  /** Connect: the connected account every call acts in (the client already sends it as Stripe-Account). */
  stripeAccount?: string;
  source: StripeSource;
};

type ClientOptions = { timeoutMs?: number; maxNetworkRetries?: number };

/** The mode a tenant takes payments in: its own choice, else the platform's STRIPE_MODE, else test. */
export async function resolveActiveMode(db: Db, { tenantId }: { tenantId: string }): Promise<StripeMode> {
  return (await getActiveStripeMode(db, { tenantId })) ?? stripeEnvDefaults().mode;
}

function decryptOrExplain(row: StripeSettingsRow, column: "secretKeyEnc" | "webhookSecretEnc", tenantId: string, mode: StripeMode): string | null {
  const value = row[column];
  if (!value) return null;
  try {
    return decryptSecret(value);
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    logger.error("stripe.settings_undecryptable", { tenantId, mode, column, message: error.message });
    throw new StripeNotConfiguredError(
      tenantId,
      mode,
      `The stored Stripe ${column === "secretKeyEnc" ? "secret key" : "webhook secret"} for ${mode} mode cannot be decrypted (the encryption key changed). An admin must enter it again.`,
    );
  }
}

/**
 * Secret + publishable key for (tenant, mode), by precedence:
 * 1. Connect: the platform's keys, acting in the connected account (`stripeAccount`); no tenant secret.
 * 2. The tenant's own pasted keys.
 * 3. Nothing, once the tenant disconnected (it chose to stop charging: never fall back silently),
 *    or when the platform runs Connect (its key is the Connect platform's, not a shared default).
 * 4. The environment's defaults.
 */
export function pickCredentials(row: StripeSettingsRow | undefined, mode: StripeMode, tenantId: string) {
  if (row?.connectAccountId) {
    const platform = connectPlatformFor(mode);
    if (!platform) {
      throw new StripeNotConfiguredError(tenantId, mode, `This portal is connected with Stripe Connect in ${mode} mode, but the platform's Connect settings are missing. The operator must set STRIPE_CONNECT_CLIENT_ID and the platform key.`);
    }
    return { source: "connect" as const, secretKey: platform.secretKey, publishableKey: platform.publishableKey, accountId: row.connectAccountId, stripeAccount: row.connectAccountId };
  }
  if (row?.secretKeyEnc) {
    return {
      source: "tenant" as const,
      secretKey: decryptOrExplain(row, "secretKeyEnc", tenantId, mode),
      publishableKey: row.publishableKey,
      accountId: row.accountId,
    };
  }
  if (row?.disconnectedAt) {
    throw new StripeNotConfiguredError(tenantId, mode, `Stripe was disconnected from this portal in ${mode} mode, so it cannot take payments. An admin can connect Stripe again under Settings > Integrations > Stripe.`);
  }
  if (connectConfigured()) return { source: "environment" as const, secretKey: null, publishableKey: null, accountId: null };
  const env = stripeEnvDefaultsFor(mode);
  return { source: "environment" as const, secretKey: env.secretKey, publishableKey: env.publishableKey, accountId: env.accountId };
}

/** Which keys apply to (tenant, mode) and where they come from, without building a client. */
export async function resolveStripeCredentials(db: Db, { tenantId, mode }: { tenantId: string; mode: StripeMode }) {
  const row = await getStripeSettings(db, { tenantId, mode });
  return { row, ...pickCredentials(row, mode, tenantId) };
}

/**
 * The ONE way to get a Stripe client for a tenant. Every Stripe call in the app goes through here,
 * so key precedence (tenant over environment) and mode selection live in one place. The keys are
 * read on every call (another instance may have changed them); the SDK client for a key is cached
 * (lib/stripe/client.ts `stripeClientFor`). A tenant without usable keys throws
 * StripeNotConfiguredError (a DomainError: 409 `stripe_not_configured` at the API).
 */
export async function stripeFor(db: Db, { tenantId, mode, ...clientOpts }: { tenantId: string; mode?: StripeMode } & ClientOptions): Promise<ResolvedStripe> {
  const { secretKey, ...keys } = await resolveConfiguredKeys(db, { tenantId, mode });
  return { ...keys, client: stripeClientFor(secretKey, { ...clientOpts, ...(keys.stripeAccount ? { stripeAccount: keys.stripeAccount } : {}) }) };
}

/**
 * The key Stripe.js needs, held to the same "configured" test as stripeFor (throws
 * StripeNotConfiguredError alike) but without building a server client: pages only hand it over.
 */
export async function resolvePublishableKey(db: Db, scope: { tenantId: string; mode?: StripeMode }): Promise<{ mode: StripeMode; publishableKey: string; stripeAccount?: string }> {
  const { mode, publishableKey, stripeAccount } = await resolveConfiguredKeys(db, scope);
  return { mode, publishableKey, ...(stripeAccount ? { stripeAccount } : {}) };
}

async function resolveConfiguredKeys(db: Db, { tenantId, mode }: { tenantId: string; mode?: StripeMode }) {
  const effectiveMode = mode ?? (await resolveActiveMode(db, { tenantId }));
  const { row, ...creds } = await resolveStripeCredentials(db, { tenantId, mode: effectiveMode });
  if (!creds.secretKey || !creds.publishableKey) throw new StripeNotConfiguredError(tenantId, effectiveMode);
  // Also when only a publishable key is wanted: a webhook secret that cannot be decrypted means
  // "not configured" everywhere, so a page never offers a payment that the API would then refuse.
  const webhookSecret = await resolveWebhookSecret(db, { tenantId, mode: effectiveMode, row });
  return {
    mode: effectiveMode,
    secretKey: creds.secretKey,
    publishableKey: creds.publishableKey,
    ...(webhookSecret ? { webhookSecret } : {}),
    ...(creds.accountId ? { accountId: creds.accountId } : {}),
    ...("stripeAccount" in creds ? { stripeAccount: creds.stripeAccount } : {}),
    source: creds.source,
  };
}

/**
 * The signing secret for deliveries to `/api/webhooks/stripe/{tenantId}/{mode}`: the tenant's own,
 * else STRIPE_WEBHOOK_SECRET when the tenant runs on the environment's keys for this mode. A tenant
 * with its own Stripe account never falls back to the platform's secret: events signed for the
 * platform's account must not be projected into that tenant's tables. Null: nothing can verify.
 */
export async function resolveWebhookSecret(db: Db, { tenantId, mode, row }: { tenantId: string; mode: StripeMode; row?: StripeSettingsRow }): Promise<string | null> {
  const settings = row ?? (await getStripeSettings(db, { tenantId, mode }));
  const own = settings ? decryptOrExplain(settings, "webhookSecretEnc", tenantId, mode) : null;
  if (own) return own;
  // Connect tenants' events come through the platform's one Connect endpoint (connect-ingest.ts).
  if (settings?.secretKeyEnc || settings?.connectAccountId || settings?.disconnectedAt || connectConfigured()) return null;
  return stripeEnvDefaultsFor(mode).webhookSecret;
}

/**
 * For Stripe.js on the tenant's pages: the connected account to act in, by the platform publishable
 * key of each mode the tenant is connected in with Connect (empty for tenants with pasted keys).
 */
export async function stripeJsAccounts(db: Db, { tenantId }: { tenantId: string }): Promise<Record<string, string>> {
  if (!connectConfigured()) return {};
  const accounts: Record<string, string> = {};
  for (const row of await listStripeSettings(db, { tenantId })) {
    const publishableKey = row.connectAccountId ? connectPlatformFor(row.mode)?.publishableKey : null;
    if (publishableKey && row.connectAccountId) accounts[publishableKey] = row.connectAccountId;
  }
  return accounts;
}
