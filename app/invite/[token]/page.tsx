import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { getDb } from "@/db";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { lookupInvite } from "@/lib/members/invite-member";
import { acceptInviteAction } from "./actions";

// One lookup for the title and the page.
const usableInvite = cache(async (token: string) => (token.length <= 100 ? await lookupInvite(await getDb(), token) : undefined));

export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const invite = await usableInvite((await params).token);
  return { title: invite ? { absolute: `Accept invitation · ${invite.tenantName}` } : "Accept invitation", referrer: "no-referrer" };
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await usableInvite(token);
  return (
    <main className="mx-auto max-w-md px-4 py-12">
      <p className="mb-6 text-center text-lg font-bold text-brand-600">MemberPulse</p>
      {invite ? (
        <Card headingLevel={1} title={`Join ${invite.tenantName}`} description={`Choose a password for ${invite.email}. This link works once.`}>
          <ActionForm action={acceptInviteAction.bind(null, { token })} submitLabel="Set password and sign in" pendingLabel="Signing in…" className="space-y-4">
            <input type="email" name="username" autoComplete="username" value={invite.email} readOnly hidden />
            <TextField label="Password" name="password" type="password" autoComplete="new-password" required minLength={10} hint="At least 10 characters." />
            <TextField label="Repeat password" name="confirm" type="password" autoComplete="new-password" required />
          </ActionForm>
        </Card>
      ) : (
        <Card headingLevel={1} title="This link no longer works">
          <p className="text-sm text-slate-600">
            Invitation links work once and expire after 7 days. Ask your admin for a new one, or{" "}
            <Link href="/sign-in" className="font-medium text-brand-600 underline">
              sign in
            </Link>{" "}
            if you already set a password.
          </p>
        </Card>
      )}
    </main>
  );
}
