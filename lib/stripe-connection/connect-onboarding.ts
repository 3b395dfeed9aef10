import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/db";
import type { StripeMode } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit-log";
import { consumeConnectState, insertConnectState } from "@/db/queries/stripe-connect";
import { deleteConnectOnboarding, deleteOnboardingStates, getConnectOnboarding, insertConnectOnboarding, updateConnectOnboardingStatus } from "@/db/queries/stripe-connect-onboardings";
import { getStripeSettings } from "@/db/queries/stripe-settings";
import { getTenantBySlug } from "@/db/queries/tenants";
import { getUserById } from "@/db/queries/users";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { resolveTenantAccess } from "@/lib/auth/tenant-access";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors/domain-error";
import { connectPlatformFor } from "@/lib/stripe/connect-oauth";
import { createOnboardingAccount, createOnboardingLink, isStripeFailure, onboardingComplete, retrieveOnboardingAccount, type OnboardingAccountStatus } from "@/lib/stripe/connect-onboarding";
import { hashState, storeConnectedAccount } from "./connect";
import type { SettingsActor, SettingsResult } from "./settings-result";
import { testStripeConnection } from "./test-stripe-connection";
import { forgetWebhookSecrets } from "./webhook-secret-cache";

/**
 * The return and refresh URLs' states live this long: Stripe's form (identity, bank account) can
 * take a while, and the owner may come back to it; after that, "Continue setup" makes new ones.
 */
export const ONBOARDING_STATE_TTL_MS = 2 * 60 * 60_000;
export type OnboardingStep = "return" | "refresh";

export function onboardingUrl(slug: string, step: OnboardingStep, state: string, appUrl: string = env().APP_URL): string {
  return `${appUrl.replace(/\/+$/, "")}/api/stripe/connect/onboarding/${encodeURIComponent(slug)}/${step}?state=${encodeURIComponent(state)}`;
}

function platformOrRefuse(mode: StripeMode) {
  const platform = connectPlatformFor(mode);
  if (!platform) throw new DomainError("conflict", `Stripe Connect is not available in ${mode} mode on this platform. Paste your ${mode}-mode keys instead.`);
  return platform;
}

const STRIPE_DOWN = "Stripe could not be reached to set up the account. Nothing was lost: try again in a minute.";

/**
 * A fresh pair of single-use states (one per URL; using either ends both) and a new Account Link
 * for the tenant's onboarding account. Older links' states die here, so only the newest link works.
 */
async function newOnboardingLink(db: Db, actor: SettingsActor, { slug, mode, accountId }: { slug: string; mode: StripeMode; accountId: string }): Promise<string> {
  const platform = platformOrRefuse(mode);
  await deleteOnboardingStates(db, { tenantId: actor.tenantId, mode });
  const expiresAt = new Date(Date.now() + ONBOARDING_STATE_TTL_MS);
  const states = { return: randomBytes(32).toString("base64url"), refresh: randomBytes(32).toString("base64url") };
  for (const step of ["return", "refresh"] as const) {
    await insertConnectState(db, { stateHash: hashState(states[step]), tenantId: actor.tenantId, userId: actor.userId, mode, expiresAt, purpose: `onboarding_${step}` });
  }
  try {
    return await createOnboardingLink(platform, { accountId, returnUrl: onboardingUrl(slug, "return", states.return), refreshUrl: onboardingUrl(slug, "refresh", states.refresh) });
  } catch (error) {
    if (isStripeFailure(error)) throw new DomainError("stripe_error", STRIPE_DOWN);
    throw error;
  }
}

/**
 * "Create a Stripe account" (or "Continue setup"): the platform creates an account for the tenant
 * (v1 accounts.create with `controller`; once per tenant and mode, kept until completed or
 * cancelled), and the browser goes to Stripe's hosted onboarding form. Nothing is connected yet.
 */
export async function startOnboarding(db: Db, actor: TenantActor, { mode }: { mode: StripeMode }): Promise<{ url: string }> {
  const platform = platformOrRefuse(mode);
  const settings = await getStripeSettings(db, { tenantId: actor.tenantId, mode });
  if (settings?.connectAccountId) throw new DomainError("conflict", `Stripe is already connected in ${mode} mode. Disconnect it first to set up another account.`);

  let onboarding = await getConnectOnboarding(db, { tenantId: actor.tenantId, mode });
  if (!onboarding) {
    const [tenant, user] = await Promise.all([getTenantBySlug(db, { slug: actor.tenantSlug }), getUserById(db, { userId: actor.userId })]);
    let accountId: string;
    try {
      accountId = await createOnboardingAccount(platform, {
        tenantId: actor.tenantId,
        businessName: tenant?.name ?? actor.tenantSlug,
        email: user?.email ?? null,
        idempotencyKey: `connect-onboarding:${actor.tenantId}:${mode}:${randomUUID()}`,
      });
    } catch (error) {
      if (isStripeFailure(error)) throw new DomainError("stripe_error", STRIPE_DOWN);
      throw error;
    }
    onboarding = await insertConnectOnboarding(db, { tenantId: actor.tenantId, mode, accountId, startedBy: actor.userId });
    if (onboarding.accountId === accountId) {
      await recordAudit(db, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "stripe.connect_onboarding_started", target: `${mode} mode: ${accountId}`, fields: ["connect_onboarding"], requestId: actor.requestId ?? null });
    }
  }
  return { url: await newOnboardingLink(db, actor, { slug: actor.tenantSlug, mode, accountId: onboarding.accountId }) };
}

/** Shown on the settings page after the return/refresh URL (by code: the URL never carries free text). */
export const ONBOARDING_NOTICES = {
  onboarding_connected: "Your new Stripe account is set up and connected. Members can pay now.",
  onboarding_incomplete: "Stripe still needs some details before the account can take payments. Press “Continue setup” to finish on Stripe's page.",
  onboarding_refused: "This Stripe setup link is not valid (it expired, was used already, or belongs to someone else). Press “Continue setup” again.",
  onboarding_failed: "Stripe could not be reached to check the new account. Press “Continue setup” to try again.",
} as const;
export type OnboardingNotice = keyof typeof ONBOARDING_NOTICES;

export type OnboardingOutcome =
  | { kind: "redirect_to_stripe"; url: string }
  | { kind: "back_to_settings"; slug: string; mode: StripeMode; notice: OnboardingNotice }
  | { kind: "refused"; message: string };

/**
 * The return_url and refresh_url of an account link. The state must be unexpired, unused, of this
 * step, for the tenant the URL names, started by this signed-in user, who must still manage the
 * tenant's Stripe settings; it is consumed here with its sibling. Return never connects by itself:
 * it asks Stripe about the account. Refresh makes a new link (Stripe's old one expired or was used).
 */
export async function completeOnboardingStep(db: Db, who: { userId: string | null; requestId?: string | null }, { slug, step, state }: { slug: string; step: OnboardingStep; state: string | null }): Promise<OnboardingOutcome> {
  const refused: OnboardingOutcome = { kind: "refused", message: ONBOARDING_NOTICES.onboarding_refused };
  if (!state || !who.userId) return refused;
  const tenant = await getTenantBySlug(db, { slug });
  if (!tenant) return refused;
  const row = await consumeConnectState(db, { stateHash: hashState(state), purpose: `onboarding_${step}`, tenantId: tenant.id });
  if (!row || row.userId !== who.userId) return refused;
  await deleteOnboardingStates(db, { tenantId: tenant.id, mode: row.mode });
  const access = await resolveTenantAccess(db, { slug, userId: who.userId, permission: "settings.stripe.manage" });
  if (!access.ok) return refused;
  const back = (notice: OnboardingNotice): OnboardingOutcome => ({ kind: "back_to_settings", slug, mode: row.mode, notice });

  const onboarding = await getConnectOnboarding(db, { tenantId: tenant.id, mode: row.mode });
  if (!onboarding) {
    // Completed meanwhile (account.updated got here first) or cancelled.
    const settings = await getStripeSettings(db, { tenantId: tenant.id, mode: row.mode });
    return settings?.connectAccountId ? back("onboarding_connected") : refused;
  }
  const actor: SettingsActor = { tenantId: tenant.id, userId: who.userId, requestId: who.requestId ?? null };
  if (step === "refresh") {
    try {
      return { kind: "redirect_to_stripe", url: await newOnboardingLink(db, actor, { slug, mode: row.mode, accountId: onboarding.accountId }) };
    } catch (error) {
      if (error instanceof DomainError) return back("onboarding_failed");
      throw error;
    }
  }
  const result = await checkOnboarding(db, actor, { mode: row.mode, accountId: onboarding.accountId });
  return back(result === "connected" ? "onboarding_connected" : result === "unreachable" ? "onboarding_failed" : "onboarding_incomplete");
}

/**
 * Asks Stripe about the onboarding account (never trusts that the browser came back) and, when it
 * is complete, makes it the tenant's connection; otherwise records how far it got.
 */
export async function checkOnboarding(db: Db, actor: SettingsActor, { mode, accountId }: { mode: StripeMode; accountId: string }): Promise<"connected" | "incomplete" | "unreachable"> {
  const platform = platformOrRefuse(mode);
  const at = new Date();
  let status: OnboardingAccountStatus;
  try {
    status = await retrieveOnboardingAccount(platform, accountId);
  } catch (error) {
    if (isStripeFailure(error)) return "unreachable";
    throw error;
  }
  if (!onboardingComplete(status)) {
    await updateConnectOnboardingStatus(db, { tenantId: actor.tenantId, mode, accountId, at, detailsSubmitted: status.detailsSubmitted, chargesEnabled: status.chargesEnabled });
    return "incomplete";
  }
  // Taking the onboarding row is the claim: Cancel, or account.updated completing it meanwhile,
  // leaves nothing to take, so the account is linked once and never after a cancel.
  const linked = await db.transaction(async (tx) => {
    if (!(await deleteConnectOnboarding(tx, { tenantId: actor.tenantId, mode, accountId }))) return false;
    await storeConnectedAccount(tx, actor, { mode, accountId });
    return true;
  });
  if (!linked) return (await getStripeSettings(db, { tenantId: actor.tenantId, mode }))?.connectAccountId === accountId ? "connected" : "incomplete";
  forgetWebhookSecrets(actor.tenantId);
  // Fills the health panel (name, charges/payouts enabled) through the new connection.
  await testStripeConnection(db, actor, { mode });
  return "connected";
}

/**
 * "Cancel setup": the tenant forgets an account whose onboarding was not completed, and its links
 * stop working. The account stays in Stripe (Stripe keeps it; its owner may still use it
 * elsewhere); it is no longer this tenant's, and its events are no longer routed here.
 */
export async function cancelOnboarding(db: Db, actor: SettingsActor, { mode }: { mode: StripeMode }): Promise<SettingsResult> {
  const onboarding = await getConnectOnboarding(db, { tenantId: actor.tenantId, mode });
  if (!onboarding) return { ok: false, error: `No Stripe account setup is in progress in ${mode} mode.` };
  await db.transaction(async (tx) => {
    await deleteConnectOnboarding(tx, { tenantId: actor.tenantId, mode, accountId: onboarding.accountId });
    await deleteOnboardingStates(tx, { tenantId: actor.tenantId, mode });
    await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "stripe.connect_onboarding_cancelled", target: `${mode} mode: ${onboarding.accountId}`, fields: ["connect_onboarding"], requestId: actor.requestId ?? null });
  });
  return { ok: true, message: `Setup of Stripe account ${onboarding.accountId} cancelled. You can create a new account or connect an existing one.` };
}
