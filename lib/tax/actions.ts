"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { billingAddressSchema, saveMemberBillingAddress } from "./billing-address";

/** A member saves the billing address Stripe Tax locates them by (checkout pages, payment methods). */
export const saveBillingAddressAction = defineAction(
  { permission: "payments.pay", name: "billing_address.save", schema: billingAddressSchema, labels: { postalCode: "Postal code", line1: "Address" } },
  async (input, { db, actor }) => {
    await saveMemberBillingAddress(db, actor, input);
    revalidatePath(`/${actor.tenantSlug}/billing`, "layout");
    return { ok: true, message: "Billing address saved." };
  },
);
