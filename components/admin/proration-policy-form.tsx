import { ActionForm } from "@/components/forms/action-form";
import type { ActionResult } from "@/lib/actions/action-result";

type Option = { value: string; label: string; hint: string };

/** The tenant's proration policy as radios (one per line, with what it means for the member). */
export function ProrationPolicyForm({ action, current, options }: { action: (prev: ActionResult, form: FormData) => Promise<ActionResult>; current: string; options: Option[] }) {
  return (
    <ActionForm action={action} submitLabel="Save policy" pendingLabel="Saving…" className="space-y-4" testId="proration-policy-form">
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">When a member changes plan</legend>
        {options.map((o) => (
          <label key={o.value} className="flex min-h-11 items-start gap-3 rounded-md px-3 py-2 text-sm ring-1 ring-slate-200 has-checked:ring-2 has-checked:ring-brand-500">
            <input type="radio" name="prorationPolicy" value={o.value} defaultChecked={o.value === current} className="mt-1" />
            <span>
              <span className="block font-medium text-slate-900">{o.label}</span>
              <span className="block text-slate-600">{o.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </ActionForm>
  );
}
