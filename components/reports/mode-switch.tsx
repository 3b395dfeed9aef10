import Link from "next/link";
import type { StripeMode } from "@/lib/domain-types";

/** Test and live figures are never added up: this switches the whole page between them. */
export function ModeSwitch({ basePath, mode }: { basePath: string; mode: StripeMode }) {
  return (
    <nav aria-label="Stripe mode" className="inline-flex rounded-lg bg-slate-100 p-1 text-sm">
      {(["live", "test"] as const).map((m) => (
        <Link
          key={m}
          href={`${basePath}?mode=${m}`}
          aria-current={m === mode ? "page" : undefined}
          className={`inline-flex min-h-8 items-center rounded-md px-3 font-medium ${m === mode ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
        >
          {m === "live" ? "Live" : "Test"}
        </Link>
      ))}
    </nav>
  );
}
