import type { StripeMode } from "@/db/schema";

/** Deep link into the Stripe Dashboard; test-mode objects live under /test/. */
export function stripeDashboardUrl(mode: StripeMode, kind: "product" | "price" | "customer", stripeId: string): string {
  const path = kind === "product" ? "products" : kind === "price" ? "prices" : "customers";
  return `https://dashboard.stripe.com/${mode === "test" ? "test/" : ""}${path}/${stripeId}`;
}
