import { TextField } from "@/components/ui/field";
import { SelectField } from "@/components/forms/fields";
import { SUPPORTED_CURRENCIES } from "@/lib/catalog/catalog-input";

/** Amount, currency, billing, free trial and (for credit packages) credits: the fields of one price version. */
export function PriceFields({
  idPrefix,
  defaults,
  showCredits,
}: {
  idPrefix: string;
  defaults?: { amount: string; currency: string; billing: string; intervalCount: string; trialDays?: string };
  showCredits?: boolean;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <TextField id={`${idPrefix}-amount`} label="Amount" name="amount" inputMode="decimal" placeholder="25.00" defaultValue={defaults?.amount} required />
      <SelectField label="Currency" name="currency" defaultValue={defaults?.currency ?? "usd"}>
        {SUPPORTED_CURRENCIES.map((c) => (
          <option key={c} value={c}>
            {c.toUpperCase()}
          </option>
        ))}
      </SelectField>
      <SelectField label="Billing" name="billing" defaultValue={defaults?.billing ?? "month"}>
        <option value="one_time">One-time</option>
        <option value="month">Monthly</option>
        <option value="year">Yearly</option>
      </SelectField>
      <TextField id={`${idPrefix}-interval`} label="Every (intervals)" name="intervalCount" type="number" min={1} max={12} defaultValue={defaults?.intervalCount ?? "1"} hint="Recurring only" />
      <TextField id={`${idPrefix}-trial`} label="Free trial (days)" name="trialDays" type="number" min={0} max={730} placeholder="0" defaultValue={defaults?.trialDays} hint="Recurring only; blank for none" />
      {showCredits ? <TextField id={`${idPrefix}-credits`} label="Credits granted" name="credits" type="number" min={1} hint="Credit packages: 1 credit = 1 cent" /> : null}
    </div>
  );
}
