"use client";

import { useState } from "react";
import type { ActionResult, FieldErrors } from "@/lib/actions/action-result";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldNotes, FormError, TextField } from "@/components/ui/field";
import { formatDate } from "@/lib/format-date-time";
import { formatMoney } from "@/lib/money";

export type BuilderMember = { id: string; label: string };
export type BuilderItem = { priceId: string; label: string; amount: number; currency: string };
export type BuilderPreview = {
  currency: string;
  total: number;
  memberLabel: string;
  dueDate: string;
  memo: string | null;
  lines: { description: string; amount: number; unitAmount: number; quantity: number; priceId: string | null }[];
};

type Line = { key: number; kind: "catalog"; priceId: string; quantity: string } | { key: number; kind: "custom"; description: string; amount: string };
type Input = { slug: string; memberId: string; currency: string; daysUntilDue: string; memo: string; lines: ({ priceId: string; quantity: string } | { description: string; amount: string })[] };
type Action<T> = (input: Input) => Promise<ActionResult<T>>;

const SELECT = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100";

/**
 * The admin's "New invoice": member and terms, lines from the catalog (price from the catalog,
 * quantity) or custom (description, amount), then a preview priced by the server before anything is
 * sent to Stripe. Finalize sends exactly what was previewed; editing returns to the first step.
 */
export function InvoiceBuilder({
  slug,
  members,
  items,
  currencies,
  maxLines,
  taxEnabled = false,
  preview: previewAction,
  create: createAction,
  timeZone = "UTC",
}: {
  slug: string;
  members: BuilderMember[];
  items: BuilderItem[];
  currencies: string[];
  maxLines: number;
  taxEnabled?: boolean;
  preview: Action<BuilderPreview>;
  create: Action<undefined>;
  /** The viewer's time zone (lib/viewer-date-format.ts), for the due date. */
  timeZone?: string;
}) {
  const [memberId, setMemberId] = useState(members[0]?.id ?? "");
  const [currency, setCurrency] = useState(currencies[0] ?? "usd");
  const [daysUntilDue, setDays] = useState("14");
  const [memo, setMemo] = useState("");
  const firstItem = items.find((i) => i.currency === (currencies[0] ?? "usd"));
  const [lines, setLines] = useState<Line[]>([firstItem ? { key: 0, kind: "catalog", priceId: firstItem.priceId, quantity: "1" } : { key: 0, kind: "custom", description: "", amount: "" }]);
  const [nextKey, setNextKey] = useState(1);
  const [preview, setPreview] = useState<BuilderPreview | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const itemsInCurrency = items.filter((i) => i.currency === currency);

  const input = (): Input => ({
    slug,
    memberId,
    currency,
    daysUntilDue,
    memo,
    lines: lines.map((l) => (l.kind === "catalog" ? { priceId: l.priceId, quantity: l.quantity } : { description: l.description, amount: l.amount })),
  });
  const edit = (change: () => void) => {
    change();
    setPreview(null);
  };
  const update = (key: number, patch: Partial<Record<string, string>>) => edit(() => setLines((ls) => ls.map((l) => (l.key === key ? ({ ...l, ...patch } as Line) : l))));
  const add = (kind: Line["kind"]) =>
    edit(() => {
      setLines((ls) => [...ls, kind === "catalog" ? { key: nextKey, kind, priceId: itemsInCurrency[0]?.priceId ?? "", quantity: "1" } : { key: nextKey, kind, description: "", amount: "" }]);
      setNextKey((k) => k + 1);
    });
  const changeCurrency = (c: string) =>
    edit(() => {
      setCurrency(c);
      // Catalog lines in the old currency cannot stay: point them at the first item in the new one.
      const first = items.find((i) => i.currency === c);
      setLines((ls) => ls.flatMap((l): Line[] => (l.kind === "catalog" ? (first ? [{ ...l, priceId: first.priceId }] : []) : [l])));
    });

  async function run(action: Action<BuilderPreview> | Action<undefined>, onData?: (r: ActionResult<BuilderPreview>) => void) {
    setPending(true);
    setError(undefined);
    setFieldErrors({});
    try {
      const r = await action(input());
      if (r.error) {
        setError(r.error);
        setFieldErrors(r.fieldErrors ?? {});
        setPreview(null);
      } else onData?.(r as ActionResult<BuilderPreview>);
    } finally {
      setPending(false);
    }
  }

  if (preview) return <PreviewStep preview={preview} taxEnabled={taxEnabled} pending={pending} error={error} onBack={() => setPreview(null)} onSend={() => run(createAction)} timeZone={timeZone} />;

  return (
    <form
      className="space-y-4"
      data-testid="new-invoice-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(previewAction, (r) => setPreview(r.data ?? null));
      }}
    >
      <Card title="Bill to">
        <div className="grid gap-4 sm:grid-cols-2">
          <label className="block text-sm font-medium text-slate-800 sm:col-span-2">
            Member
            <select name="memberId" required value={memberId} onChange={(e) => edit(() => setMemberId(e.target.value))} className={SELECT}>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </select>
            <FieldNotes id="memberId" error={fieldErrors.memberId} />
          </label>
          <label className="block text-sm font-medium text-slate-800">
            Currency
            <select name="currency" value={currency} onChange={(e) => changeCurrency(e.target.value)} className={SELECT}>
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <TextField label="Due in (days)" name="daysUntilDue" type="number" min={1} max={90} value={daysUntilDue} onChange={(e) => edit(() => setDays(e.target.value))} required error={fieldErrors.daysUntilDue} />
          <div className="sm:col-span-2">
            <TextField label="Memo (shown on the invoice)" name="memo" maxLength={500} value={memo} onChange={(e) => edit(() => setMemo(e.target.value))} />
          </div>
        </div>
      </Card>

      <Card title="Lines" description={`Catalog items are billed at their catalog price in ${currency.toUpperCase()}; custom lines at the amount you enter.`}>
        <ol className="space-y-3" aria-label="Invoice lines">
          {lines.map((l, i) => (
            <li key={l.key} className="rounded-lg p-3 ring-1 ring-slate-200" data-testid="invoice-line">
              <div className="flex flex-wrap items-end gap-3">
                {l.kind === "catalog" ? (
                  <>
                    <label className="block min-w-0 flex-[1_1_14rem] text-sm font-medium text-slate-800">
                      {`Line ${i + 1}: catalog item`}
                      <select value={l.priceId} onChange={(e) => update(l.key, { priceId: e.target.value })} className={SELECT} required>
                        {itemsInCurrency.map((it) => (
                          <option key={it.priceId} value={it.priceId}>
                            {it.label} — {formatMoney(it.amount, it.currency)}
                          </option>
                        ))}
                      </select>
                    </label>
                    <div className="w-24">
                      <TextField label="Quantity" name={`line-${i}-quantity`} type="number" min={1} max={100} value={l.quantity} onChange={(e) => update(l.key, { quantity: e.target.value })} required />
                    </div>
                  </>
                ) : (
                  <>
                    <div className="min-w-0 flex-[1_1_14rem]">
                      <TextField label={`Line ${i + 1}: description`} name={`line-${i}-description`} maxLength={200} value={l.description} onChange={(e) => update(l.key, { description: e.target.value })} required />
                    </div>
                    <div className="w-32">
                      <TextField label="Amount" name={`line-${i}-amount`} inputMode="decimal" placeholder="25.00" value={l.amount} onChange={(e) => update(l.key, { amount: e.target.value })} required />
                    </div>
                  </>
                )}
                {lines.length > 1 ? (
                  <Button type="button" variant="ghost" className="min-h-11" aria-label={`Remove line ${i + 1}`} onClick={() => edit(() => setLines((ls) => ls.filter((x) => x.key !== l.key)))}>
                    Remove
                  </Button>
                ) : null}
              </div>
              <FieldNotes id={`line-${i}`} error={fieldErrors[`lines.${i}.priceId`] ?? fieldErrors[`lines.${i}.amount`] ?? fieldErrors[`lines.${i}.quantity`]} />
            </li>
          ))}
        </ol>
        <div className="mt-3 flex flex-wrap gap-2">
          {itemsInCurrency.length > 0 ? (
            <Button type="button" variant="secondary" disabled={lines.length >= maxLines} onClick={() => add("catalog")}>
              + Catalog item
            </Button>
          ) : null}
          <Button type="button" variant="secondary" disabled={lines.length >= maxLines} onClick={() => add("custom")}>
            + Custom line
          </Button>
        </div>
        {itemsInCurrency.length === 0 ? <p className="mt-2 text-sm text-slate-500">The catalog has no one-time items in {currency.toUpperCase()}; add custom lines.</p> : null}
      </Card>

      <FormError message={error} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || lines.length === 0} aria-disabled={pending}>
          {pending ? "Pricing…" : "Preview invoice"}
        </Button>
        <p className="text-sm text-slate-500">Nothing is sent until you confirm the preview.</p>
      </div>
    </form>
  );
}

function PreviewStep({
  preview,
  taxEnabled,
  pending,
  error,
  onBack,
  onSend,
  timeZone,
}: {
  preview: BuilderPreview;
  taxEnabled: boolean;
  pending: boolean;
  error?: string;
  onBack: () => void;
  onSend: () => void;
  timeZone: string;
}) {
  const totalLabel = taxEnabled ? "Total before tax" : "Total due";
  const money = (n: number) => formatMoney(n, preview.currency);
  return (
    <Card title="Check the invoice" description="This is what the member receives. Finalizing sends it; it can then only be voided or marked uncollectible." className="max-w-3xl">
      <div data-testid="invoice-preview" className="space-y-4">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="font-medium text-slate-500">Bill to</dt>
          <dd className="text-slate-900">{preview.memberLabel}</dd>
          <dt className="font-medium text-slate-500">Due</dt>
          <dd className="text-slate-900">{formatDate(new Date(preview.dueDate), timeZone)}</dd>
          {preview.memo ? (
            <>
              <dt className="font-medium text-slate-500">Memo</dt>
              <dd className="text-slate-900">{preview.memo}</dd>
            </>
          ) : null}
        </dl>
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 font-medium">
                Description
              </th>
              <th scope="col" className="hidden py-2 text-right font-medium sm:table-cell">
                Qty × unit
              </th>
              <th scope="col" className="py-2 text-right font-medium">
                Amount
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {preview.lines.map((l, i) => (
              <tr key={i}>
                <td className="py-2 pr-3 text-slate-900">{l.description}</td>
                <td className="hidden py-2 text-right tabular-nums text-slate-600 sm:table-cell">
                  {l.quantity} × {money(l.unitAmount)}
                </td>
                <td className="py-2 text-right tabular-nums text-slate-900">{money(l.amount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-slate-300">
              <th scope="row" colSpan={1} className="py-2 text-left font-semibold text-slate-900 sm:hidden">
                {totalLabel}
              </th>
              <th scope="row" colSpan={2} className="hidden py-2 text-left font-semibold text-slate-900 sm:table-cell">
                {totalLabel}
              </th>
              <td className="py-2 text-right font-semibold tabular-nums text-slate-900" data-testid="invoice-preview-total">
                {money(preview.total)}
              </td>
            </tr>
          </tfoot>
        </table>
        {taxEnabled ? (
          <p className="text-sm text-slate-600" data-testid="invoice-preview-tax-note">
            Stripe Tax adds tax at the member&apos;s billing address when the invoice is finalized; the member sees it on the invoice.
          </p>
        ) : null}
        <FormError message={error} />
        <div className="flex flex-wrap gap-3">
          <Button type="button" onClick={onSend} disabled={pending} aria-disabled={pending}>
            {pending ? "Sending…" : `Finalize and send ${money(preview.total)}${taxEnabled ? " + tax" : ""}`}
          </Button>
          <Button type="button" variant="secondary" onClick={onBack} disabled={pending}>
            Back to edit
          </Button>
        </div>
      </div>
    </Card>
  );
}
