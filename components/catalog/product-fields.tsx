import { TextField } from "@/components/ui/field";
import { SelectField, TextAreaField } from "@/components/forms/fields";
import { PRODUCT_KIND_LABELS } from "@/lib/catalog/catalog-input";

export function ProductFields({ defaults, sets }: { defaults?: { kind: string; name: string; description: string | null; setIds: string[] }; sets: { id: string; name: string }[] }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <SelectField label="Kind" name="kind" defaultValue={defaults?.kind ?? "membership_plan"}>
        {Object.entries(PRODUCT_KIND_LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <TextField label="Name" name="name" defaultValue={defaults?.name} required maxLength={120} />
      <div className="sm:col-span-2">
        <TextAreaField label="Description" name="description" defaultValue={defaults?.description ?? ""} hint="Shown to members on Plans & pricing." />
      </div>
      <fieldset className="sm:col-span-2">
        <legend className="text-sm font-medium text-slate-800">Entitlement sets</legend>
        {sets.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500">No entitlement sets yet — create one below to give buyers access.</p>
        ) : (
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {sets.map((s) => (
              <label key={s.id} className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" name="entitlementSetIds" value={s.id} defaultChecked={defaults?.setIds.includes(s.id)} className="rounded border-slate-300" />
                {s.name}
              </label>
            ))}
          </div>
        )}
      </fieldset>
    </div>
  );
}
