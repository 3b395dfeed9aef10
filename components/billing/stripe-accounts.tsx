"use client";

import { createContext, useContext, type ReactNode } from "react";

/**
 * Connect (direct charges): the connected account Stripe.js must act in, by the publishable key it
 * is loaded with. Each mode has its own publishable key, so the key names the mode and thus the
 * tenant's connected account for it; keys of tenants with pasted keys are simply absent.
 */
const StripeAccounts = createContext<Record<string, string>>({});

export function StripeAccountsProvider({ accounts, children }: { accounts: Record<string, string>; children: ReactNode }) {
  return <StripeAccounts.Provider value={accounts}>{children}</StripeAccounts.Provider>;
}

export function useStripeAccountFor(publishableKey: string): string | undefined {
  return useContext(StripeAccounts)[publishableKey];
}
