"use client";

import { formatMoney } from "@/lib/money";
import { OrderSummary } from "./order-summary";
import { usePromotion } from "./promotion-context";

type Props = Parameters<typeof OrderSummary>[0];

/**
 * The subscribe page's summary: the server's figures, and once a promotion code is applied (the
 * server priced it too), the discount, the tax on the discounted amount and what is due today.
 */
export function SubscribeSummary({ trial, interval, ...summary }: Props & { trial: boolean; interval: string }) {
  const [promotion] = usePromotion();
  if (!promotion || trial) return <OrderSummary {...summary} />;
  const money = (amount: number) => formatMoney(amount, promotion.currency);
  return (
    <OrderSummary
      {...summary}
      amountLabel="Due today"
      amount={money(promotion.total)}
      breakdown={[
        { label: `Price per ${interval}`, amount: money(promotion.subtotal), testId: "order-subtotal" },
        { label: `Discount (${promotion.code})`, amount: money(promotion.discount), testId: "order-discount", negative: true },
        ...(promotion.tax !== null ? [{ label: "Tax", amount: money(promotion.tax), testId: "order-tax" }] : []),
      ]}
      note={`Charged today with ${promotion.code} (${promotion.label}), then every ${interval} until you cancel.`}
    />
  );
}
