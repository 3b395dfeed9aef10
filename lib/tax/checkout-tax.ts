import type { Db } from "@/db/client";
import { findMemberCustomerId } from "@/db/queries/member-stripe-customers";
import { taxEnabledFor } from "@/lib/billing-settings/billing-settings";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { calculateTax, retrieveBillingAddress, type BillingAddress } from "@/lib/stripe/tax";

/**
 * What a checkout page shows about tax before the member pays: nothing (the tenant does not collect
 * it), the address form (no address yet), or Stripe Tax's figure for this amount at their address.
 */
export type CheckoutTax = { kind: "off" } | { kind: "needs_address" } | { kind: "quoted"; address: BillingAddress; tax: number; total: number };

export async function loadCheckoutTax(
  db: Db,
  input: { tenantId: string; userId: string; amount: number; currency: string; reference: string },
): Promise<CheckoutTax> {
  if (!(await taxEnabledFor(db, { tenantId: input.tenantId }))) return { kind: "off" };
  const stripe = await stripeFor(db, { tenantId: input.tenantId });
  const customerId = await findMemberCustomerId(db, { tenantId: input.tenantId, userId: input.userId, mode: stripe.mode });
  const address = customerId ? await retrieveBillingAddress(stripe.client, customerId) : null;
  if (!customerId || !address) return { kind: "needs_address" };
  // Nothing to tax (a free trial's first invoice): no calculation needed.
  if (input.amount === 0) return { kind: "quoted", address, tax: 0, total: 0 };
  const quote = await calculateTax(stripe.client, { customerId, amount: input.amount, currency: input.currency, reference: input.reference });
  return { kind: "quoted", address, tax: quote.taxAmount, total: quote.amountTotal };
}
