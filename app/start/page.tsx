import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/forms/action-form";
import { StartFields } from "@/components/start/start-fields";
import { Card } from "@/components/ui/card";
import { currentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { startOrganisationAction } from "./actions";

export const metadata: Metadata = { title: "Start your organisation" };

/** Public sign-up of a new organisation (tenant) and its first admin. */
export default async function StartPage() {
  const user = await currentUser();
  const origin = env().APP_URL.replace(/\/$/, "").replace(/^https?:\/\//, "");
  return (
    <main className="mx-auto max-w-lg px-4 py-12">
      <p className="mb-6 text-center text-lg font-bold text-brand-600">MemberPulse</p>
      <Card headingLevel={1} title="Start your organisation" description="A member portal with Stripe billing for your club, studio or association. You connect your own Stripe account next.">
        <ActionForm action={startOrganisationAction.bind(null, {})} submitLabel="Create organisation" pendingLabel="Creating organisation…" className="space-y-4" testId="start-form">
          <StartFields portalOrigin={origin} askFounder={!user} />
          {user ? (
            <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200">
              You will be its first admin, signed in as <span className="font-medium">{user.email}</span>.{" "}
              <Link href="/sign-out" className="font-medium text-brand-600 underline">
                Not you?
              </Link>
            </p>
          ) : null}
        </ActionForm>
      </Card>
      {user ? null : (
        <p className="mt-4 text-center text-sm text-slate-600">
          Already have an account?{" "}
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent("/start")}`} className="font-medium text-brand-600 underline">
            Sign in
          </Link>{" "}
          first to start an organisation with it.
        </p>
      )}
    </main>
  );
}
