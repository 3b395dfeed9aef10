import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { stripeCustomers } from "@/db/schema";
import { defineHandler, type RowScope } from "../context";
import { watermarkOf } from "../fast-path";
import { ORDERING } from "../ordering";
import { lockWatermark, projectOrdered, type WrittenWatermark } from "../project-ordered";

/** Customers have no Stripe status; "deleted" is terminal (see ordering.ts). */
type CustomerSnapshot = { customer: Stripe.Customer | Stripe.DeletedCustomer; deleted: boolean };

const STATUS = `case when "stripe_customers"."deleted" then 'deleted' else 'active' end`;

function rowValues(ctx: RowScope, { customer, deleted }: CustomerSnapshot, wm: WrittenWatermark) {
  const live = customer.deleted ? null : customer;
  return {
    tenantId: ctx.tenantId,
    mode: ctx.mode,
    stripeCustomerId: customer.id,
    deleted,
    // A retrieved deleted customer carries no fields: keep what we had rather than blanking it.
    ...(live ? { email: live.email, name: live.name ?? null, metadata: live.metadata } : {}),
    ...wm,
    updatedAt: new Date(),
  };
}

export const customerHandler = defineHandler({
  name: "customer",
  types: ["customer.created", "customer.updated", "customer.deleted"],
  async handle(ctx, event) {
    const customer = event.data.object;
    const where = and(eq(stripeCustomers.tenantId, ctx.tenantId), eq(stripeCustomers.stripeCustomerId, customer.id));
    const result = await projectOrdered<CustomerSnapshot>(ctx, {
      rule: ORDERING.customers,
      snapshot: { customer, deleted: event.type === "customer.deleted" },
      statusOf: (s) => (s.deleted ? "deleted" : "active"),
      lock: () => lockWatermark(ctx, { table: stripeCustomers, key: stripeCustomers.stripeCustomerId, value: customer.id, status: sql.raw(STATUS) }),
      insert: async (s, wm) =>
        (await ctx.tx.insert(stripeCustomers).values(rowValues(ctx, s, wm)).onConflictDoNothing().returning({ id: stripeCustomers.id })).length > 0,
      update: async (s, wm) => {
        await ctx.tx.update(stripeCustomers).set(rowValues(ctx, s, wm)).where(where);
      },
      fetch: async () => {
        const latest = await ctx.fetchLatest("customer", customer.id);
        return { customer: latest, deleted: latest.deleted === true };
      },
    });
    return { status: "processed", note: result };
  },
  fast: (scope, event) => {
    const snapshot = { customer: event.data.object, deleted: event.type === "customer.deleted" };
    return {
      projections: [
        {
          table: stripeCustomers,
          conflict: [stripeCustomers.tenantId, stripeCustomers.stripeCustomerId],
          values: rowValues(scope, snapshot, watermarkOf(scope)),
          rule: ORDERING.customers,
          status: snapshot.deleted ? "deleted" : "active",
          existingStatus: STATUS,
        },
      ],
    };
  },
});
