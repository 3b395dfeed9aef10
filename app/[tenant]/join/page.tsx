import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { formatCredits, REFERRAL_BONUS_CREDITS } from "@/lib/credits/rules";
import { loadJoinView } from "@/lib/members/join-view";
import { joinAction } from "./actions";

// "Join · Organisation", like the portal's pages (this page sits outside the portal's layout).
export async function generateMetadata({ params }: { params: Promise<{ tenant: string }> }): Promise<Metadata> {
  const view = await loadJoinView(await getDb(), { slug: (await params).tenant, ref: undefined });
  return { title: view ? { absolute: `Join · ${view.tenant.name}` } : "Join", referrer: "no-referrer" };
}

/**
 * `/{tenant}/join?ref=CODE` (rewritten here by next.config.ts, because every page under /[tenant]
 * requires a signed-in member). A code that is unknown or belongs to another portal is announced
 * up front and ignored: the person can still join, just without the referral bonus.
 */
export default async function JoinPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ ref?: string }> }) {
  const { tenant: slug } = await params;
  const raw = (await searchParams).ref;
  const view = await loadJoinView(await getDb(), { slug, ref: raw });
  if (!view) notFound();
  const { tenant, ref, valid } = view;
  return (
    <main className="mx-auto max-w-md px-4 py-12">
      <p className="mb-6 text-center text-lg font-bold text-brand-600">MemberPulse</p>
      <Card headingLevel={1} title={`Join ${tenant.name}`} description="Create your member account.">
        {raw !== undefined && !valid ? (
          <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="referral-invalid">
            This referral code is not valid for {tenant.name}. You can still join, but no referral bonus will apply.
          </p>
        ) : null}
        {valid ? (
          <p className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900 ring-1 ring-emerald-200" data-testid="referral-valid">
            You were invited by a member. Make a first purchase of at least $10 and you both get {formatCredits(REFERRAL_BONUS_CREDITS)} bonus credits.
          </p>
        ) : null}
        <ActionForm action={joinAction.bind(null, { slug: tenant.slug })} submitLabel="Create account" pendingLabel="Creating account…" className="space-y-4">
          {valid && ref ? <input type="hidden" name="ref" value={ref} /> : null}
          <TextField label="Name" name="name" autoComplete="name" required maxLength={100} />
          <TextField label="E-mail" name="email" type="email" autoComplete="email" required maxLength={254} />
          <TextField label="Password" name="password" type="password" autoComplete="new-password" required minLength={10} maxLength={200} hint="At least 10 characters." />
        </ActionForm>
        <p className="mt-4 text-sm text-slate-600">
          Already have an account?{" "}
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/${tenant.slug}`)}`} className="font-medium text-brand-600 underline">
            Sign in
          </Link>
        </p>
      </Card>
    </main>
  );
}
