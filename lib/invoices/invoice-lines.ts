import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import { listInvoiceablePrices } from "@/db/queries/payable-prices";
import { DomainError } from "@/lib/errors/domain-error";
import { amountLimitMessage, MAX_STRIPE_AMOUNT, parseMoney } from "@/lib/money";

export const MAX_LINES = 10;
export const MAX_QUANTITY = 100;
const CURRENCIES = ["usd", "eur", "gbp"] as const;

/** A custom line: what the admin typed. */
const customLine = z.object({
  description: z.string().trim().min(1, "Each line needs a description.").max(200),
  amount: z.string().trim().min(1, "Each line needs an amount."),
});
/** A catalog line: which price and how many; the amount is the catalog's, never the request's. */
const catalogLine = z.object({
  priceId: z.uuid("Choose an item from the catalog."),
  quantity: z.coerce.number().int().min(1, "Quantity is at least 1.").max(MAX_QUANTITY, `Quantity is at most ${MAX_QUANTITY}.`),
});

export const adminInvoiceSchema = z.object({
  memberId: z.string().min(1, "Choose a member."),
  /** Omitted: the currency of the catalog lines (or the catalog's first currency). */
  currency: z.string().trim().toLowerCase().regex(/^[a-z]{3}$/, "Choose a currency.").optional(),
  daysUntilDue: z.coerce.number().int().min(1, "Due in at least 1 day.").max(90, "Due within 90 days."),
  memo: z.string().trim().max(500).optional(),
  lines: z.array(z.union([catalogLine, customLine])).min(1, "Add at least one line.").max(MAX_LINES, `At most ${MAX_LINES} lines.`),
});
export type AdminInvoiceInput = z.infer<typeof adminInvoiceSchema>;

export type ResolvedLine = {
  description: string;
  /** The line's total in minor units (unit amount × quantity). */
  amount: number;
  unitAmount: number;
  quantity: number;
  /** The catalog price, for catalog lines. */
  priceId: string | null;
};
export type ResolvedInvoice = { currency: string; lines: ResolvedLine[]; total: number };

/** The currencies an invoice can be in: those of the catalog's invoiceable items, or (empty catalog) any supported one. */
export function invoiceCurrencies(prices: { currency: string }[]): string[] {
  const fromCatalog = [...new Set(prices.map((p) => p.currency.toLowerCase()))];
  return fromCatalog.length > 0 ? fromCatalog : [...CURRENCIES];
}

/**
 * The lines in minor units, priced from the tenant's catalog (catalog lines) or parsed (custom
 * lines), each and their total within Stripe's limits — checked before anything is written or sent
 * to Stripe: an oversized line would otherwise fail after the customer and the draft invoice exist.
 */
export async function resolveInvoiceLines(db: Db, tenantId: string, input: Pick<AdminInvoiceInput, "lines" | "currency">): Promise<ResolvedInvoice> {
  const all = await listInvoiceablePrices(db, { tenantId });
  const byId = new Map(all.map((p) => [p.priceId, p]));
  const firstCatalog = input.lines.find((l) => "priceId" in l);
  const fromLine = firstCatalog && "priceId" in firstCatalog ? byId.get(firstCatalog.priceId)?.currency : undefined;
  const allowed = invoiceCurrencies(all);
  const currency = input.currency ?? fromLine ?? allowed[0] ?? "usd";
  if (!allowed.includes(currency)) throw new DomainError("validation_failed", `The catalog has no prices in ${currency.toUpperCase()}; invoice in ${allowed.map((c) => c.toUpperCase()).join(" or ")}.`, "currency");
  const lines = input.lines.map((l, i): ResolvedLine => {
    if ("priceId" in l) {
      const price = byId.get(l.priceId);
      // Another tenant's price, an archived one, or a credit package: the same answer.
      if (!price) throw new DomainError("validation_failed", `Line ${i + 1}: that item is not in the catalog (or no longer sold).`, `lines.${i}.priceId`);
      if (price.currency !== currency) throw new DomainError("validation_failed", `Line ${i + 1}: ${price.productName} is priced in ${price.currency.toUpperCase()}, not ${currency.toUpperCase()}.`, `lines.${i}.priceId`);
      const amount = price.amount * l.quantity;
      if (amount > MAX_STRIPE_AMOUNT) throw new DomainError("validation_failed", `Line ${i + 1}: ${amountLimitMessage(currency)}`, `lines.${i}.quantity`);
      const name = price.nickname ? `${price.productName} (${price.nickname})` : price.productName;
      return { description: l.quantity > 1 ? `${name} × ${l.quantity}` : name, amount, unitAmount: price.amount, quantity: l.quantity, priceId: price.priceId };
    }
    const amount = parseMoney(l.amount, currency);
    const field = `lines.${i}.amount`;
    if (amount === null || amount < 1) throw new DomainError("validation_failed", `“${l.amount}” is not an amount like 12.50.`, field);
    if (amount > MAX_STRIPE_AMOUNT) throw new DomainError("validation_failed", `Line ${i + 1}: ${amountLimitMessage(currency)}`, field);
    return { description: l.description, amount, unitAmount: amount, quantity: 1, priceId: null };
  });
  const total = lines.reduce((s, l) => s + l.amount, 0);
  if (total < 50) throw new DomainError("validation_failed", "The invoice total must be at least 0.50.", "lines");
  if (total > MAX_STRIPE_AMOUNT) throw new DomainError("validation_failed", amountLimitMessage(currency, "The invoice total"), "lines");
  return { currency, lines, total };
}
