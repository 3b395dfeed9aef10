"use client";

import { useState } from "react";
import type { PromotionPreview } from "@/lib/promotions/actions";
import { formatMoney } from "@/lib/money";
import { Button } from "@/components/ui/button";

type Check = (code: string) => Promise<{ data?: PromotionPreview; error?: string }>;

/**
 * "Have a promotion code?": the server checks the code against the price and answers the discount,
 * which is shown here before anything is paid. The amount itself stays the server's.
 */
export function PromotionCodeField({
  applied,
  onApplied,
  check,
  amountLabel,
  firstChargeLabel,
}: {
  applied: PromotionPreview | null;
  onApplied: (p: PromotionPreview | null) => void;
  check: Check;
  amountLabel: string;
  firstChargeLabel: string;
}) {
  const [code, setCode] = useState("");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function apply() {
    if (pending || !code.trim()) return;
    setPending(true);
    setError(undefined);
    const r = await check(code.trim());
    setPending(false);
    if (!r.data) return setError(r.error ?? "That code could not be checked.");
    onApplied(r.data);
  }

  if (applied) {
    return (
      <div className="rounded-md bg-emerald-50 p-3 text-sm ring-1 ring-emerald-200" data-testid="promotion-applied">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <p className="font-medium text-emerald-900">
            <span className="font-mono">{applied.code}</span> · {applied.label}
          </p>
          <button type="button" onClick={() => onApplied(null)} className="text-sm font-medium text-emerald-800 underline hover:text-emerald-950">
            Remove
          </button>
        </div>
        <dl className="mt-2 space-y-1 text-slate-700">
          <div className="flex justify-between gap-3">
            <dt>{amountLabel}</dt>
            <dd>{formatMoney(applied.subtotal, applied.currency)}</dd>
          </div>
          <div className="flex justify-between gap-3">
            <dt>Discount</dt>
            <dd data-testid="promotion-discount">−{formatMoney(applied.discount, applied.currency)}</dd>
          </div>
          {applied.tax !== null ? (
            <div className="flex justify-between gap-3">
              <dt>Tax</dt>
              <dd data-testid="promotion-tax">{formatMoney(applied.tax, applied.currency)}</dd>
            </div>
          ) : null}
          <div className="flex justify-between gap-3 border-t border-emerald-200 pt-1 font-semibold text-slate-900">
            <dt>{firstChargeLabel}</dt>
            <dd data-testid="promotion-total">{formatMoney(applied.total, applied.currency)}</dd>
          </div>
        </dl>
      </div>
    );
  }
  const errorId = "promotion-code-error";
  return (
    <div>
      <label htmlFor="promotion-code" className="block text-sm font-medium text-slate-800">
        Promotion code <span className="font-normal text-slate-500">(optional)</span>
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id="promotion-code"
          name="promotionCode"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void apply();
            }
          }}
          autoComplete="off"
          autoCapitalize="characters"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className={`block w-full min-w-0 rounded-md border bg-white px-3 py-2 font-mono text-sm uppercase shadow-sm placeholder:font-sans placeholder:normal-case placeholder:text-slate-400 focus:outline-none focus:ring-2 ${error ? "border-red-400 focus:ring-red-300" : "border-slate-300 focus:border-brand-500 focus:ring-brand-100"}`}
          placeholder="e.g. SPRING25"
        />
        <Button type="button" variant="secondary" onClick={apply} disabled={pending || !code.trim()} aria-disabled={pending || !code.trim()}>
          {pending ? "Checking…" : "Apply"}
        </Button>
      </div>
      {error ? (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
