import { randomUUID } from "node:crypto";
import { invoiceObject, invoicePaymentObject, makeEvent, paymentIntentObject, subscriptionObject } from "@/tests/helpers/webhooks";

/** A paid invoice that exists in the tenant's Stripe account (the emulator): what a tie retrieves. */
export type PaidInvoice = { id: string; customer: string; paymentIntent: string; amount: number };

export type MixContext = {
  tenantId: string;
  /** User ids of members of the bench tenant: the buyers of portal purchases. */
  members: readonly string[];
  /** A credit package price of the bench tenant (portal purchases grant its credits). */
  creditPriceId: string;
  creditPriceAmount: number;
  /** The next paid invoice for a same-second triple (see PaidInvoice). */
  nextInvoice: () => PaidInvoice;
};

/**
 * One cycle of the mix: 40 unique deliveries, shuffled within the cycle. Stripe's real traffic for a
 * membership portal is dominated by payments and paid renewals; a paid invoice always comes as
 * Stripe sends it, three events in the same second.
 *
 *   paid invoice ×3      9  (22.5 %)  invoice_payment.paid + invoice.paid + invoice.payment_succeeded,
 *                                     adjacent, same `created`: the second invoice.* event is a
 *                                     same-second TIE on the invoice row (3 ties per cycle, 7.5 %),
 *                                     settled by retrieving the invoice from Stripe (the emulator)
 *   payment_intent.succeeded     8  (20 %)    no portal buyer: fast path
 *   portal purchase              2  (5 %)     payment_intent.succeeded naming a member of the tenant
 *                                             (memberpulse_user_id): credits + referral decision
 *   customer.subscription.updated 5 (12.5 %)
 *   customer.created             3  (7.5 %)
 *   invoice.created              1  (2.5 %)
 *   invoice.payment_failed       1  (2.5 %)   opens a billing notice (a decision)
 *   refund.created + .updated    2  (5 %)     one refund, pending then succeeded 20 deliveries later;
 *                                             every other one refunds a portal purchase (clawback)
 *   charge.refunded              1  (2.5 %)
 *   payment_method.attached      2  (5 %)
 *   older snapshots, late        2  (5 %)     a subscription update 30 s older than one already
 *                                             sent, and the draft invoice.created of a paid invoice,
 *                                             each arriving 100 deliveries after the newer snapshot
 *   types the portal ignores     4  (10 %)    charge.succeeded ×2, payment_intent.created, balance.available
 *
 * General path by construction (a transaction instead of fast-path.ts's one statement): ties 3,
 * portal purchases 2, payment_failed 1, refunds 2, older snapshots 2 = 10 of 40 unique (25 %).
 * Every other event concerns a fresh object, and `duplicateShare` of all deliveries repeat an
 * earlier delivery byte for byte, as Stripe retries do (20 % by default, so of all deliveries:
 * 6 % ties, 20 % general path by construction, 20 % duplicates).
 */
export const CYCLE = 40;
export const TIES_PER_CYCLE = 3;
const LATE_BY = 100;
const REFUND_SETTLES_AFTER = 20;

/** A delivery that arrives `by` unique deliveries after the point where it was made. */
class Deferred {
  constructor(
    readonly by: number,
    readonly event: object,
  ) {}
}

export type Kind =
  | "paidInvoice"
  | "pi"
  | "portalPurchase"
  | "subUpdated"
  | "customerCreated"
  | "invoiceCreated"
  | "invoiceFailed"
  | "refund"
  | "chargeRefunded"
  | "pmAttached"
  | "lateSub"
  | "lateInvoice"
  | "ignored";

export type Units = readonly (readonly [Kind, number])[];

/** Units per cycle; a paid invoice is 3 deliveries and a refund 2 (the second one later). */
export const UNITS: Units = [
  ["paidInvoice", TIES_PER_CYCLE],
  ["pi", 8],
  ["portalPurchase", 2],
  ["subUpdated", 5],
  ["customerCreated", 3],
  ["invoiceCreated", 1],
  ["invoiceFailed", 1],
  ["refund", 1],
  ["chargeRefunded", 1],
  ["pmAttached", 2],
  ["lateSub", 1],
  ["lateInvoice", 1],
  ["ignored", 4],
];

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const DELIVERIES_PER_UNIT: Partial<Record<Kind, number>> = { paidInvoice: 3, refund: 2 };

type MixOptions = { duplicateShare?: number; units?: Units };

/** Whole cycles: the unique deliveries are `count`'s share rounded up to a multiple of the cycle. */
function cyclesFor(count: number, { duplicateShare = 0.2, units = UNITS }: MixOptions) {
  const perCycle = units.reduce((n, [kind, times]) => n + times * (DELIVERIES_PER_UNIT[kind] ?? 1), 0);
  return perCycle ? Math.ceil(Math.round(count * (1 - duplicateShare)) / perCycle) : 0;
}

/** How many paid invoices eventMix(count) takes from ctx.nextInvoice. */
export function invoicesNeeded(count: number, opts: MixOptions = {}): number {
  const perCycle = (opts.units ?? UNITS).reduce((n, [kind, times]) => n + (kind === "paidInvoice" ? times : 0), 0);
  return cyclesFor(count, opts) * perCycle;
}

/** `count` deliveries of the mix above (or of `units`, for bench/breakdown.ts). */
export function eventMix(count: number, ctx: MixContext, opts: MixOptions = {}): string[] {
  const { duplicateShare = 0.2, units = UNITS } = opts;
  const now = Math.floor(Date.now() / 1000) - 60;
  const unique: string[] = [];
  // Deliveries due at a later position (late snapshots, refunds that settle), by position.
  const later = new Map<number, object[]>();
  const schedule = (at: number, event: object) => later.set(at, [...(later.get(at) ?? []), event]);
  const recent = { sub: [] as string[], paidInvoice: [] as PaidInvoice[], purchase: [] as string[], pi: [] as string[] };
  let n = 0;
  const key = () => `${randomUUID().slice(0, 8)}${n++}`;
  const ev = (type: string, object: object, created = now) => makeEvent(type, object, { created });

  const unit = (kind: Kind): (object | Deferred)[] => {
    const k = key();
    switch (kind) {
      case "paidInvoice": {
        const inv = ctx.nextInvoice();
        recent.paidInvoice.push(inv);
        const object = invoiceObject({ id: inv.id, customer: inv.customer, subscription: `sub_${k}`, status: "paid", amount: inv.amount });
        return [
          ev("invoice_payment.paid", invoicePaymentObject({ invoice: inv.id, paymentIntent: inv.paymentIntent, amount: inv.amount, paidAt: now })),
          ev("invoice.paid", object),
          ev("invoice.payment_succeeded", object),
        ];
      }
      case "pi":
        recent.pi.push(`pi_${k}`);
        return [ev("payment_intent.succeeded", paymentIntentObject({ id: `pi_${k}`, status: "succeeded", amount: 1000 + n, customer: `cus_${k}`, charge: `ch_${k}` }))];
      case "portalPurchase": {
        recent.purchase.push(`pi_${k}`);
        const pi = paymentIntentObject({ id: `pi_${k}`, status: "succeeded", amount: ctx.creditPriceAmount, customer: `cus_${k}`, charge: `ch_${k}` });
        const member = ctx.members[n % ctx.members.length]!;
        const metadata = { memberpulse_tenant_id: ctx.tenantId, memberpulse_user_id: member, memberpulse_price_id: ctx.creditPriceId };
        return [ev("payment_intent.succeeded", { ...pi, metadata })];
      }
      case "subUpdated":
        recent.sub.push(`sub_${k}`);
        return [ev("customer.subscription.updated", subscriptionObject({ id: `sub_${k}`, customer: `cus_${k}`, status: "active", start: now, end: now + 2_592_000 }))];
      case "customerCreated":
        return [ev("customer.created", { id: `cus_${k}`, object: "customer", email: `m${n}@bench.test`, name: `Member ${n}`, metadata: {} })];
      case "invoiceCreated":
        return [ev("invoice.created", invoiceObject({ id: `in_${k}`, customer: `cus_${k}`, subscription: `sub_${k}`, status: "draft", amount: 1500 }))];
      case "invoiceFailed":
        return [ev("invoice.payment_failed", invoiceObject({ id: `in_${k}`, customer: `cus_${k}`, subscription: `sub_${k}`, status: "open", amount: 1500 }))];
      case "refund": {
        // Every other refund takes back a portal purchase's credits; the rest refund plain payments.
        const purchase = n % 2 === 0 ? recent.purchase.shift() : undefined;
        const paymentIntent = purchase ?? recent.pi.shift() ?? `pi_${k}`;
        const amount = purchase ? ctx.creditPriceAmount : 1000;
        const refund = (status: string) => ({ id: `re_${k}`, object: "refund", amount, charge: `ch_${paymentIntent.slice(3)}`, currency: "usd", payment_intent: paymentIntent, reason: "requested_by_customer", status });
        return [ev("refund.created", refund("pending")), new Deferred(REFUND_SETTLES_AFTER, ev("refund.updated", refund("succeeded"), now + 1))];
      }
      case "chargeRefunded":
        return [ev("charge.refunded", { id: `ch_${k}`, object: "charge", amount: 1000, amount_refunded: 1000, currency: "usd", customer: `cus_${k}`, payment_intent: `pi_${k}`, refunds: null })];
      case "pmAttached":
        return [ev("payment_method.attached", { id: `pm_${k}`, object: "payment_method", customer: `cus_${k}`, type: "card", card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030 } })];
      case "lateSub": {
        const sub = recent.sub.shift() ?? `sub_${k}`;
        return [new Deferred(LATE_BY, ev("customer.subscription.updated", subscriptionObject({ id: sub, customer: `cus_${k}`, status: "trialing", start: now - 30, end: now + 2_592_000 }), now - 30))];
      }
      case "lateInvoice": {
        const inv = recent.paidInvoice.shift();
        if (!inv) return [ev("invoice.created", invoiceObject({ id: `in_${k}`, customer: `cus_${k}`, subscription: `sub_${k}`, status: "draft", amount: 1500 }))];
        return [new Deferred(LATE_BY, ev("invoice.created", invoiceObject({ id: inv.id, customer: inv.customer, subscription: `sub_${k}`, status: "draft", amount: inv.amount }), now - 30))];
      }
      case "ignored": {
        const type = (["charge.succeeded", "charge.succeeded", "payment_intent.created", "balance.available"] as const)[n % 4]!;
        return [ev(type, { id: `x_${k}`, object: type.split(".")[0] })];
      }
    }
  };

  const push = (event: object) => {
    unique.push(JSON.stringify(event));
    const due = later.get(unique.length);
    if (!due) return;
    later.delete(unique.length);
    for (const d of due) push(d);
  };
  for (let cycle = 0, cycles = cyclesFor(count, opts); cycle < cycles; cycle++) {
    for (const kind of shuffle(units.flatMap(([kind, times]) => Array.from({ length: times }, () => kind)))) {
      for (const item of unit(kind)) {
        if (item instanceof Deferred) schedule(unique.length + item.by, item.event);
        else push(item);
      }
    }
  }
  // Whatever is still due (the last cycle's late deliveries) arrives at the end.
  for (const [, events] of [...later].sort(([a], [b]) => a - b)) for (const e of events) unique.push(JSON.stringify(e));

  const out = [...unique];
  // Duplicates of random earlier events, spread through the run.
  const duplicates = Math.round(count * duplicateShare);
  for (let i = 0; i < duplicates; i++) out.splice(Math.floor(Math.random() * out.length) + 1, 0, unique[Math.floor(Math.random() * unique.length)]!);
  return out;
}

/** Deliveries per event type, and the shares the report prints. */
export function describeMix(payloads: readonly string[]): { byType: [string, number][]; deliveries: number; unique: number } {
  const seen = new Set<string>();
  const byType = new Map<string, number>();
  for (const p of payloads) {
    const e = JSON.parse(p) as { id: string; type: string };
    byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    seen.add(e.id);
  }
  return { byType: [...byType].sort((a, b) => b[1] - a[1]), deliveries: payloads.length, unique: seen.size };
}
