import { useId } from "react";
import { FieldNotes } from "@/components/ui/field";

const inputClass = (error?: string) =>
  `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:outline-none focus:ring-2 ${error ? "border-red-400 focus:ring-red-300" : "border-slate-300 focus:border-brand-500 focus:ring-brand-100"}`;

/** One evidence field: a labelled input or textarea with its hint and error tied to it. */
export function EvidenceField({ name, label, hint, multiline, maxLength, defaultValue, error, disabled }: { name: string; label: string; hint: string; multiline: boolean; maxLength: number; defaultValue: string; error?: string; disabled: boolean }) {
  const id = `evidence-${name}-${useId()}`;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  const common = { id, name, maxLength, defaultValue, disabled, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined, className: inputClass(error) };
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}
