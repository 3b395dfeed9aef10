import type { MailDelivery, MailViewItem } from "@/lib/mail/mail-view";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { EmptyState } from "@/components/ui/empty-state";

const STATUS: Record<MailViewItem["status"], { label: string; tone: string }> = {
  pending: { label: "Queued", tone: "bg-amber-50 text-amber-800 ring-amber-200" },
  sent: { label: "Sent", tone: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  failed: { label: "Failed", tone: "bg-red-50 text-red-800 ring-red-200" },
  skipped: { label: "Not sent", tone: "bg-slate-100 text-slate-700 ring-slate-200" },
};

const TEMPLATE_LABELS: Record<string, string> = {
  payment_receipt: "Payment receipt",
  payment_failed: "Payment failed",
  refund_issued: "Refund issued",
  trial_ending: "Trial ending",
  member_invite: "Member invite",
  password_reset: "Password reset",
  webhook_failure_alert: "Admin alert",
  reconcile_drift_alert: "Admin alert",
  platform_payment_failed: "MemberPulse billing",
};

export const DELIVERY_TEXT: Record<MailDelivery, string> = {
  smtp: "Mail is sent through the SMTP server configured in SMTP_URL.",
  sink: "No SMTP_URL is set, so mail goes to a local test inbox inside the app and reaches nobody. Everything the portal sends is listed here.",
  none: "No SMTP_URL is set: mail is recorded here but not sent. Set SMTP_URL and MAIL_FROM to send it.",
};

/** The tenant's outgoing mail, newest first: one card per message, readable at any width. */
export async function MailList({ items }: { items: MailViewItem[] }) {
  const { formatDateTime } = await viewerDateFormat();
  if (items.length === 0) {
    return <EmptyState title="No mail yet">Receipts, payment reminders, refunds, invitations and alerts appear here as the portal sends them.</EmptyState>;
  }
  return (
    <ul className="divide-y divide-slate-100" data-testid="mail-list">
      {items.map((mail) => {
        const status = STATUS[mail.status];
        return (
          <li key={mail.id} className="py-3" data-testid="mail-item">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <p className="break-words text-sm font-medium text-slate-900">{mail.subject}</p>
                <p className="mt-0.5 break-all text-sm text-slate-600">To {mail.toAddress}</p>
              </div>
              <span className={`status-badge ${status.tone}`}>{status.label}</span>
            </div>
            <p className="mt-1 text-xs text-slate-500">
              {TEMPLATE_LABELS[mail.template] ?? mail.template} · {formatDateTime(mail.sentAt ?? mail.createdAt)}
              {mail.attempts > 1 ? ` · ${mail.attempts} attempts` : ""}
            </p>
            {mail.lastError && mail.status !== "sent" ? <p className={`mt-1 break-words text-xs ${mail.status === "skipped" ? "text-slate-600" : "text-red-700"}`}>{mail.lastError}</p> : null}
            {mail.textPreview ? (
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer font-medium text-brand-600">Show message</summary>
                <pre className="mt-2 whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 font-sans text-xs text-slate-700 ring-1 ring-slate-200">{mail.textPreview}</pre>
              </details>
            ) : mail.carriesLink ? (
              <p className="mt-1 text-xs text-slate-500">Carries a one-time link, so its text is not shown here.</p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
