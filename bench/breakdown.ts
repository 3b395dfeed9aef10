import type { Units } from "./event-mix";

/*
 * BENCH_BREAKDOWN=1 npm run bench:webhooks — where the time goes: after the warm-up, each class of
 * delivery of the mix is sent alone (no duplicates, except the duplicate class), to the app and to
 * the reference, and the CPU per delivery of each server and of its Postgres backends is printed,
 * with each class's share of the mix and its contribution to the mix's CPU per delivery. CPU time
 * is used rather than events/s because it barely depends on what else the machine runs.
 */

export type BreakdownClass = {
  label: string;
  units: Units;
  /** Deliveries of this class in 50 deliveries of the standard mix (40 unique + 10 duplicates). */
  share: number;
  /** For a class sent together with another one: the other's label, whose cost is subtracted. */
  base?: string;
  /** Resend another class's deliveries (all already processed: duplicates). */
  replayOf?: string;
};

export const BREAKDOWN_CLASSES: BreakdownClass[] = [
  { label: "payment_intent.succeeded (no buyer)", units: [["pi", 1]], share: 8 },
  { label: "customer.subscription.updated", units: [["subUpdated", 1]], share: 5 },
  { label: "customer.created", units: [["customerCreated", 1]], share: 3 },
  { label: "payment_method.attached", units: [["pmAttached", 1]], share: 2 },
  { label: "invoice.created", units: [["invoiceCreated", 1]], share: 1 },
  { label: "charge.refunded", units: [["chargeRefunded", 1]], share: 1 },
  { label: "ignored types", units: [["ignored", 1]], share: 4 },
  { label: "paid invoice triple (1 tie in 3)", units: [["paidInvoice", 1]], share: 9 },
  { label: "portal purchase", units: [["portalPurchase", 1]], share: 2 },
  { label: "invoice.payment_failed", units: [["invoiceFailed", 1]], share: 1 },
  { label: "refund.created/updated", units: [["portalPurchase", 1], ["refund", 1]], share: 2, base: "portal purchase" },
  { label: "older snapshot (late)", units: [["subUpdated", 1], ["lateSub", 1]], share: 2, base: "customer.subscription.updated" },
  { label: "duplicate", units: [], share: 10, replayOf: "payment_intent.succeeded (no buyer)" },
];

const DELIVERIES: Partial<Record<string, number>> = { paidInvoice: 3, refund: 2 };
const perCycle = (units: Units) => units.reduce((n, [kind, times]) => n + times * (DELIVERIES[kind] ?? 1), 0);

export type ClassCost = { app: number; appDb: number; ref: number; refDb: number };

/**
 * The cost of one delivery of the class itself: a class sent with a base class (refunds after
 * their purchase, late snapshots after the newer one) has the base's share subtracted.
 */
export function marginal(cls: BreakdownClass, measured: ClassCost, costs: Map<string, ClassCost>): ClassCost {
  if (!cls.base) return measured;
  const base = costs.get(cls.base);
  const baseClass = BREAKDOWN_CLASSES.find((c) => c.label === cls.base);
  if (!base || !baseClass) return measured;
  const total = perCycle(cls.units);
  const own = perCycle(baseClass.units);
  const one = (k: keyof ClassCost) => (total * measured[k] - own * base[k]) / (total - own);
  return { app: one("app"), appDb: one("appDb"), ref: one("ref"), refDb: one("refDb") };
}

export function printBreakdown(rows: { cls: BreakdownClass; cost: ClassCost }[]) {
  const totalShare = rows.reduce((n, r) => n + r.cls.share, 0);
  const f = (n: number) => n.toFixed(2).padStart(6);
  console.log(`\n${"class".padEnd(38)} share   app + Postgres   ref + Postgres   app/ref   contribution to the app's CPU per delivery`);
  let app = 0;
  let ref = 0;
  const contributions = rows.map((r) => {
    const weight = r.cls.share / totalShare;
    app += weight * (r.cost.app + r.cost.appDb);
    ref += weight * (r.cost.ref + r.cost.refDb);
    return weight * (r.cost.app + r.cost.appDb);
  });
  rows.forEach((r, i) => {
    const c = r.cost;
    console.log(
      `${r.cls.label.padEnd(38)} ${`${((100 * r.cls.share) / totalShare).toFixed(0)} %`.padStart(5)}  ${f(c.app)} +${f(c.appDb)}  ${f(c.ref)} +${f(c.refDb)}   ${((c.app + c.appDb) / (c.ref + c.refDb)).toFixed(1).padStart(5)}×   ` +
        `${contributions[i]!.toFixed(2)} ms (${((100 * contributions[i]!) / app).toFixed(0)} %)`,
    );
  });
  console.log(`${"the mix, weighted".padEnd(38)} 100 %  ${f(app)} ms in all   ${f(ref)} ms in all   ${(app / ref).toFixed(1).padStart(5)}×   (CPU ms per delivery, server + its Postgres backends)`);
}
