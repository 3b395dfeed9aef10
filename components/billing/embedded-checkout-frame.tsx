"use client";

import { EmbeddedCheckout, EmbeddedCheckoutProvider } from "@stripe/react-stripe-js";
import { StripeLoadError } from "./stripe-load-error";
import { useStripeLoader } from "./use-stripe-loader";

/**
 * Stripe's embedded Checkout page for a session the server creates on demand. Shared by members
 * paying their organisation (tenant account) and admins paying MemberPulse (platform account): the
 * publishable key says which account.
 */
export function EmbeddedCheckoutFrame({ publishableKey, fetchClientSecret }: { publishableKey: string; fetchClientSecret: () => Promise<string> }) {
  const { stripe, failed, retry } = useStripeLoader(publishableKey);
  if (failed) return <StripeLoadError onRetry={retry} />;
  if (!stripe) return <p className="text-sm text-slate-500" role="status">Loading Stripe Checkout…</p>;
  return (
    <EmbeddedCheckoutProvider stripe={stripe} options={{ fetchClientSecret }}>
      <EmbeddedCheckout />
    </EmbeddedCheckoutProvider>
  );
}
