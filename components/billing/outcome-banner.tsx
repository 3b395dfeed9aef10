import type { ReactNode } from "react";

export type Outcome = { tone: "ok" | "wait" | "bad"; title: string; detail: string };

const TONE = { ok: "bg-emerald-50 ring-emerald-200 text-emerald-900", wait: "bg-amber-50 ring-amber-200 text-amber-900", bad: "bg-red-50 ring-red-200 text-red-900" };

/** What Stripe says happened after a redirect back (payment or saved card), in plain words. */
export function OutcomeBanner({ outcome, className = "", children }: { outcome: Outcome; className?: string; children?: ReactNode }) {
  return (
    <div role="status" className={`rounded-xl px-5 py-4 ring-1 ${TONE[outcome.tone]} ${className}`}>
      <h2 className="text-lg font-semibold">{outcome.title}</h2>
      <p className="mt-1 text-sm">{outcome.detail}</p>
      {children}
    </div>
  );
}
