import type { Db } from "@/db/client";
import { getActiveStripeMode } from "@/db/queries/stripe-settings";
import { creditsOutstanding, failedPaymentsByMonth, mrrSeries, refundsByMonth, revenueByMonth } from "@/db/queries/revenue-reports";
import type { StripeMode } from "@/db/schema";

export type MonthFigures = {
  /** First day of the month, UTC, as YYYY-MM. */
  month: string;
  /** MRR at the end of the month (for the current month: now). */
  mrr: number;
  newMrr: number;
  expansion: number;
  contraction: number;
  churn: number;
  revenue: number;
  refunds: number;
};

export type PlanFigures = { name: string; mrr: number; subscribers: number };

export type CurrencyReport = {
  currency: string;
  mrr: number;
  active: number;
  trialing: number;
  months: MonthFigures[];
  topPlans: PlanFigures[];
};

export type RevenueReport = {
  mode: StripeMode;
  /** The months shown, oldest first (YYYY-MM). */
  months: string[];
  currencies: CurrencyReport[];
  failedPayments: { month: string; invoices: number; failed: number; recovered: number }[];
  credits: { credits: number; holders: number };
};

const monthKey = (d: Date) => d.toISOString().slice(0, 7);

/** The first instant of the month `back` months before `now`'s month (UTC). */
export function monthStart(now: Date, back = 0): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
}

/**
 * Everything the Reports page and the overview's headline show, per currency, for one mode and
 * the last `months` calendar months (the current one included, up to `now`). Its independent
 * reads run together (five statements); all of the arithmetic is in SQL (db/queries/revenue-reports.ts) except
 * arranging rows by currency and month.
 */
export async function loadRevenueReport(db: Db, { tenantId, mode, months = 12, now = new Date() }: { tenantId: string; mode: StripeMode; months?: number; now?: Date }): Promise<RevenueReport> {
  const range = { tenantId, mode, from: monthStart(now, months - 1), until: now };
  const [{ points, movements }, revenue, refunds, failed, credits] = await Promise.all([
    mrrSeries(db, range),
    revenueByMonth(db, range),
    refundsByMonth(db, range),
    failedPaymentsByMonth(db, range),
    creditsOutstanding(db, { tenantId }),
  ]);
  const keys = Array.from({ length: months }, (_, i) => monthKey(monthStart(now, months - 1 - i)));
  const currencies = [...new Set([...points, ...movements, ...revenue, ...refunds].map((r) => r.currency))].sort();

  const byCurrency = currencies.map((currency): CurrencyReport => {
    // A month's closing MRR is the state at the next month's start, or at `now` for the current one.
    const closing = (i: number) => {
      const at = i + 1 < months ? monthStart(now, months - 2 - i).getTime() : now.getTime();
      return points.filter((p) => p.currency === currency && p.at.getTime() === at);
    };
    const monthsOut = keys.map((month, i): MonthFigures => {
      const move = movements.find((m) => m.currency === currency && monthKey(m.monthStart) === month);
      return {
        month,
        mrr: closing(i).reduce((sum, p) => sum + p.mrr, 0),
        newMrr: move?.newMrr ?? 0,
        expansion: move?.expansion ?? 0,
        contraction: move?.contraction ?? 0,
        churn: move?.churn ?? 0,
        revenue: revenue.find((r) => r.currency === currency && monthKey(r.month) === month)?.amount ?? 0,
        refunds: refunds.find((r) => r.currency === currency && monthKey(r.month) === month)?.amount ?? 0,
      };
    });
    const current = closing(months - 1);
    const topPlans = current
      .filter((p) => p.mrr > 0 || p.active > 0)
      .map((p) => ({ name: p.productName ?? p.stripeProductId ?? "Unknown plan", mrr: p.mrr, subscribers: p.active }))
      .sort((a, b) => b.mrr - a.mrr || b.subscribers - a.subscribers)
      .slice(0, 5);
    return {
      currency,
      mrr: current.reduce((sum, p) => sum + p.mrr, 0),
      active: current.reduce((sum, p) => sum + p.active, 0),
      trialing: current.reduce((sum, p) => sum + p.trialing, 0),
      months: monthsOut,
      topPlans,
    };
  });

  return {
    mode,
    months: keys,
    currencies: byCurrency,
    failedPayments: keys.map((month) => {
      const row = failed.find((f) => monthKey(f.month) === month);
      return { month, invoices: row?.invoices ?? 0, failed: row?.failed ?? 0, recovered: row?.recovered ?? 0 };
    }),
    credits,
  };
}

/** The mode reports open in: the one asked for, else the tenant's active Stripe mode, else test. */
export async function reportMode(db: Db, { tenantId, requested }: { tenantId: string; requested?: string | null }): Promise<StripeMode> {
  if (requested === "test" || requested === "live") return requested;
  return (await getActiveStripeMode(db, { tenantId })) ?? "test";
}

/** The Reports page: the mode's report for the last twelve months. */
export async function loadReportsView(db: Db, { tenantId, requestedMode }: { tenantId: string; requestedMode?: string | null }) {
  const mode = await reportMode(db, { tenantId, requested: requestedMode });
  return loadRevenueReport(db, { tenantId, mode, months: 12 });
}
