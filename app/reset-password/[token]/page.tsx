import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { resetLinkIsUsable } from "@/lib/auth/password-reset";
import { resetPasswordAction } from "./actions";

// The token is in the URL: never send it on to another site as a Referer.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const usable = token.length <= 100 && (await resetLinkIsUsable(await getDb(), token));
  return (
    <main className="mx-auto max-w-md px-4 py-12">
      <p className="mb-6 text-center text-lg font-bold text-brand-600">MemberPulse</p>
      {usable ? (
        <Card headingLevel={1} title="Choose a new password" description="This link works once. Afterwards you are signed out everywhere and sign in with the new password.">
          <ActionForm action={resetPasswordAction.bind(null, { token })} submitLabel="Set new password" pendingLabel="Saving…" className="space-y-4">
            <TextField label="New password" name="password" type="password" autoComplete="new-password" required minLength={10} hint="At least 10 characters." />
            <TextField label="Repeat new password" name="confirm" type="password" autoComplete="new-password" required />
          </ActionForm>
        </Card>
      ) : (
        <Card headingLevel={1} title="This link no longer works">
          <p className="text-sm text-slate-600">
            Reset links work once, for an hour, and only the newest one counts.{" "}
            <Link href="/forgot-password" className="font-medium text-brand-600 underline">
              Ask for a new link
            </Link>
            .
          </p>
        </Card>
      )}
    </main>
  );
}
