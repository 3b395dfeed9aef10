import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import type { ChecklistStep } from "@/lib/admin/first-run-checklist";

/** "Get started" card on the admin overview: each step ticks itself off from the portal's real state. */
export function FirstRunChecklist({ steps, welcome, organisation }: { steps: ChecklistStep[]; welcome: boolean; organisation: string }) {
  const done = steps.filter((s) => s.done).length;
  const next = steps.find((s) => !s.done);
  return (
    <section aria-labelledby="checklist-title" data-testid="first-run-checklist" className="mb-6 rounded-xl bg-white shadow-sm ring-1 ring-brand-100">
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div>
          <h2 id="checklist-title" className="text-base font-semibold text-slate-900">
            {welcome ? `Welcome! ${organisation} is ready to set up` : "Finish setting up your portal"}
          </h2>
          <p className="mt-0.5 text-sm text-slate-500">Each step ticks itself off when it is done; this card goes away after the last one.</p>
        </div>
        <p className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-semibold text-brand-700" data-testid="checklist-progress">
          {done} of {steps.length} done
        </p>
      </header>
      <ol className="divide-y divide-slate-100">
        {steps.map((s, i) => (
          <li key={s.id} className="flex flex-wrap items-start gap-3 px-5 py-4 sm:flex-nowrap" data-testid={`checklist-${s.id}`} data-done={s.done}>
            <span
              aria-hidden
              className={`mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ${s.done ? "bg-emerald-600 text-white" : "bg-slate-100 text-slate-600 ring-1 ring-slate-300"}`}
            >
              {s.done ? "✓" : i + 1}
            </span>
            <div className="min-w-0 flex-1">
              <p className={`font-medium ${s.done ? "text-slate-500 line-through" : "text-slate-900"}`}>
                {s.title}
                <span className="sr-only">{s.done ? " (done)" : " (to do)"}</span>
              </p>
              {s.done ? null : <p className="mt-0.5 text-sm text-slate-600">{s.body}</p>}
            </div>
            {s.done ? null : (
              <Link href={s.href} className={buttonClass(s === next ? "primary" : "secondary", "w-full shrink-0 sm:w-auto")}>
                {s.cta}
              </Link>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
