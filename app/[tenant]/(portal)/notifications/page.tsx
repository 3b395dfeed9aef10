import type { Metadata } from "next";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { isEmailVerified } from "@/lib/auth/email-verification";
import { requireTenant } from "@/lib/auth/session";
import { loadNoticeSettings } from "@/lib/mail/notice-settings";
import { resendVerificationAction, saveNoticesAction } from "./actions";

export const metadata: Metadata = { title: "E-mail notices" };

const ALWAYS_SENT = ["Invoices to pay", "Failed payments, with “Pay now”", "Payments your bank asks you to confirm (3-D Secure)", "Refunds", "Invitations and password resets"];

export default async function NotificationsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, user } = await requireTenant((await params).tenant, "portal.view");
  const db = await getDb();
  const [settings, verified] = await Promise.all([loadNoticeSettings(db, { tenantId: tenant.id, userId: user.id }), isEmailVerified(db, { userId: user.id })]);
  return (
    <>
      <PageHeader title="E-mail notices" description={`Which e-mails ${tenant.name} sends to ${user.email}.`} />
      <div className="grid max-w-4xl gap-6 lg:grid-cols-2">
        <Card title="Your e-mail address" description={verified ? `${user.email} is confirmed.` : `${user.email} is not confirmed yet. Use the link we sent you, or ask for a new one.`} className="lg:col-span-2">
          {verified ? (
            <p className="text-sm text-slate-600" data-testid="email-verified">
              Confirmed.
            </p>
          ) : (
            <ActionForm action={resendVerificationAction.bind(null, { slug: tenant.slug })} submitLabel="Resend verification link" pendingLabel="Sending…" variant="secondary" testId="resend-verification" />
          )}
        </Card>
        <Card title="Optional notices" description="Turn off what you do not need. Every mail of these kinds also has an unsubscribe link.">
          <ActionForm action={saveNoticesAction.bind(null, { slug: tenant.slug })} submitLabel="Save notices" pendingLabel="Saving…" testId="notice-preferences">
            <fieldset className="mb-4 space-y-3">
              <legend className="sr-only">Optional notices</legend>
              {settings.map((s) => (
                <label key={s.notice} className="flex min-h-11 cursor-pointer items-start gap-3 rounded-lg border border-slate-200 p-3 hover:bg-slate-50">
                  <input type="checkbox" name="notices" value={s.notice} defaultChecked={s.enabled} className="mt-1 h-4 w-4 accent-brand-600" />
                  <span>
                    <span className="block text-sm font-medium text-slate-900">{s.label}</span>
                    <span className="block text-sm text-slate-600">{s.description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          </ActionForm>
        </Card>
        <Card title="Always sent" description="About money you owe or that moved, and your account. These cannot be turned off.">
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
            {ALWAYS_SENT.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
