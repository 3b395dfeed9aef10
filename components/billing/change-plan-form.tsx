"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { confirmChangeAction, previewChangeAction, type PlanChangePreview } from "@/lib/subscriptions/actions";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { formatDate } from "@/lib/format-date-time";
import { formatMoney } from "@/lib/money";

type Option = { priceId: string; label: string };

/** Plan change in two steps: preview the proration Stripe would charge now, then confirm it. */
export function ChangePlanForm({ slug, subscriptionId, options, timeZone = "UTC" }: { slug: string; subscriptionId: string; options: Option[]; timeZone?: string }) {
  const router = useRouter();
  const [priceId, setPriceId] = useState(options[0]?.priceId ?? "");
  const [preview, setPreview] = useState<PlanChangePreview | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  if (options.length === 0) return <p className="text-sm text-slate-600">No other plans are available to switch to.</p>;

  async function run<T>(fn: () => Promise<T>) {
    setPending(true);
    setError(undefined);
    try {
      return await fn();
    } finally {
      setPending(false);
    }
  }
  const doPreview = () =>
    run(async () => {
      const r = await previewChangeAction({ slug, subscriptionId, priceId });
      if (r.data) setPreview(r.data);
      else setError(r.error);
    });
  const confirm = () =>
    run(async () => {
      if (!preview) return;
      const r = await confirmChangeAction({ slug, subscriptionId, priceId, prorationDate: preview.prorationDate });
      if (!r.ok) return setError(r.error);
      setDone(true);
      setPreview(null);
      router.refresh();
    });

  return (
    <div className="space-y-3" data-testid="change-plan">
      <label className="block text-sm font-medium text-slate-800">
        Switch to
        <select
          value={priceId}
          onChange={(e) => {
            setPriceId(e.target.value);
            setPreview(null);
            setDone(false);
          }}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        >
          {options.map((o) => (
            <option key={o.priceId} value={o.priceId}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      {preview ? (
        <div className="rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200" data-testid="proration-preview">
          {preview.behavior === "none" ? (
            <p className="text-slate-700" data-testid="proration-none">
              You switch to {preview.planName} now. Nothing is charged or credited today; from {preview.nextRenewal ? formatDate(new Date(preview.nextRenewal), timeZone) : "your next renewal"} you pay{" "}
              {formatMoney(preview.planAmount, preview.currency)}
              {preview.interval ? ` a ${preview.interval}` : ""}.
            </p>
          ) : (
            <ul className="space-y-1">
              {preview.lines.map((l, i) => (
                <li key={i} className="flex justify-between gap-3">
                  <span className="text-slate-700">{l.description}</span>
                  <span className="tabular-nums">{formatMoney(l.amount, preview.currency)}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="mt-2 flex justify-between border-t border-slate-200 pt-2 font-semibold">
            <span>Charged now to your card</span>
            <span data-testid="proration-total">{formatMoney(preview.amountDue, preview.currency)}</span>
          </p>
        </div>
      ) : null}
      <FormError message={error} />
      {done ? (
        <p role="status" className="text-sm text-emerald-700">
          Plan changed. The new plan shows here once Stripe confirms.
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {preview ? (
          <Button type="button" onClick={confirm} disabled={pending}>
            {pending ? "Switching…" : "Confirm plan change"}
          </Button>
        ) : (
          <Button type="button" variant="secondary" onClick={doPreview} disabled={pending || !priceId}>
            {pending ? "Calculating…" : "Preview the change"}
          </Button>
        )}
      </div>
    </div>
  );
}
