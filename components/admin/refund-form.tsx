"use client";

import { useActionState } from "react";
import { refundAction } from "@/lib/payments/refund-actions";
import type { ActionResult } from "@/lib/actions/action-result";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { FormError, TextField } from "@/components/ui/field";

const REASONS = [
  { value: "requested_by_customer", label: "Requested by the member" },
  { value: "duplicate", label: "Duplicate payment" },
  { value: "fraudulent", label: "Fraudulent" },
];

export function RefundForm({ slug, paymentId, currency, remainingLabel, token }: { slug: string; paymentId: string; currency: string; remainingLabel: string; token: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(refundAction.bind(null, { slug }), {});
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="paymentId" value={paymentId} />
      <input type="hidden" name="currency" value={currency} />
      <input type="hidden" name="token" value={token} />
      <TextField label={`Amount (${currency.toUpperCase()})`} name="amount" inputMode="decimal" placeholder={remainingLabel} hint={`Leave blank to refund everything left (${remainingLabel}).`} error={state.fieldErrors?.amount} />
      <label className="block text-sm font-medium text-slate-800">
        Reason
        <select name="reason" defaultValue="requested_by_customer" className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm">
          {REASONS.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <TextField label="Note (optional, for your team)" name="note" maxLength={500} />
      {/* An error about the amount is shown at the amount input only. */}
      <FormError message={state.fieldErrors?.amount ? undefined : state.error} />
      {state.ok ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900 ring-1 ring-emerald-200">
          {state.message}
        </p>
      ) : null}
      <ConfirmSubmit
        label="Refund"
        pendingLabel="Refunding…"
        pending={pending}
        confirm={{
          title: "Refund this payment?",
          body: (form) => {
            const typed = String(new FormData(form).get("amount") ?? "").trim();
            const typedNumber = Number(typed.replace(/,/g, ""));
            const typedLabel = Number.isFinite(typedNumber) ? new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(typedNumber) : `${typed} ${currency.toUpperCase()}`;
            const amount = typed ? typedLabel : `everything left, ${remainingLabel}`;
            return `This sends ${amount} back to the member's card. A refund cannot be undone; the member sees it in their payment history.`;
          },
          confirmLabel: "Yes, refund",
        }}
      />
    </form>
  );
}
