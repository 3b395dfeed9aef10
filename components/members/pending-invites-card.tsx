import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import type { ActionResult, OneTimeLink } from "@/lib/actions/action-result";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import type { PendingInvite } from "@/lib/members/manage-invites";

type Row = PendingInvite & {
  resend: (prev: ActionResult<OneTimeLink>, form: FormData) => Promise<ActionResult<OneTimeLink>>;
  revoke: (prev: ActionResult, form: FormData) => Promise<ActionResult>;
};

/**
 * Invitations nobody has accepted yet: when each link expires, a fresh link (the old one stops
 * working) and withdrawing the invitation (the person leaves the member list). No e-mail is sent:
 * the admin copies the link.
 */
export async function PendingInvitesCard({ invites }: { invites: Row[] }) {
  const { formatDateTime } = await viewerDateFormat();
  return (
    <Card title="Pending invitations" description="People invited who have not set a password yet. Links work once and expire after 7 days.">
      {invites.length === 0 ? (
        <p className="text-sm text-slate-600">No pending invitations. People you invite below appear here until they accept.</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="pending-invites">
          {invites.map((i) => (
            <li key={i.userId} className="space-y-2 py-3 first:pt-0 last:pb-0" data-testid="pending-invite">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="truncate font-medium text-slate-900">
                    {i.name ? `${i.name} · ` : ""}
                    {i.email}
                  </p>
                  <p className="text-xs text-slate-600">
                    Sent {formatDateTime(i.sentAt)} ·{" "}
                    {i.expired ? (
                      <span className="rounded bg-amber-50 px-1.5 py-0.5 font-medium text-amber-900">Expired {formatDateTime(i.expiresAt)}</span>
                    ) : (
                      <>Expires {formatDateTime(i.expiresAt)}</>
                    )}
                  </p>
                </div>
                <ActionForm
                  action={i.revoke}
                  submitLabel="Withdraw"
                  pendingLabel="Withdrawing…"
                  variant="secondary"
                  confirm={{ title: `Withdraw the invitation for ${i.email}?`, body: "Their link stops working at once and they leave the member list. You can invite them again later.", confirmLabel: "Yes, withdraw" }}
                />
              </div>
              {/* Below the row, so the one-time link it shows has the card's full width. */}
              <ActionForm action={i.resend} submitLabel="New link" pendingLabel="Creating link…" variant="secondary" />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
