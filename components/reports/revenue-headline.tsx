import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { RevenueReport } from "@/lib/reports/revenue-report";
import { formatMoney } from "@/lib/money";
import { signedMoney } from "./currency-report";
import { Kpi } from "./kpi";
import { LineChart } from "./line-chart";

/** The admin overview's revenue card: per currency, MRR with its trend and this month's figures. */
export function RevenueHeadline({ report, slug }: { report: RevenueReport; slug: string }) {
  const reportsHref = `/${slug}/admin/reports?mode=${report.mode}`;
  return (
    <Card
      title="Revenue"
      description={`${report.mode === "live" ? "Live" : "Test"} mode, from Stripe's webhooks.`}
      actions={
        <Link href={reportsHref} className="inline-flex min-h-6 items-center text-sm font-medium text-brand-600 hover:underline">
          Reports
        </Link>
      }
    >
      {report.currencies.length === 0 ? (
        <p className="text-sm text-slate-600">No subscriptions or payments in {report.mode} mode yet. Figures appear here as members pay.</p>
      ) : (
        <div className="space-y-6">
          {report.currencies.map((c) => {
            const now = c.months[c.months.length - 1];
            const net = now ? now.newMrr + now.expansion - now.contraction - now.churn : 0;
            return (
              <div key={c.currency} className="grid items-center gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
                <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
                  <Kpi label={`MRR · ${c.currency.toUpperCase()}`} value={formatMoney(c.mrr, c.currency)} note={`${signedMoney(net, c.currency)} this month`} />
                  <Kpi label="Active subscribers" value={c.active} note={c.trialing ? `and ${c.trialing} trialing` : "none trialing"} />
                  <Kpi className="col-span-2 sm:col-span-1" label="Revenue this month" value={formatMoney(now?.revenue ?? 0, c.currency)} note={now?.refunds ? `${formatMoney(now.refunds, c.currency)} refunded` : "no refunds"} />
                </div>
                <LineChart
                  compact
                  title={`MRR in ${c.currency.toUpperCase()}`}
                  months={c.months.map((m) => m.month)}
                  values={c.months.map((m) => m.mrr)}
                  format={(n) => formatMoney(Math.round(n), c.currency).replace(/\.00$/, "")}
                />
              </div>
            );
          })}
        </div>
      )}
    </Card>
  );
}
