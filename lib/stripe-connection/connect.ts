import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/db";
import type { StripeMode } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit-log";
import { consumeConnectState, insertConnectState } from "@/db/queries/stripe-connect";
import { forgetStripeAccountLinks } from "@/db/queries/stripe-account-links";
import { deleteConnectOnboarding } from "@/db/queries/stripe-connect-onboardings";
import { getStripeSettings, upsertStripeSettings, type StripeSettingsPatch } from "@/db/queries/stripe-settings";
import { getTenantById } from "@/db/queries/tenants";
import { resolveTenantAccess } from "@/lib/auth/tenant-access";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors/domain-error";
import { connectAuthorizeUrl, connectPlatformFor, deauthorizeConnectAccount, exchangeConnectCode } from "@/lib/stripe/connect-oauth";
import type { SettingsActor, SettingsResult } from "./settings-result";
import { testStripeConnection } from "./test-stripe-connection";
import { forgetWebhookSecrets } from "./webhook-secret-cache";

/** Long enough to sign in to Stripe (or create an account) on its page; short enough that a leaked link dies. */
export const CONNECT_STATE_TTL_MS = 15 * 60_000;
export const CONNECT_CALLBACK_PATH = "/api/stripe/connect/callback";

function hashState(state: string): string {
  return createHash("sha256").update(state).digest("base64url");
}

export function connectCallbackUrl(appUrl: string = env().APP_URL): string {
  return `${appUrl.replace(/\/+$/, "")}${CONNECT_CALLBACK_PATH}`;
}

export { hashState };

/**
 * "Connect with Stripe": a fresh single-use `state` bound to this admin, tenant and mode (stored
 * hashed, CSRF protection for the callback), and the Stripe OAuth page to send the browser to.
 */
export async function startConnect(db: Db, actor: SettingsActor, { mode }: { mode: StripeMode }): Promise<{ url: string }> {
  const platform = connectPlatformFor(mode);
  if (!platform) throw new DomainError("conflict", `Connect is not available in ${mode} mode on this platform. Paste your ${mode}-mode keys instead.`);
  const state = randomBytes(32).toString("base64url");
  await insertConnectState(db, { stateHash: hashState(state), tenantId: actor.tenantId, userId: actor.userId, mode, expiresAt: new Date(Date.now() + CONNECT_STATE_TTL_MS) });
  return { url: connectAuthorizeUrl({ clientId: platform.clientId, state, redirectUri: connectCallbackUrl() }) };
}

export type ConnectCallback = { state?: string | null; code?: string | null; error?: string | null };
/** Where the callback sends the browser back to, and what to tell the admin there. */
export type ConnectOutcome = { ok: boolean; code: ConnectNotice; message: string; tenant?: { slug: string; mode: StripeMode } };
/** Shown on the settings page after the callback (by code: the URL never carries free text). */
export const CONNECT_NOTICES = {
  connected: "Stripe is connected. Payments now go to the connected account.",
  cancelled: "Connecting was cancelled on Stripe's page. Nothing changed.",
  refused: "This Stripe connection link is not valid (it expired, was used already, or was started by someone else). Press “Connect with Stripe” again.",
  taken: "That Stripe account is already connected to another organisation on this platform. Connect a different account.",
  failed: "Stripe refused the authorization (it may have expired or been used already). Press “Connect with Stripe” again.",
} as const;
export type ConnectNotice = keyof typeof CONNECT_NOTICES;

const REFUSED = CONNECT_NOTICES.refused;
const refused = (tenant?: { slug: string; mode: StripeMode }): ConnectOutcome => ({ ok: false, code: "refused", message: REFUSED, ...(tenant ? { tenant } : {}) });

/**
 * The OAuth callback. The state must be one this same signed-in user started, unexpired and unused
 * (it is consumed here whatever happens next), and the user must still manage the tenant's Stripe
 * settings. Then the code is exchanged for the account id, with no transaction open.
 */
export async function completeConnect(db: Db, who: { userId: string | null; requestId?: string | null }, callback: ConnectCallback): Promise<ConnectOutcome> {
  if (!callback.state || !who.userId) return refused();
  const state = await consumeConnectState(db, { stateHash: hashState(callback.state) });
  if (!state || state.userId !== who.userId) return refused();
  const tenant = await getTenantById(db, { tenantId: state.tenantId });
  if (!tenant) return refused();
  const access = await resolveTenantAccess(db, { slug: tenant.slug, userId: who.userId, permission: "settings.stripe.manage" });
  if (!access.ok) return refused();
  const back = { slug: tenant.slug, mode: state.mode };
  if (callback.error) return { ok: false, code: "cancelled", message: CONNECT_NOTICES.cancelled, tenant: back };
  if (!callback.code) return refused(back);

  const platform = connectPlatformFor(state.mode);
  if (!platform) return refused(back);
  const exchange = await exchangeConnectCode(platform, callback.code);
  if (!exchange.ok || exchange.livemode !== (state.mode === "live")) return { ok: false, code: "failed", message: exchange.ok ? CONNECT_NOTICES.failed : exchange.message, tenant: back };

  const actor: SettingsActor = { tenantId: tenant.id, userId: who.userId, requestId: who.requestId ?? null };
  const linked = await linkConnectedAccount(db, actor, { mode: state.mode, accountId: exchange.accountId });
  if (!linked.ok) return { ok: false, code: "taken", message: linked.error ?? CONNECT_NOTICES.taken, tenant: back };
  // Fills the health panel (name, charges/payouts enabled) through the new connection.
  const check = await testStripeConnection(db, actor, { mode: state.mode });
  const health = check.ok ? "" : ` The first check says: ${check.error}`;
  return { ok: true, code: "connected", message: `${linked.message}${health}`, tenant: back };
}

/** The pasted keys, their webhook secret and the last check go: only the account id is kept. */
const CONNECTED_PATCH: StripeSettingsPatch = {
  publishableKey: null,
  secretKeyEnc: null,
  secretKeyHint: null,
  webhookSecretEnc: null,
  webhookSecretHint: null,
  webhookEndpointId: null,
  webhookEndpointUrl: null,
  healthStatus: null,
  healthMessage: null,
  healthCheckedAt: null,
  accountName: null,
  chargesEnabled: null,
  payoutsEnabled: null,
  disconnectedAt: null,
};

function isUniqueViolation(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if ((e as Error & { code?: unknown }).code === "23505") return true;
  return false;
}

/**
 * Stores the connected account for (tenant, mode), with the account-change rule of "Test
 * connection": moving to another account than the one the customers and catalog were linked to
 * forgets those links, so two accounts' objects never mix.
 */
export async function linkConnectedAccount(db: Db, actor: SettingsActor, { mode, accountId }: { mode: StripeMode; accountId: string }): Promise<SettingsResult> {
  let accountChanged = false;
  try {
    await db.transaction(async (tx) => {
      accountChanged = await storeConnectedAccount(tx, actor, { mode, accountId });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: CONNECT_NOTICES.taken };
    throw error;
  }
  forgetWebhookSecrets(actor.tenantId);
  return {
    ok: true,
    message: accountChanged
      ? `Connected Stripe account ${accountId}. It is a different account than before: sync the catalog again (Catalog > Sync all); members' customers will be created in it on their next payment.`
      : `Connected Stripe account ${accountId}.`,
  };
}

/**
 * The write of linkConnectedAccount, inside the caller's transaction (OAuth's callback, and Connect
 * Onboarding completed on the return page or by account.updated): the account becomes the
 * tenant's connection, pasted keys go, an onboarding of that account ends. Returns whether the
 * account differs from the one the tenant's Stripe links belonged to. Callers forget the cached
 * webhook secrets after commit.
 */
export async function storeConnectedAccount(
  tx: Db,
  actor: { tenantId: string; userId: string | null; requestId?: string | null },
  { mode, accountId, health }: { mode: StripeMode; accountId: string; health?: StripeSettingsPatch },
): Promise<boolean> {
  const previous = (await getStripeSettings(tx, { tenantId: actor.tenantId, mode }))?.linkedAccountId ?? null;
  const accountChanged = previous !== null && previous !== accountId;
  if (accountChanged) {
    await forgetStripeAccountLinks(tx, { tenantId: actor.tenantId, mode });
    await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "stripe.account_changed", target: `${mode} mode`, requestId: actor.requestId ?? null });
  }
  await upsertStripeSettings(tx, { tenantId: actor.tenantId, mode, patch: { ...CONNECTED_PATCH, ...health, connectAccountId: accountId, connectedAt: new Date(), accountId, linkedAccountId: accountId } });
  await deleteConnectOnboarding(tx, { tenantId: actor.tenantId, mode, accountId });
  await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "stripe.connect_connected", target: `${mode} mode: ${accountId}`, fields: ["connect_account_id"], requestId: actor.requestId ?? null });
  return accountChanged;
}

/** Why a mode stopped: what the health panel says until Stripe is connected again. */
function disconnectedPatch(message: string): StripeSettingsPatch {
  return { connectAccountId: null, connectedAt: null, disconnectedAt: new Date(), healthStatus: null, healthMessage: message, healthCheckedAt: new Date(), chargesEnabled: null, payoutsEnabled: null };
}

/** "Disconnect": revokes the platform's access in Stripe (oauth/deauthorize), then forgets the account; audited. */
export async function disconnectConnect(db: Db, actor: SettingsActor, { mode }: { mode: StripeMode }): Promise<SettingsResult> {
  const row = await getStripeSettings(db, { tenantId: actor.tenantId, mode });
  const accountId = row?.connectAccountId;
  if (!accountId) return { ok: false, error: `Stripe is not connected with Connect in ${mode} mode.` };
  const platform = connectPlatformFor(mode);
  if (platform) {
    const revoked = await deauthorizeConnectAccount(platform, accountId);
    if (!revoked.ok) return { ok: false, error: revoked.message };
  }
  await db.transaction(async (tx) => {
    await upsertStripeSettings(tx, {
      tenantId: actor.tenantId,
      mode,
      patch: disconnectedPatch(`Disconnected from Stripe account ${accountId} by an admin: the portal cannot take payments in ${mode} mode until Stripe is connected again.`),
    });
    await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "stripe.connect_disconnected", target: `${mode} mode: ${accountId}`, fields: ["connect_account_id"], requestId: actor.requestId });
  });
  forgetWebhookSecrets(actor.tenantId);
  return { ok: true, message: `Disconnected Stripe account ${accountId}. Payments in ${mode} mode are stopped until you connect again.` };
}

export { disconnectedPatch };
