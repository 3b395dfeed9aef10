"use client";

import { useState } from "react";
import { startTopUpAction } from "@/lib/credits/top-up-actions";
import { ConfirmSecretForm } from "@/components/billing/confirm-secret-form";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { formatMoney } from "@/lib/money";

type Started = { clientSecret: string; publishableKey: string; amount: number; currency: string; credits: number };

/**
 * "Top up any amount": the member types an amount within the admin's bounds; the server checks it
 * and creates the PaymentIntent; then the Payment Element pays exactly that. Credits = amount.
 */
export function TopUpForm({ slug, currency, min, max }: { slug: string; currency: string; min: number; max: number }) {
  const [amount, setAmount] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [started, setStarted] = useState<Started | null>(null);
  const bounds = `Between ${formatMoney(min, currency)} and ${formatMoney(max, currency)}; 1 credit per cent.`;

  if (started) {
    return (
      <div className="space-y-3" data-testid="top-up-pay">
        <p className="text-sm text-slate-700">
          {formatMoney(started.amount, started.currency)} for {started.credits.toLocaleString("en-US")} credits.
        </p>
        <ConfirmSecretForm publishableKey={started.publishableKey} clientSecret={started.clientSecret} secretType="payment" payLabel={`Pay ${formatMoney(started.amount, started.currency)}`} returnPath={`/${slug}/billing/credits?topped=1`} />
        <Button type="button" variant="ghost" onClick={() => setStarted(null)}>
          Change the amount
        </Button>
      </div>
    );
  }
  return (
    <form
      className="space-y-3"
      data-testid="top-up-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        setError(undefined);
        const r = await startTopUpAction({ slug, amount });
        setPending(false);
        if (r.data) setStarted(r.data);
        else setError(r.error);
      }}
    >
      <div className="max-w-xs">
        <TextField label={`Amount (${currency.toUpperCase()})`} name="amount" inputMode="decimal" placeholder="25.00" value={amount} onChange={(e) => setAmount(e.target.value)} hint={bounds} error={error} required />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Preparing…" : "Continue to payment"}
      </Button>
    </form>
  );
}
