import { Card } from "@/components/ui/card";
import type { CurrencyReport } from "@/lib/reports/revenue-report";
import { formatMoney } from "@/lib/money";
import { BarChart } from "./bar-chart";
import { Kpi } from "./kpi";
import { LineChart } from "./line-chart";

/** "+$120.00" / "−$45.00": a movement's sign is part of the figure. */
export function signedMoney(amount: number, currency: string): string {
  if (amount === 0) return formatMoney(0, currency);
  return `${amount > 0 ? "+" : "−"}${formatMoney(Math.abs(amount), currency)}`;
}

const currencyName = (code: string) => new Intl.DisplayNames(["en"], { type: "currency" }).of(code.toUpperCase()) ?? code.toUpperCase();

/** The Reports page's section for one currency: headline figures, MRR, its movement, revenue, top plans. */
export function CurrencyReportSection({ report }: { report: CurrencyReport }) {
  const { currency } = report;
  const money = (n: number) => formatMoney(n, currency);
  const axis = (n: number) => formatMoney(Math.round(n), currency).replace(/\.00$/, "");
  const months = report.months.map((m) => m.month);
  const now = report.months[report.months.length - 1];
  const net = now ? now.newMrr + now.expansion - now.contraction - now.churn : 0;
  return (
    <section aria-labelledby={`report-${currency}`} className="space-y-4">
      <h2 id={`report-${currency}`} className="text-lg font-semibold text-slate-900">
        {currencyName(currency)} <span className="text-slate-500">({currency.toUpperCase()})</span>
      </h2>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Kpi label="MRR" value={money(report.mrr)} note={`${signedMoney(net, currency)} this month`} />
        <Kpi label="Active subscribers" value={report.active} note={report.trialing ? `and ${report.trialing} trialing` : "none trialing"} />
        <Kpi label="Revenue this month" value={money(now?.revenue ?? 0)} note={now?.refunds ? `${money(now.refunds)} refunded` : "no refunds"} />
        <Kpi label="Churned MRR this month" value={money(now?.churn ?? 0)} note={now?.contraction ? `and ${money(now.contraction)} contraction` : "no contraction"} />
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="Monthly recurring revenue" description="At the end of each month (this month: now).">
          <LineChart title={`MRR in ${currency.toUpperCase()}`} months={months} values={report.months.map((m) => m.mrr)} format={axis} />
        </Card>
        <Card title="MRR movement" description="What changed MRR each month.">
          <BarChart
            title={`MRR movement in ${currency.toUpperCase()}`}
            months={months}
            format={axis}
            series={[
              { label: "New", fill: "fill-emerald-500", values: report.months.map((m) => m.newMrr) },
              { label: "Expansion", fill: "fill-sky-500", values: report.months.map((m) => m.expansion) },
              { label: "Contraction", fill: "fill-amber-500", values: report.months.map((m) => m.contraction), negative: true },
              { label: "Churn", fill: "fill-rose-500", values: report.months.map((m) => m.churn), negative: true },
            ]}
          />
        </Card>
        <Card title="Revenue and refunds" description="Payments received and refunds made, by month.">
          <BarChart
            title={`Revenue and refunds in ${currency.toUpperCase()}`}
            months={months}
            format={axis}
            series={[
              { label: "Revenue", fill: "fill-brand-500", values: report.months.map((m) => m.revenue) },
              { label: "Refunds", fill: "fill-rose-400", values: report.months.map((m) => m.refunds), negative: true },
            ]}
          />
        </Card>
        <Card title="Top plans" description="By MRR now.">
          {report.topPlans.length === 0 ? (
            <p className="text-sm text-slate-600">No plan has an active subscriber in {currency.toUpperCase()} right now.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Top plans in {currency.toUpperCase()} by MRR</caption>
              <thead>
                <tr className="text-xs text-slate-500">
                  <th scope="col" className="py-1.5 pr-3 font-medium">Plan</th>
                  <th scope="col" className="py-1.5 pr-3 text-right font-medium">Subscribers</th>
                  <th scope="col" className="py-1.5 text-right font-medium">MRR</th>
                  <th scope="col" className="hidden py-1.5 pl-3 font-medium sm:table-cell">
                    <span className="sr-only">Share of MRR</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.topPlans.map((plan) => {
                  const share = report.mrr > 0 ? Math.round((plan.mrr / report.mrr) * 100) : 0;
                  return (
                    <tr key={plan.name} className="border-t border-slate-100">
                      <th scope="row" className="py-2 pr-3 font-medium text-slate-900">{plan.name}</th>
                      <td className="py-2 pr-3 text-right tabular-nums">{plan.subscribers}</td>
                      <td className="py-2 text-right tabular-nums">{money(plan.mrr)}</td>
                      <td className="hidden w-32 py-2 pl-3 sm:table-cell">
                        <span className="block h-2 rounded-full bg-slate-100">
                          <span className="block h-2 rounded-full bg-brand-500" style={{ width: `${share}%` }} />
                        </span>
                        <span className="sr-only">{share}% of MRR</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </section>
  );
}
