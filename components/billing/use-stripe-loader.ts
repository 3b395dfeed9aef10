"use client";

import { loadStripe, type Stripe } from "@stripe/stripe-js";
import { useCallback, useEffect, useState } from "react";
import { useStripeAccountFor } from "./stripe-accounts";

export type StripeLoad = { stripe: Stripe | null; failed: boolean; retry: () => void };

/**
 * Loads Stripe.js for a publishable key (acting in the tenant's connected account under Connect). A rejected load (blocked script, offline) is caught and
 * reported, so the page can say so and offer a retry instead of an empty payment box.
 */
export function useStripeLoader(publishableKey: string): StripeLoad {
  const [stripe, setStripe] = useState<Stripe | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const stripeAccount = useStripeAccountFor(publishableKey);
  useEffect(() => {
    let live = true;
    loadStripe(publishableKey, stripeAccount ? { stripeAccount } : undefined)
      .then((s) => {
        if (!live) return;
        if (s) setStripe(s);
        else setFailed(true);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [publishableKey, stripeAccount, attempt]);
  const retry = useCallback(() => {
    setFailed(false);
    setAttempt((n) => n + 1);
  }, []);
  return { stripe, failed, retry };
}
