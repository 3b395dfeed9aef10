"use client";

import { EmbeddedCheckout, EmbeddedCheckoutProvider } from "@stripe/react-stripe-js";
import { useCallback } from "react";
import { createCheckoutAction } from "@/lib/subscriptions/actions";
import { StripeLoadError } from "./stripe-load-error";
import { useStripeLoader } from "./use-stripe-loader";

/** Stripe's embedded Checkout page for one price; Stripe sends the buyer to our return page when done. */
export function EmbeddedCheckoutBox({ slug, priceId, publishableKey }: { slug: string; priceId: string; publishableKey: string }) {
  const { stripe, failed, retry } = useStripeLoader(publishableKey);
  const fetchClientSecret = useCallback(async () => {
    const r = await createCheckoutAction({ slug, priceId });
    if (!r.ok) throw new Error(r.error);
    return r.clientSecret;
  }, [slug, priceId]);
  if (failed) return <StripeLoadError onRetry={retry} />;
  if (!stripe) return <p className="text-sm text-slate-500" role="status">Loading Stripe Checkout…</p>;
  return (
    <EmbeddedCheckoutProvider stripe={stripe} options={{ fetchClientSecret }}>
      <EmbeddedCheckout />
    </EmbeddedCheckoutProvider>
  );
}
