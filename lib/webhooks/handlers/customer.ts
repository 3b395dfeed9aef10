import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { stripeCustomers } from "@/db/schema";
import { defineHandler, type RowScope } from "../context";
import { ORDERING } from "../ordering";
import { project, type ProjectionSpec, type WrittenWatermark } from "../projection";

/** Customers have no Stripe status; "deleted" is terminal (see ordering.ts). */
type CustomerSnapshot = { customer: Stripe.Customer | Stripe.DeletedCustomer; deleted: boolean };

function rowValues(scope: RowScope, { customer, deleted }: CustomerSnapshot, wm: WrittenWatermark) {
  const live = customer.deleted ? null : customer;
  return {
    tenantId: scope.tenantId,
    mode: scope.mode,
    stripeCustomerId: customer.id,
    deleted,
    // A retrieved deleted customer carries no fields: keep what we had rather than blanking it.
    ...(live ? { email: live.email, name: live.name ?? null, metadata: live.metadata } : {}),
    ...wm,
    updatedAt: new Date(),
  };
}

const CUSTOMER: ProjectionSpec<CustomerSnapshot> = {
  table: stripeCustomers,
  key: ["tenantId", "stripeCustomerId"],
  rule: ORDERING.customers,
  existingStatus: sql`case when ${stripeCustomers.deleted} then 'deleted' else 'active' end`,
  statusOf: (s) => (s.deleted ? "deleted" : "active"),
  idOf: (s) => s.customer.id,
  values: rowValues,
  isStub: (s) => s.customer.deleted === true,
  fetch: async (latest, s) => {
    const customer = await latest("customer", s.customer.id);
    return { customer, deleted: customer.deleted === true };
  },
};

export const customerHandler = defineHandler({
  name: "customer",
  types: ["customer.created", "customer.updated", "customer.deleted"],
  plan: (scope, event) => ({ projections: [project(CUSTOMER, scope, { customer: event.data.object, deleted: event.type === "customer.deleted" })] }),
});
