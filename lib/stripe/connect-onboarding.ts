import "server-only";
import Stripe from "stripe";
import { stripeClientFor } from "./client";

/**
 * Connect Onboarding for tenants without a Stripe account: the platform creates the account and
 * sends its owner through Stripe's hosted form (an Account Link). v1 accounts with `controller`
 * properties (the replacement for the deprecated `type: 'standard'`): the owner gets the full
 * Stripe Dashboard, pays Stripe's fees and Stripe carries losses and collects requirements — the
 * same footing as an account linked with OAuth, so everything after the link step is shared.
 */
const STANDARD_LIKE_CONTROLLER: Stripe.AccountCreateParams.Controller = {
  stripe_dashboard: { type: "full" },
  fees: { payer: "account" },
  losses: { payments: "stripe" },
  requirement_collection: "stripe",
};

/** What the portal needs to know of an onboarding account: is it done, may it charge. */
export type OnboardingAccountStatus = { accountId: string; detailsSubmitted: boolean; chargesEnabled: boolean; payoutsEnabled: boolean };

export function onboardingStatusOf(account: Stripe.Account): OnboardingAccountStatus {
  return {
    accountId: account.id,
    detailsSubmitted: account.details_submitted ?? false,
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
  };
}

/** Onboarding is over when Stripe has the owner's details and lets the account take charges. */
export function onboardingComplete(status: Pick<OnboardingAccountStatus, "detailsSubmitted" | "chargesEnabled">): boolean {
  return status.detailsSubmitted && status.chargesEnabled;
}

function platformClient(secretKey: string): Stripe {
  return stripeClientFor(secretKey, { timeoutMs: 15_000 });
}

/** POST /v1/accounts. The idempotency key is the caller's, so a retried click reuses the same account. */
export async function createOnboardingAccount(
  platform: { secretKey: string },
  { tenantId, businessName, email, idempotencyKey }: { tenantId: string; businessName: string; email: string | null; idempotencyKey: string },
): Promise<string> {
  const params: Stripe.AccountCreateParams = {
    controller: STANDARD_LIKE_CONTROLLER,
    business_profile: { name: businessName },
    metadata: { memberpulse_tenant_id: tenantId },
    ...(email ? { email } : {}),
  };
  const account = await platformClient(platform.secretKey).accounts.create(params, { idempotencyKey });
  return account.id;
}

/** GET /v1/accounts/:id, as the platform (the account's controller). */
export async function retrieveOnboardingAccount(platform: { secretKey: string }, accountId: string): Promise<OnboardingAccountStatus> {
  const account = await platformClient(platform.secretKey).accounts.retrieve(accountId);
  return onboardingStatusOf(account);
}

/** POST /v1/account_links: a single-use, short-lived URL of Stripe's hosted onboarding form. */
export async function createOnboardingLink(platform: { secretKey: string }, { accountId, returnUrl, refreshUrl }: { accountId: string; returnUrl: string; refreshUrl: string }): Promise<string> {
  const params: Stripe.AccountLinkCreateParams = { account: accountId, type: "account_onboarding", return_url: returnUrl, refresh_url: refreshUrl, collection_options: { fields: "currently_due" } };
  const link: Stripe.AccountLink = await platformClient(platform.secretKey).accountLinks.create(params);
  return link.url;
}

/** A Stripe failure the admin can act on ("try again"), not a bug. */
export function isStripeFailure(error: unknown): error is Stripe.errors.StripeError {
  return error instanceof Stripe.errors.StripeError;
}
