import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { requestPasswordResetAction } from "./actions";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <main className="mx-auto max-w-md px-4 py-12">
      <p className="mb-6 text-center text-lg font-bold text-brand-600">MemberPulse</p>
      <Card headingLevel={1} title="Reset your password" description="We e-mail you a link to choose a new one. Setting it signs you out on every device.">
        <ActionForm action={requestPasswordResetAction.bind(null, {})} submitLabel="Send the link" pendingLabel="Sending…" className="space-y-4" testId="forgot-password-form">
          <TextField label="E-mail" name="email" type="email" autoComplete="email" required />
        </ActionForm>
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        Remembered it?{" "}
        <Link href="/sign-in" className="font-medium text-brand-600 underline">
          Sign in
        </Link>
      </p>
    </main>
  );
}
