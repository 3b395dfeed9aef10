import { useId, type ReactNode } from "react";

const CONTROL = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100";

// Ids from useId: two forms on one page with a field of the same name must not share an id.

export function SelectField({ label, name, defaultValue, children, hint }: { label: string; name: string; defaultValue?: string; children: ReactNode; hint?: string }) {
  const id = `field-${name}-${useId()}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={id} name={name} defaultValue={defaultValue} className={CONTROL} aria-describedby={hint ? `${id}-hint` : undefined}>
        {children}
      </select>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function TextAreaField({ label, name, defaultValue, hint, rows = 2 }: { label: string; name: string; defaultValue?: string; hint?: string; rows?: number }) {
  const id = `field-${name}-${useId()}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea id={id} name={name} rows={rows} defaultValue={defaultValue} className={CONTROL} aria-describedby={hint ? `${id}-hint` : undefined} />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
