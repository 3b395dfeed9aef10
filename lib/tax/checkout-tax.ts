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

/** Whether the tenant collects tax, and the member's billing address as their Stripe customer holds it. */
export async function loadTaxAddress(db: Db, { tenantId, userId }: { tenantId: string; userId: string }) {
  if (!(await taxEnabledFor(db, { tenantId }))) return { enabled: false as const };
  const stripe = await stripeFor(db, { tenantId });
  const customerId = await findMemberCustomerId(db, { tenantId, userId, mode: stripe.mode });
  const address = customerId ? await retrieveBillingAddress(stripe.client, customerId) : null;
  return { enabled: true as const, stripe, customerId, address };
}

export async function loadCheckoutTax(
  db: Db,
  input: { tenantId: string; userId: string; amount: number; currency: string; reference: string },
): Promise<CheckoutTax> {
  const status = await loadTaxAddress(db, input);
  if (!status.enabled) return { kind: "off" };
  const { stripe, customerId, address } = status;
  if (!customerId || !address) return { kind: "needs_address" };
  // Nothing to tax (a free trial's first invoice): no calculation needed.
  if (input.amount === 0) return { kind: "quoted", address, tax: 0, total: 0 };
  const quote = await calculateTax(stripe.client, { customerId, amount: input.amount, currency: input.currency, reference: input.reference });
  return { kind: "quoted", address, tax: quote.taxAmount, total: quote.amountTotal };
}
