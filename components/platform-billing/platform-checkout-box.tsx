"use client";

import { useCallback } from "react";
import { EmbeddedCheckoutFrame } from "@/components/billing/embedded-checkout-frame";
import { createPlatformCheckoutAction } from "@/lib/platform-billing/actions";

/** The embedded Checkout on MemberPulse's own Stripe account, for the organisation's chosen plan. */
export function PlatformCheckoutBox({ slug, planId, publishableKey }: { slug: string; planId: string; publishableKey: string }) {
  const fetchClientSecret = useCallback(async () => {
    const { data, error } = await createPlatformCheckoutAction({ slug, planId });
    if (!data) throw new Error(error);
    return data.clientSecret;
  }, [slug, planId]);
  return <EmbeddedCheckoutFrame publishableKey={publishableKey} fetchClientSecret={fetchClientSecret} />;
}
