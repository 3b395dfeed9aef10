import "server-only";
import type Stripe from "stripe";
import { stripeFailure } from "./stripe-failure";

/** A customer-portal session ("Manage billing in Stripe"); its URL is short-lived and single-use. */
export async function createPortalSession(client: Stripe, input: { customerId: string; returnUrl: string }): Promise<{ id: string; url: string }> {
  try {
    const session = await client.billingPortal.sessions.create({ customer: input.customerId, return_url: input.returnUrl });
    return { id: session.id, url: session.url };
  } catch (error) {
    stripeFailure(error, "billingPortal.sessions.create");
  }
}
