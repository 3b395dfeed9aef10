import { env } from "@/lib/env";

/** Where Stripe.js sends the member after confirming (3-D Secure redirects, wallets). */
export function paymentReturnUrl(tenantSlug: string, paymentId: string): string {
  return new URL(`/${tenantSlug}/billing/payments/${paymentId}`, env().APP_URL).toString();
}

/** The payment in the Stripe Dashboard; test-mode links carry /test/. */
export function stripeDashboardPaymentUrl(mode: "test" | "live", paymentIntentId: string): string {
  return `https://dashboard.stripe.com/${mode === "test" ? "test/" : ""}payments/${paymentIntentId}`;
}
