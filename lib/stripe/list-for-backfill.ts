import "server-only";
import type Stripe from "stripe";
import type { BackfillKind } from "@/db/schema";

export type BackfillObject = {
  products: Stripe.Product;
  prices: Stripe.Price;
  customers: Stripe.Customer;
  subscriptions: Stripe.Subscription;
  invoices: Stripe.Invoice;
  invoice_payments: Stripe.InvoicePayment;
  payment_intents: Stripe.PaymentIntent;
  refunds: Stripe.Refund;
  charges: Stripe.Charge;
};

export type BackfillPage<K extends BackfillKind> = { data: BackfillObject[K][]; hasMore: boolean };

const PAGE = 100;

/**
 * One page (100, newest first) of an account's objects of one kind after `startingAfter`. Lists
 * include archived products and prices and every subscription status (`status: "all"`: the default
 * leaves canceled ones out). A 429 propagates as StripeRateLimitError: the caller backs off.
 */
export async function listBackfillPage<K extends BackfillKind>(client: Stripe, kind: K, startingAfter: string | null): Promise<BackfillPage<K>> {
  const page = { limit: PAGE, ...(startingAfter ? { starting_after: startingAfter } : {}) };
  const list = await listOf(client, kind, page);
  return { data: list.data as BackfillObject[K][], hasMore: list.has_more };
}

function listOf(client: Stripe, kind: BackfillKind, page: Stripe.PaginationParams): Promise<Stripe.ApiList<BackfillObject[BackfillKind]>> {
  switch (kind) {
    case "products":
      return client.products.list(page);
    case "prices":
      return client.prices.list(page);
    case "customers":
      return client.customers.list(page);
    case "subscriptions":
      return client.subscriptions.list({ ...page, status: "all" });
    case "invoices":
      return client.invoices.list(page);
    case "invoice_payments":
      return client.invoicePayments.list({ ...page, status: "paid" });
    case "payment_intents":
      return client.paymentIntents.list(page);
    case "refunds":
      return client.refunds.list(page);
    case "charges":
      return client.charges.list(page);
  }
}

/** Every card (and other method) saved on one customer: Stripe lists payment methods per customer. */
export async function listCustomerPaymentMethods(client: Stripe, customerId: string): Promise<Stripe.PaymentMethod[]> {
  const all: Stripe.PaymentMethod[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const list = await client.customers.listPaymentMethods(customerId, { limit: PAGE, ...(startingAfter ? { starting_after: startingAfter } : {}) });
    all.push(...list.data);
    const last = list.data.at(-1);
    if (!list.has_more || !last) return all;
    startingAfter = last.id;
  }
}
