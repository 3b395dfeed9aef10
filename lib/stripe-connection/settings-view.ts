import "server-only";
import type { Db } from "@/db";
import { STRIPE_MODES, type StripeConnectOnboardingRow, type StripeMode, type StripeSettingsRow } from "@/db/schema";
import { listConnectOnboardings } from "@/db/queries/stripe-connect-onboardings";
import { listStripeSettings } from "@/db/queries/stripe-settings";
import { maskSecret } from "@/lib/crypto/mask";
import { stripeEnvDefaultsFor } from "@/lib/stripe/env-defaults";
import { connectConfigured, connectPlatformFor } from "@/lib/stripe/connect-oauth";
import { resolveActiveMode } from "./resolve";
import { healthSummary, missingPermissionLines } from "@/lib/stripe/required-permissions";
import { stripeWebhookUrl } from "./webhook-url";

export type ValueSource = "tenant" | "environment" | null;
export type StripeBadge = "not_configured" | "not_checked" | "connected" | "invalid_key" | "unreachable" | "mode_mismatch" | "disconnected" | "setting_up";

/** One mode's settings as the page shows them: masks instead of secrets, and where each value comes from. */
export type StripeModeView = {
  mode: StripeMode;
  publishableKey: { value: string | null; source: ValueSource };
  secretKey: { mask: string | null; source: ValueSource; storedByTenant: boolean };
  webhookSecret: { mask: string | null; source: ValueSource; storedByTenant: boolean };
  badge: StripeBadge;
  healthMessage: string | null;
  /** From the last check of a restricted key: "Missing permission: Invoices (write)", one per line. */
  missingPermissions: string[];
  checkedAt: Date | null;
  account: { id: string | null; name: string | null; chargesEnabled: boolean | null; payoutsEnabled: boolean | null };
  webhookUrl: string;
  webhookEndpointId: string | null;
  canActivate: boolean;
  /** Stripe Connect (OAuth): offered when the platform is configured for it in this mode. */
  connect: { available: boolean; accountId: string | null; connectedAt: Date | null; disconnectedAt: Date | null; onboarding: OnboardingView | null };
};

/** Connect Onboarding in progress: an account the platform created whose owner has not finished Stripe's form. */
export type OnboardingView = { accountId: string; startedAt: Date; detailsSubmitted: boolean; chargesEnabled: boolean };

export type StripeSettingsView = { activeMode: StripeMode; modes: Record<StripeMode, StripeModeView> };

function modeView(tenantId: string, mode: StripeMode, row: StripeSettingsRow | undefined, onboardingRow?: StripeConnectOnboardingRow): StripeModeView {
  // With Connect configured the platform's keys are the Connect platform's, never a tenant's default.
  const env = connectConfigured() ? { ...stripeEnvDefaultsFor(mode), secretKey: null, publishableKey: null, webhookSecret: null, accountId: null } : stripeEnvDefaultsFor(mode);
  const connectAccountId = row?.connectAccountId ?? null;
  // Same rule as the resolver: a tenant's own secret key brings its own publishable key; otherwise the environment's pair applies.
  const ownKeys = Boolean(row?.secretKeyHint);
  const publishable = ownKeys ? row?.publishableKey ?? null : (row?.publishableKey ?? env.publishableKey);
  const publishableSource: ValueSource = row?.publishableKey ? "tenant" : !ownKeys && env.publishableKey ? "environment" : null;
  const secretMask = row?.secretKeyHint ?? (env.secretKey ? maskSecret(env.secretKey) : null);
  const webhookMask = row?.webhookSecretHint ?? (env.webhookSecret ? maskSecret(env.webhookSecret) : null);
  const configured = Boolean(connectAccountId) || Boolean(secretMask && publishable);
  const badge: StripeBadge = connectAccountId
    ? (row?.healthStatus ?? "not_checked")
    : !secretMask
      ? onboardingRow
        ? "setting_up"
        : row?.disconnectedAt
          ? "disconnected"
          : "not_configured"
      : (row?.healthStatus ?? "not_checked");
  return {
    mode,
    publishableKey: { value: publishable, source: publishableSource },
    secretKey: { mask: secretMask, source: row?.secretKeyHint ? "tenant" : env.secretKey ? "environment" : null, storedByTenant: ownKeys },
    webhookSecret: { mask: webhookMask, source: row?.webhookSecretHint ? "tenant" : env.webhookSecret ? "environment" : null, storedByTenant: Boolean(row?.webhookSecretHint) },
    badge,
    healthMessage: healthSummary(row?.healthMessage ?? null),
    missingPermissions: missingPermissionLines(row?.healthMessage ?? null),
    checkedAt: row?.healthCheckedAt ?? null,
    account: {
      id: row?.accountId ?? (!ownKeys ? env.accountId : null),
      name: row?.accountName ?? null,
      chargesEnabled: row?.chargesEnabled ?? null,
      payoutsEnabled: row?.payoutsEnabled ?? null,
    },
    webhookUrl: stripeWebhookUrl({ tenantId, mode }),
    webhookEndpointId: row?.webhookEndpointId ?? null,
    canActivate: mode === "test" || (configured && row?.healthStatus === "connected"),
    connect: { available: connectPlatformFor(mode) !== null, accountId: connectAccountId, connectedAt: row?.connectedAt ?? null,
      disconnectedAt: row?.disconnectedAt ?? null,
      onboarding: onboardingRow
        ? { accountId: onboardingRow.accountId, startedAt: onboardingRow.createdAt, detailsSubmitted: onboardingRow.detailsSubmitted, chargesEnabled: onboardingRow.chargesEnabled }
        : null,
    },
  };
}

/** Everything the Stripe settings page and the admin overview need, with no secret in it. */
export async function getStripeSettingsView(db: Db, { tenantId }: { tenantId: string }): Promise<StripeSettingsView> {
  const [rows, onboardings, activeMode] = await Promise.all([listStripeSettings(db, { tenantId }), listConnectOnboardings(db, { tenantId }), resolveActiveMode(db, { tenantId })]);
  const byMode = new Map(rows.map((r) => [r.mode, r]));
  const onboardingByMode = new Map(onboardings.map((o) => [o.mode, o]));
  const modes = Object.fromEntries(STRIPE_MODES.map((m) => [m, modeView(tenantId, m, byMode.get(m), onboardingByMode.get(m))])) as Record<StripeMode, StripeModeView>;
  return { activeMode, modes };
}
