import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { memberStripeCustomers, stripeCatalogMappings, type StripeMode } from "../schema";

/**
 * Forgets the Stripe ids that only exist in the account a tenant has just moved away from (for one
 * mode): members' customer links and catalog mappings. Customers are then created anew on the next
 * payment and the catalog shows "Not mapped" until it is synced to the new account. Projections
 * (payments, subscriptions, invoices) stay as history.
 */
export async function forgetStripeAccountLinks(db: Db, { tenantId, mode }: { tenantId: string; mode: StripeMode }) {
  const customers = await db
    .delete(memberStripeCustomers)
    .where(and(eq(memberStripeCustomers.tenantId, tenantId), eq(memberStripeCustomers.mode, mode)))
    .returning({ id: memberStripeCustomers.stripeCustomerId });
  const mappings = await db
    .delete(stripeCatalogMappings)
    .where(and(eq(stripeCatalogMappings.tenantId, tenantId), eq(stripeCatalogMappings.mode, mode)))
    .returning({ id: stripeCatalogMappings.stripeId });
  return { customers: customers.length, mappings: mappings.length };
}
