import "server-only";
import type Stripe from "stripe";
import { stripeFailure } from "./stripe-failure";

/** A member's billing address as Stripe Tax needs it: a country, a postal code, optionally a street. */
export type BillingAddress = { country: string; postalCode: string; line1: string | null };

/** Stripe Tax's answer for one amount: what the member pays on top of it, and the calculation to attach. */
export type TaxQuote = { calculationId: string; taxAmount: number; amountTotal: number };

export async function retrieveBillingAddress(client: Stripe, customerId: string): Promise<BillingAddress | null> {
  try {
    const customer = await client.customers.retrieve(customerId);
    if (customer.deleted || !customer.address?.country) return null;
    return { country: customer.address.country, postalCode: customer.address.postal_code ?? "", line1: customer.address.line1 ?? null };
  } catch (error) {
    stripeFailure(error, "customers.retrieve");
  }
}

export async function saveBillingAddress(client: Stripe, customerId: string, address: BillingAddress): Promise<void> {
  try {
    await client.customers.update(customerId, {
      address: { country: address.country, postal_code: address.postalCode, ...(address.line1 ? { line1: address.line1 } : {}) },
    });
  } catch (error) {
    stripeFailure(error, "customers.update");
  }
}

/**
 * Tax on a one-time amount (tax-exclusive, as catalog prices are) at the customer's saved address.
 * The PaymentIntent then charges `amountTotal` and names the calculation in `hooks.inputs.tax`.
 */
export async function calculateTax(client: Stripe, input: { customerId: string; amount: number; currency: string; reference: string }): Promise<TaxQuote> {
  try {
    const calculation = await client.tax.calculations.create({
      currency: input.currency,
      customer: input.customerId,
      line_items: [{ amount: input.amount, reference: input.reference, tax_behavior: "exclusive" }],
    });
    if (!calculation.id) throw new Error("Stripe returned a tax calculation without an id");
    return { calculationId: calculation.id, taxAmount: calculation.tax_amount_exclusive, amountTotal: calculation.amount_total };
  } catch (error) {
    stripeFailure(error, "tax.calculations.create");
  }
}
