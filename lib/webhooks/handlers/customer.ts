import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { stripeCustomers } from "@/db/schema";
import { defineHandler, type ProjectionContext } from "../context";
import { ORDERING } from "../ordering";
import { lockWatermark, projectOrdered, type WrittenWatermark } from "../project-ordered";

/** Customers have no Stripe status; "deleted" is terminal (see ordering.ts). */
type CustomerSnapshot = { customer: Stripe.Customer | Stripe.DeletedCustomer; deleted: boolean };

function rowValues(ctx: ProjectionContext, { customer, deleted }: CustomerSnapshot, wm: WrittenWatermark) {
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
      lock: () => lockWatermark(ctx, { table: stripeCustomers, key: stripeCustomers.stripeCustomerId, value: customer.id, status: sql`case when ${stripeCustomers.deleted} then 'deleted' else 'active' end` }),
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
});
