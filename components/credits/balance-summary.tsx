import { formatCredits } from "@/lib/credits/rules";

/** The balance, with the reason spelled out when it is negative (a refund took credits back). */
export function BalanceSummary({ balance, subject = "Your" }: { balance: number; subject?: string }) {
  return (
    <div>
      <p className="text-sm text-slate-600">{subject} balance</p>
      <p className={`text-3xl font-semibold tabular-nums ${balance < 0 ? "text-red-700" : "text-slate-900"}`} data-testid="credit-balance">
        {formatCredits(balance)} credits
      </p>
      <p className="mt-1 text-xs text-slate-500">1 credit = 1 cent.</p>
      {balance < 0 ? (
        <p data-testid="negative-balance-note" className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          The balance is below zero because credits were taken back after they had been spent: by the refund of a purchase, a reversed referral
          bonus, or an admin adjustment. Each one is listed in the history with its reason. New credits cover the difference first.
        </p>
      ) : null}
    </div>
  );
}
