import type { ReactNode } from "react";

const CONTROL = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100";

export function SelectField({ label, name, defaultValue, children, hint }: { label: string; name: string; defaultValue?: string; children: ReactNode; hint?: string }) {
  return (
    <div>
      <label htmlFor={`field-${name}`} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={`field-${name}`} name={name} defaultValue={defaultValue} className={CONTROL}>
        {children}
      </select>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

export function TextAreaField({ label, name, defaultValue, hint, rows = 2 }: { label: string; name: string; defaultValue?: string; hint?: string; rows?: number }) {
  return (
    <div>
      <label htmlFor={`field-${name}`} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea id={`field-${name}`} name={name} rows={rows} defaultValue={defaultValue} className={CONTROL} />
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}
