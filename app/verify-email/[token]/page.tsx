import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import { verifyEmailAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your e-mail address", robots: { index: false } };

/** The link of the verification mail: a button, because opening a link (a mail scanner does) must not use it up. */
export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <main className="mx-auto max-w-md px-4 py-12">
      <p className="mb-6 text-center text-lg font-bold text-brand-600">MemberPulse</p>
      <Card title="Confirm your e-mail address" description="One click confirms that the address you signed up with is yours.">
        <ActionForm action={verifyEmailAction.bind(null, { token })} submitLabel="Confirm my address" pendingLabel="Confirming…" testId="verify-email-form" />
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        <Link href="/sign-in" className="font-medium text-brand-600 underline">
          Sign in
        </Link>
      </p>
    </main>
  );
}
