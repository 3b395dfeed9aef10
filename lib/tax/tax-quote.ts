import type { Db } from "@/db/client";
import { DomainError } from "@/lib/errors/domain-error";
import { taxEnabledFor } from "@/lib/billing-settings/billing-settings";
import type { ResolvedStripe } from "@/lib/stripe-connection/resolve";
import { calculateTax, retrieveBillingAddress, type BillingAddress } from "@/lib/stripe/tax";

/** What the member is charged for one amount: the server's figures, shown in the order summary. */
export type ChargeQuote = {
  subtotal: number;
  /** Null when the tenant does not collect tax (nothing is shown then), else Stripe Tax's amount. */
  tax: number | null;
  total: number;
  /** The Stripe Tax calculation the PaymentIntent must name (`hooks.inputs.tax.calculation`). */
  taxCalculationId: string | null;
};

export const ADDRESS_REQUIRED = "Enter your billing address first: tax is calculated from it.";

/**
 * The tenant's tax setting and the member's address as Stripe knows it. With tax on, paying needs
 * an address: Stripe refuses automatic tax for a customer it cannot locate.
 */
export async function memberTaxStatus(db: Db, stripe: ResolvedStripe, { tenantId, customerId }: { tenantId: string; customerId: string | null }) {
  if (!(await taxEnabledFor(db, { tenantId }))) return { enabled: false as const, address: null };
  const address: BillingAddress | null = customerId ? await retrieveBillingAddress(stripe.client, customerId) : null;
  return { enabled: true as const, address };
}

/** For subscriptions, invoices and Checkout: whether to ask Stripe for automatic tax (refused without an address). */
export async function automaticTaxFor(db: Db, stripe: ResolvedStripe, { tenantId, customerId }: { tenantId: string; customerId: string }): Promise<boolean> {
  const status = await memberTaxStatus(db, stripe, { tenantId, customerId });
  if (status.enabled && !status.address) throw new DomainError("validation_failed", ADDRESS_REQUIRED, "country");
  return status.enabled;
}

/**
 * A one-time amount with Stripe Tax on top when the tenant collects tax: the member pays the
 * calculation's total, and the PaymentIntent names the calculation so Stripe records the tax.
 */
export async function quoteCharge(
  db: Db,
  stripe: ResolvedStripe,
  input: { tenantId: string; customerId: string; amount: number; currency: string; reference: string },
): Promise<ChargeQuote> {
  if (!(await automaticTaxFor(db, stripe, input))) return { subtotal: input.amount, tax: null, total: input.amount, taxCalculationId: null };
  const quote = await calculateTax(stripe.client, input);
  return { subtotal: input.amount, tax: quote.taxAmount, total: quote.amountTotal, taxCalculationId: quote.calculationId };
}
