import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { loadHomeView } from "@/lib/members/member-directory";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Choose a portal" };

/**
 * Sends a signed-in user to their tenant (admins to its admin home), an operator with no portal to
 * the platform console; others to sign-in.
 */
export default async function Home() {
  const user = await requireUser();
  const { memberships, operator } = await loadHomeView(await getDb(), { userId: user.id });
  const first = memberships[0];
  if (operator && memberships.length === 0) redirect("/platform");
  if (!operator && memberships.length === 1 && first) {
    redirect(first.role === "ROLE_CLIENT_ADMIN" ? `/${first.tenant.slug}/admin` : `/${first.tenant.slug}`);
  }
  return (
    <main className="mx-auto max-w-lg px-4 py-16">
      <h1 className="mb-6 text-2xl font-semibold">Choose a portal</h1>
      {memberships.length === 0 ? (
        <EmptyState
          title="You are not a member of any organisation yet"
          action={
            <Link href="/start" className="text-sm font-medium text-brand-600 underline">
              Start your own organisation
            </Link>
          }
        >
          Ask an organisation&apos;s admin to invite you.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          {memberships.map((m) => (
            <li key={m.membershipId}>
              <a className="block px-5 py-4 hover:bg-slate-50" href={`/${m.tenant.slug}`}>
                <span className="font-medium">{m.tenant.name}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-6 text-sm text-slate-600">
        Signed in as <span className="font-medium text-slate-900">{user.email}</span>.{" "}
        <Link href="/sign-out" className="font-medium text-brand-600 underline">
          Sign out
        </Link>
      </p>
      {operator ? (
        <p className="mt-6 text-sm">
          <Link href="/platform" className="font-medium text-brand-600 underline">
            Platform console
          </Link>
        </p>
      ) : null}
    </main>
  );
}
