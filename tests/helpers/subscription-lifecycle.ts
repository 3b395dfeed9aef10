import { invoiceObject, invoicePaymentObject, makeEvent, subscriptionObject } from "./webhooks";

/**
 * created incomplete → updated active → invoice paid (with its invoice_payment.paid in the same
 * second, as Stripe sends them) → updated past_due → deleted, for one
 * subscription. `created` gives each event's Stripe timestamp (non-decreasing; equal values are
 * same-second ties). `current` is what Stripe would return now (the deleted subscription, the
 * paid invoice): what a tie is settled with.
 */
export function subscriptionLifecycle(key: string, created: number[]) {
  const subId = `sub_${key}`;
  const invId = `in_${key}`;
  const customer = `cus_${key}`;
  const start = 1_700_000_000;
  const end = start + 2_592_000;
  const next = end + 2_592_000;
  const t = (i: number) => created[i] ?? created[created.length - 1]!;
  const deleted = subscriptionObject({ id: subId, customer, status: "canceled", start: end, end: next, canceledAt: start + 3_000_000, latestInvoice: invId });
  const paidInvoice = invoiceObject({ id: invId, customer, subscription: subId, status: "paid", amount: 1500 });
  const events = [
    makeEvent("customer.subscription.created", subscriptionObject({ id: subId, customer, status: "incomplete", start, end, latestInvoice: invId }), { id: `evt_${key}_1`, created: t(0) }),
    makeEvent("customer.subscription.updated", subscriptionObject({ id: subId, customer, status: "active", start, end, latestInvoice: invId }), { id: `evt_${key}_2`, created: t(1) }),
    makeEvent("invoice_payment.paid", invoicePaymentObject({ invoice: invId, paymentIntent: `pi_${key}`, amount: 1500 }), { id: `evt_${key}_3p`, created: t(2) }),
    makeEvent("invoice.paid", paidInvoice, { id: `evt_${key}_3`, created: t(2) }),
    makeEvent("customer.subscription.updated", subscriptionObject({ id: subId, customer, status: "past_due", start: end, end: next, latestInvoice: invId }), { id: `evt_${key}_4`, created: t(3) }),
    makeEvent("customer.subscription.deleted", deleted, { id: `evt_${key}_5`, created: t(4) }),
  ];
  const current = new Map<string, object>([
    [subId, deleted],
    [invId, paidInvoice],
  ]);
  return { subId, events, current };
}
