import { z } from "zod";
import type { Db } from "@/db/client";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { ensureMemberCustomer } from "@/lib/payments/ensure-member-customer";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { saveBillingAddress, type BillingAddress } from "@/lib/stripe/tax";
import { BILLING_COUNTRY_CODES } from "./countries";

export type { BillingAddress } from "@/lib/stripe/tax";

export const billingAddressSchema = z.object({
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine((c) => BILLING_COUNTRY_CODES.includes(c), "Choose your country."),
  postalCode: z.string().trim().min(1, "Enter your postal code.").max(20, "That postal code is too long."),
  line1: z.string().trim().max(200, "That address is too long.").optional().default(""),
});

/**
 * The member's billing address, kept where Stripe Tax reads it: on their Stripe customer in the
 * tenant's active mode (created if needed). The portal keeps no copy, so Stripe and the portal
 * never disagree about where a member is taxed.
 */
export async function saveMemberBillingAddress(db: Db, actor: TenantActor, input: z.infer<typeof billingAddressSchema>): Promise<BillingAddress> {
  const stripe = await stripeFor(db, { tenantId: actor.tenantId });
  const customerId = await ensureMemberCustomer(db, stripe, actor);
  const address = { country: input.country, postalCode: input.postalCode, line1: input.line1 || null };
  await saveBillingAddress(stripe.client, customerId, address);
  return address;
}
