import { Card } from "@/components/ui/card";
import { PriceBreakdown, type BreakdownRow } from "./price-breakdown";

/** The left-hand card of the checkout and subscribe pages: what is bought, for how much, and when it is charged. */
export function OrderSummary({
  title,
  itemLabel,
  name,
  nickname,
  description,
  amountLabel,
  amount,
  amountTestId,
  note,
  breakdown,
}: {
  title: string;
  itemLabel: string;
  name: string;
  nickname?: string | null;
  description?: string | null;
  amountLabel: string;
  amount: string;
  amountTestId: string;
  note: string;
  /** Subtotal, discount and tax rows above the amount, when there is more to it than the price. */
  breakdown?: BreakdownRow[];
}) {
  return (
    <Card title={title}>
      <dl className="space-y-3 text-sm">
        <div>
          <dt className="sr-only">{itemLabel}</dt>
          <dd className="font-medium text-slate-900">{name}</dd>
          {nickname ? <dd className="text-slate-600">{nickname}</dd> : null}
          {description ? <dd className="mt-1 text-slate-600">{description}</dd> : null}
        </div>
        {breakdown && breakdown.length > 0 ? null : (
          <div className="flex items-baseline justify-between border-t border-slate-100 pt-3">
            <dt className="text-slate-600">{amountLabel}</dt>
            <dd className="text-lg font-semibold text-slate-900" data-testid={amountTestId}>
              {amount}
            </dd>
          </div>
        )}
      </dl>
      {breakdown && breakdown.length > 0 ? <PriceBreakdown rows={breakdown} totalLabel={amountLabel} total={amount} totalTestId={amountTestId} /> : null}
      {/* After the list: a <dl> holds only term and description groups. */}
      <p className="mt-3 text-xs text-slate-500">{note}</p>
    </Card>
  );
}
