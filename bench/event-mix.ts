import { randomUUID } from "node:crypto";
import { invoiceObject, makeEvent, paymentIntentObject, subscriptionObject } from "@/tests/helpers/webhooks";

/**
 * A realistic mix of Stripe deliveries: mostly payments and invoices, some subscription and
 * customer changes, refunds, payment methods, and types the portal ignores. Every event concerns
 * a fresh object (no same-second ties: the benchmark has no Stripe to settle them with), and
 * `duplicateShare` of the deliveries repeat an earlier event byte for byte, as Stripe retries do.
 */
export function eventMix(count: number, duplicateShare = 0.2): string[] {
  const unique: string[] = [];
  const now = Math.floor(Date.now() / 1000) - 60;
  const make = (i: number): object => {
    const k = `${randomUUID().slice(0, 8)}${i}`;
    const r = i % 20;
    if (r < 6) return makeEvent("payment_intent.succeeded", paymentIntentObject({ id: `pi_${k}`, status: "succeeded", amount: 1000 + i, customer: `cus_${k}`, charge: `ch_${k}` }), { created: now });
    if (r < 10) return makeEvent("invoice.paid", invoiceObject({ id: `in_${k}`, customer: `cus_${k}`, subscription: `sub_${k}`, status: "paid", amount: 1500 }), { created: now });
    if (r < 13) return makeEvent("customer.subscription.updated", subscriptionObject({ id: `sub_${k}`, customer: `cus_${k}`, status: "active", start: now, end: now + 2_592_000 }), { created: now });
    if (r < 15) return makeEvent("customer.created", { id: `cus_${k}`, object: "customer", email: `m${i}@bench.test`, name: `Member ${i}`, metadata: {} }, { created: now });
    if (r < 16) return makeEvent("charge.refunded", { id: `ch_${k}`, object: "charge", amount: 1000, amount_refunded: 1000, currency: "usd", customer: `cus_${k}`, payment_intent: `pi_${k}`, refunds: null }, { created: now });
    if (r < 17) return makeEvent("payment_method.attached", { id: `pm_${k}`, object: "payment_method", customer: `cus_${k}`, type: "card", card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030 } }, { created: now });
    if (r < 18) return makeEvent("invoice.created", invoiceObject({ id: `in_${k}`, customer: `cus_${k}`, subscription: `sub_${k}`, status: "draft", amount: 1500 }), { created: now });
    return makeEvent(r === 18 ? "charge.succeeded" : "balance.available", { id: `x_${k}`, object: "charge" }, { created: now });
  };
  const uniqueCount = Math.round(count * (1 - duplicateShare));
  for (let i = 0; i < uniqueCount; i++) unique.push(JSON.stringify(make(i)));
  const out = [...unique];
  // Duplicates of random earlier events, spread through the run.
  for (let i = uniqueCount; i < count; i++) out.splice(Math.floor(Math.random() * out.length) + 1, 0, unique[Math.floor(Math.random() * uniqueCount)]!);
  return out;
}
