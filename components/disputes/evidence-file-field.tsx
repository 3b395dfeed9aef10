import { useId } from "react";
import { FieldNotes } from "@/components/ui/field";

/** A file input for one evidence document; `attached` names a file Stripe already holds for it. */
export function EvidenceFileField({ name, label, hint, attached, error, disabled }: { name: string; label: string; hint: string; attached?: string; error?: string; disabled: boolean }) {
  const id = `evidence-file-${name}-${useId()}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="file"
        accept="application/pdf,image/jpeg,image/png"
        disabled={disabled}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        aria-invalid={error ? true : undefined}
        className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-200"
      />
      <FieldNotes id={id} hint={attached ? `Already attached in Stripe (${attached}); choosing a file replaces it. ${hint}` : hint} error={error} />
    </div>
  );
}
