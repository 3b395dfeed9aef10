import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { paymentMethods } from "@/db/schema";
import { defineHandler, idOf, type RowScope } from "../context";
import { watermarkOf } from "../fast-path";
import { ORDERING } from "../ordering";
import { lockWatermark, projectOrdered, type WrittenWatermark } from "../project-ordered";

const STATUS = `case when "payment_methods"."detached" then 'detached' else 'attached' end`;
const statusOf = (pm: Stripe.PaymentMethod) => (idOf(pm.customer) ? "attached" : "detached");

function rowValues(ctx: RowScope, pm: Stripe.PaymentMethod, wm: WrittenWatermark) {
  const customer = idOf(pm.customer);
  return {
    tenantId: ctx.tenantId,
    mode: ctx.mode,
    stripePaymentMethodId: pm.id,
    // A detached method has no customer any more; keep whose it was.
    ...(customer ? { stripeCustomerId: customer } : {}),
    type: pm.type,
    cardBrand: pm.card?.brand ?? null,
    cardLast4: pm.card?.last4 ?? null,
    cardExpMonth: pm.card?.exp_month ?? null,
    cardExpYear: pm.card?.exp_year ?? null,
    detached: customer === null,
    ...wm,
    updatedAt: new Date(),
  };
}

export const paymentMethodHandler = defineHandler({
  name: "payment-method",
  types: ["payment_method.attached", "payment_method.detached"],
  async handle(ctx, event) {
    const pm = event.data.object;
    const where = and(eq(paymentMethods.tenantId, ctx.tenantId), eq(paymentMethods.stripePaymentMethodId, pm.id));
    const result = await projectOrdered(ctx, {
      rule: ORDERING.paymentMethods,
      snapshot: pm,
      statusOf,
      lock: () => lockWatermark(ctx, { table: paymentMethods, key: paymentMethods.stripePaymentMethodId, value: pm.id, status: sql.raw(STATUS) }),
      insert: async (p, wm) =>
        (await ctx.tx.insert(paymentMethods).values(rowValues(ctx, p, wm)).onConflictDoNothing().returning({ id: paymentMethods.id })).length > 0,
      update: async (p, wm) => {
        await ctx.tx.update(paymentMethods).set(rowValues(ctx, p, wm)).where(where);
      },
      fetch: () => ctx.fetchLatest("payment_method", pm.id),
    });
    return { status: "processed", note: result };
  },
  fast: (scope, event) => {
    const pm = event.data.object;
    return {
      projections: [
        {
          table: paymentMethods,
          conflict: [paymentMethods.tenantId, paymentMethods.stripePaymentMethodId],
          values: rowValues(scope, pm, watermarkOf(scope)),
          rule: ORDERING.paymentMethods,
          status: statusOf(pm),
          existingStatus: STATUS,
        },
      ],
    };
  },
});
