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
    const { data, error } = await createCheckoutAction({ slug, priceId });
    if (!data) throw new Error(error);
    return data.clientSecret;
  }, [slug, priceId]);
  if (failed) return <StripeLoadError onRetry={retry} />;
  if (!stripe) return <p className="text-sm text-slate-500" role="status">Loading Stripe Checkout…</p>;
  return (
    <EmbeddedCheckoutProvider stripe={stripe} options={{ fetchClientSecret }}>
      <EmbeddedCheckout />
    </EmbeddedCheckoutProvider>
  );
}
