import "server-only";
import type { Db } from "@/db/client";
import { listTenantMembers } from "@/db/queries/memberships";
import { listInvoiceablePrices } from "@/db/queries/payable-prices";
import { taxEnabledFor } from "@/lib/billing-settings/billing-settings";
import { invoiceCurrencies, MAX_LINES } from "./invoice-lines";

/** What the "New invoice" builder offers: the tenant's members, its invoiceable catalog items, and their currencies. */
export async function loadInvoiceBuilderView(db: Db, { tenantId }: { tenantId: string }) {
  const [members, prices, taxEnabled] = await Promise.all([listTenantMembers(db, { tenantId }), listInvoiceablePrices(db, { tenantId }), taxEnabledFor(db, { tenantId })]);
  return {
    members: members.map((m) => ({ id: m.userId, label: m.name ? `${m.name} <${m.email}>` : m.email })),
    items: prices.map((p) => ({ priceId: p.priceId, label: p.nickname ? `${p.productName} (${p.nickname})` : p.productName, amount: p.amount, currency: p.currency })),
    currencies: invoiceCurrencies(prices),
    maxLines: MAX_LINES,
    /** Stripe Tax adds tax when the invoice is finalized, so the preview's total is before tax. */
    taxEnabled,
  };
}
