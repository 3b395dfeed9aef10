import "server-only";
import Stripe from "stripe";
import type { StripeHealthStatus, StripeMode } from "@/db/schema";
import { logger } from "@/lib/log";
import { createStripeClient } from "./client";
import { probeMissingPermissions } from "./probe-permissions";
import { missingPermissionLine } from "./required-permissions";

export type ConnectionCheck = {
  status: StripeHealthStatus;
  /** Safe to show an admin: what happened and what to do next. Never contains the key. */
  message: string;
  checkedAt: Date;
  account?: { id: string; name: string | null; chargesEnabled: boolean; payoutsEnabled: boolean };
  /** A restricted key's permissions the portal needs but the key lacks ("Missing permission: Invoices (write)"). */
  missingPermissions?: string[];
};

/** Short, and one retry: an admin is waiting on the button, and "unreachable" is an answer too. */
const CHECK_TIMEOUT_MS = 8_000;

function keyMode(secretKey: string): StripeMode | null {
  const m = /^(?:sk|rk)_(test|live)_/.exec(secretKey);
  return m ? (m[1] as StripeMode) : null;
}

function accountName(account: Stripe.Account): string | null {
  return account.business_profile?.name ?? account.settings?.dashboard?.display_name ?? account.email ?? null;
}

/** "Test connection": retrieve the key's own account and turn the outcome into a badge state. */
export async function checkStripeConnection({ secretKey, mode, stripeAccount }: { secretKey: string; mode: StripeMode; stripeAccount?: string }): Promise<ConnectionCheck> {
  const checkedAt = new Date();
  const prefixMode = keyMode(secretKey);
  if (prefixMode && prefixMode !== mode) {
    return { status: "mode_mismatch", checkedAt, message: `This is a ${prefixMode}-mode key, but it is configured for ${mode} mode. Use your ${mode}-mode keys from Dashboard > Developers > API keys.` };
  }
  // Connect: the platform's key acting in the connected account retrieves that account.
  const stripe = createStripeClient(secretKey, { timeoutMs: CHECK_TIMEOUT_MS, maxNetworkRetries: 1, ...(stripeAccount ? { stripeAccount } : {}) });
  try {
    const account = await stripe.accounts.retrieveCurrent();
    // GET /v1/account does not normally say which mode answered; when a response does, trust it.
    const livemode: unknown = "livemode" in account ? account.livemode : undefined;
    if (typeof livemode === "boolean" && livemode !== (mode === "live")) {
      return { status: "mode_mismatch", checkedAt, message: `Stripe answered in ${livemode ? "live" : "test"} mode, but this key is configured for ${mode} mode.` };
    }
    const connected = `Connected to ${accountName(account) ?? account.id}.`;
    // A secret key may do everything; only a restricted key can lack what the portal needs.
    const missing = secretKey.startsWith("rk_") ? (await probeMissingPermissions(stripe)).map(missingPermissionLine) : [];
    return {
      status: "connected",
      checkedAt,
      message: missing.length
        ? [`${connected} The restricted key lacks ${missing.length === 1 ? "a permission" : `${missing.length} permissions`} the portal needs: edit the key in Dashboard > Developers > API keys.`, ...missing].join("\n")
        : connected,
      account: { id: account.id, name: accountName(account), chargesEnabled: account.charges_enabled ?? false, payoutsEnabled: account.payouts_enabled ?? false },
      ...(missing.length ? { missingPermissions: missing } : {}),
    };
  } catch (error) {
    return mapCheckError(error, checkedAt);
  }
}

function mapCheckError(error: unknown, checkedAt: Date): ConnectionCheck {
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return {
      status: "invalid_key",
      checkedAt,
      message: "Stripe rejected the secret key: it may have been rolled. Paste the current key from Dashboard > Developers > API keys.",
    };
  }
  if (error instanceof Stripe.errors.StripePermissionError) {
    return {
      status: "invalid_key",
      checkedAt,
      message: "This restricted key lacks permission to read the account. Give it read access to Account (or use the secret key) in Dashboard > Developers > API keys.",
    };
  }
  if (error instanceof Stripe.errors.StripeConnectionError) {
    const timedOut = /timeout/i.test(error.message);
    return {
      status: "unreachable",
      checkedAt,
      message: timedOut
        ? `Stripe did not answer within ${CHECK_TIMEOUT_MS / 1000} seconds. Check the server's network connection and try again.`
        : "Could not reach Stripe. Check the server's network connection and try again.",
    };
  }
  if (error instanceof Stripe.errors.StripeError) {
    logger.warn("stripe.check_failed", { type: error.type, code: error.code, statusCode: error.statusCode, requestId: error.requestId });
    // Rate limits and Stripe-side 5xx are temporary: say so instead of blaming the key.
    return { status: "unreachable", checkedAt, message: "Stripe could not complete the check right now. Try again in a minute." };
  }
  throw error;
}
