"use client";

import { useCallback } from "react";
import { createCheckoutAction } from "@/lib/subscriptions/actions";
import { EmbeddedCheckoutFrame } from "./embedded-checkout-frame";

/** Stripe's embedded Checkout page for one price; Stripe sends the buyer to our return page when done. */
export function EmbeddedCheckoutBox({ slug, priceId, publishableKey }: { slug: string; priceId: string; publishableKey: string }) {
  const fetchClientSecret = useCallback(async () => {
    const { data, error } = await createCheckoutAction({ slug, priceId });
    if (!data) throw new Error(error);
    return data.clientSecret;
  }, [slug, priceId]);
  return <EmbeddedCheckoutFrame publishableKey={publishableKey} fetchClientSecret={fetchClientSecret} />;
}
