import "server-only";
import type Stripe from "stripe";
import { stripeFailure } from "./stripe-failure";

/** Creates the member's customer. The idempotency key makes a repeated call return the same customer. */
export async function createCustomer(
  client: Stripe,
  input: { email: string; name: string | null; metadata: Record<string, string> },
  idempotencyKey: string,
): Promise<{ id: string }> {
  try {
    const customer = await client.customers.create({ email: input.email, ...(input.name ? { name: input.name } : {}), metadata: input.metadata }, { idempotencyKey });
    return { id: customer.id };
  } catch (error) {
    stripeFailure(error, "customers.create");
  }
}

/** The customer's default card (invoice_settings.default_payment_method), or null. */
export async function getDefaultPaymentMethodId(client: Stripe, customerId: string): Promise<string | null> {
  try {
    const customer = await client.customers.retrieve(customerId);
    if (customer.deleted) return null;
    const pm = customer.invoice_settings.default_payment_method;
    return pm == null ? null : typeof pm === "string" ? pm : pm.id;
  } catch (error) {
    stripeFailure(error, "customers.retrieve");
  }
}

export async function setDefaultPaymentMethod(client: Stripe, customerId: string, paymentMethodId: string): Promise<void> {
  try {
    await client.customers.update(customerId, { invoice_settings: { default_payment_method: paymentMethodId } });
  } catch (error) {
    stripeFailure(error, "customers.update");
  }
}
