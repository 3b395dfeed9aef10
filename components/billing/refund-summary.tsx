import { formatMoney } from "@/lib/money";
import type { PaymentView } from "@/lib/payments/payment-view";

/** "Refunded $10.00 · Refund pending $5.00", or nothing when no refund was asked for. */
export function RefundSummary({ payment }: { payment: PaymentView }) {
  const parts: string[] = [];
  if (payment.amountRefunded > 0) parts.push(`Refunded ${formatMoney(payment.amountRefunded, payment.currency)}`);
  if (payment.amountRefundPending > 0) parts.push(`Refund pending ${formatMoney(payment.amountRefundPending, payment.currency)}`);
  if (parts.length === 0) return null;
  return <span className="text-xs text-slate-600">{parts.join(" · ")}</span>;
}
