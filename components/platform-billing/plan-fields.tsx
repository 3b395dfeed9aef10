import { SelectField } from "@/components/forms/fields";
import { TextField } from "@/components/ui/field";
import { SUPPORTED_CURRENCIES } from "@/lib/catalog/catalog-input";

export type PlanDefaults = { name: string; amount: string; currency: string; trialDays: string };

/** The operator's plan fields: name, monthly amount and currency, optional free trial. */
export function PlanFields({ defaults }: { defaults?: PlanDefaults }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <TextField label="Name" name="name" required minLength={2} maxLength={80} defaultValue={defaults?.name} placeholder="e.g. Studio" />
      </div>
      <TextField label="Monthly amount" name="amount" required inputMode="decimal" defaultValue={defaults?.amount} placeholder="49.00" />
      <SelectField label="Currency" name="currency" defaultValue={defaults?.currency ?? "usd"}>
        {SUPPORTED_CURRENCIES.map((c) => (
          <option key={c} value={c}>
            {c.toUpperCase()}
          </option>
        ))}
      </SelectField>
      <TextField label="Free trial (days)" name="trialDays" inputMode="numeric" defaultValue={defaults?.trialDays} hint="Optional, 1–90. Leave empty for none." />
    </div>
  );
}
