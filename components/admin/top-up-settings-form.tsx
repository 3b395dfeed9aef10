import { ActionForm } from "@/components/forms/action-form";
import { TextField } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/action-result";
import { minorToInput } from "@/lib/money";

type Settings = { topUpEnabled: boolean; topUpCurrency: string; topUpMinAmount: number; topUpMaxAmount: number };

/** Custom top-ups: on/off, currency, and the bounds the server enforces (credits = amount). */
export function TopUpSettingsForm({ action, settings }: { action: (prev: ActionResult, form: FormData) => Promise<ActionResult>; settings: Settings }) {
  return (
    <ActionForm action={action} submitLabel="Save top-up settings" pendingLabel="Saving…" variant="secondary" className="space-y-4" testId="top-up-settings-form">
      <label className="flex min-h-11 items-center gap-3 text-sm font-medium text-slate-800">
        <input type="checkbox" name="topUpEnabled" defaultChecked={settings.topUpEnabled} className="size-4" />
        Members can top up any amount within these bounds
      </label>
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="block text-sm font-medium text-slate-800">
          Currency
          <select name="topUpCurrency" defaultValue={settings.topUpCurrency} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            {["usd", "eur", "gbp"].map((c) => (
              <option key={c} value={c}>
                {c.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <TextField label="Minimum" name="topUpMin" inputMode="decimal" defaultValue={minorToInput(settings.topUpMinAmount, settings.topUpCurrency)} required />
        <TextField label="Maximum" name="topUpMax" inputMode="decimal" defaultValue={minorToInput(settings.topUpMaxAmount, settings.topUpCurrency)} required />
      </div>
    </ActionForm>
  );
}
