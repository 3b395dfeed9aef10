import { asFormAction } from "@/lib/actions/action-result";
import { signOutAction } from "@/lib/auth/sign-out-actions";

/** The account menu: who is signed in, in which role, and sign out. A <details> works without JS. */
export function AccountMenu({ email, roleLabel }: { email: string; roleLabel: string }) {
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100" aria-label="Account menu">
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-100 text-xs font-bold uppercase text-brand-700" aria-hidden>
          {email.slice(0, 1)}
        </span>
        <span className="hidden max-w-48 truncate sm:inline">{email}</span>
        <span aria-hidden className="text-slate-400">▾</span>
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-64 rounded-lg bg-white p-2 shadow-lg ring-1 ring-slate-200">
        <p className="truncate px-2 pt-1 text-sm font-medium text-slate-900">{email}</p>
        <p className="px-2 pb-2 text-xs text-slate-500">{roleLabel}</p>
        <form action={asFormAction(signOutAction)}>
          <button type="submit" className="w-full rounded-md px-2 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-100">
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
