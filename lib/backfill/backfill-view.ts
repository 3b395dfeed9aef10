import "server-only";
import type { Db } from "@/db/client";
import { getBackfill } from "@/db/queries/backfill";
import { BACKFILL_KINDS, type BackfillKind, type BackfillStatus, type StripeMode } from "@/db/schema";

const LABELS: Record<BackfillKind, string> = {
  products: "Products",
  prices: "Prices",
  customers: "Customers",
  subscriptions: "Subscriptions",
  invoices: "Invoices",
  invoice_payments: "Invoice payments",
  payment_intents: "Payments",
  refunds: "Refunds",
  charges: "Refunded charges",
};

export type BackfillStep = { kind: BackfillKind | "payment_methods"; label: string; imported: number; state: "done" | "importing" | "waiting" };
export type BackfillView = {
  status: BackfillStatus;
  /** 0–100: the share of kinds finished (Stripe's lists have no totals to count against). */
  percent: number;
  steps: BackfillStep[];
  membersLinked: number;
  lastError: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
};

/** The Stripe settings page's import panel: null before the first import was asked for. */
export async function loadBackfillView(db: Db, scope: { tenantId: string; mode: StripeMode }): Promise<BackfillView | null> {
  const row = await getBackfill(db, scope);
  if (!row) return null;
  const finished = BACKFILL_KINDS.filter((k) => row.progress[k]?.done).length;
  const current = BACKFILL_KINDS.find((k) => !row.progress[k]?.done);
  const stateOf = (k: BackfillKind): BackfillStep["state"] => (row.progress[k]?.done ? "done" : k === current && row.status === "running" ? "importing" : "waiting");
  const steps: BackfillStep[] = BACKFILL_KINDS.map((kind) => ({ kind, label: LABELS[kind], imported: row.progress[kind]?.imported ?? 0, state: stateOf(kind) }));
  // Saved cards are listed per customer, with the customers' pages.
  steps.splice(BACKFILL_KINDS.indexOf("customers") + 1, 0, { kind: "payment_methods", label: "Saved cards", imported: row.progress.paymentMethods ?? 0, state: stateOf("customers") });
  return {
    status: row.status,
    percent: row.status === "done" ? 100 : Math.round((finished / BACKFILL_KINDS.length) * 100),
    steps,
    membersLinked: row.progress.membersLinked ?? 0,
    lastError: row.lastError,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
