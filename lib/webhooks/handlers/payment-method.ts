import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { paymentMethods } from "@/db/schema";
import { defineHandler, idOf, type RowScope } from "../context";
import { ORDERING } from "../ordering";
import { project, type ProjectionSpec, type WrittenWatermark } from "../projection";

/**
 * The snapshot and the customer it belongs to. A detached method has `customer: null`; Stripe names
 * the customer it was detached from in the event's `previous_attributes`, so the row never loses it.
 */
type MethodSnapshot = { pm: Stripe.PaymentMethod; customer: string | null };

function rowValues(scope: RowScope, { pm, customer }: MethodSnapshot, wm: WrittenWatermark) {
  return {
    tenantId: scope.tenantId,
    mode: scope.mode,
    stripePaymentMethodId: pm.id,
    // Keep whose it was: a snapshot that names no customer never blanks the one we know.
    ...(customer ? { stripeCustomerId: customer } : {}),
    type: pm.type,
    cardBrand: pm.card?.brand ?? null,
    cardLast4: pm.card?.last4 ?? null,
    cardExpMonth: pm.card?.exp_month ?? null,
    cardExpYear: pm.card?.exp_year ?? null,
    detached: idOf(pm.customer) === null,
    ...wm,
    updatedAt: new Date(),
  };
}

const PAYMENT_METHOD: ProjectionSpec<MethodSnapshot> = {
  table: paymentMethods,
  key: ["tenantId", "stripePaymentMethodId"],
  rule: ORDERING.paymentMethods,
  existingStatus: sql`case when ${paymentMethods.detached} then 'detached' else 'attached' end`,
  statusOf: (s) => (idOf(s.pm.customer) ? "attached" : "detached"),
  idOf: (s) => s.pm.id,
  values: rowValues,
  // An older attach arriving after the detach is skipped, but still tells whose the method was.
  fillIfNull: (s) => (s.customer ? { stripeCustomerId: s.customer } : undefined),
  fetch: async (latest, s) => {
    const pm = await latest("payment_method", s.pm.id);
    return { pm, customer: idOf(pm.customer) ?? s.customer };
  },
};

export const paymentMethodHandler = defineHandler({
  name: "payment-method",
  types: ["payment_method.attached", "payment_method.detached"],
  plan: (scope, event) => {
    const pm = event.data.object;
    const previous = event.type === "payment_method.detached" ? idOf(event.data.previous_attributes?.customer) : null;
    return { projections: [project(PAYMENT_METHOD, scope, { pm, customer: idOf(pm.customer) ?? previous })] };
  },
});
