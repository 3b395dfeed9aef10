import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { AccessList } from "@/components/access/access-list";
import { MemberCreditsCard } from "@/components/credits/member-credits-card";
import { MembershipControls } from "@/components/members/membership-controls";
import { ActionForm } from "@/components/forms/action-form";
import { SelectField } from "@/components/forms/fields";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenant } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { loadMemberDetailView } from "@/lib/members/member-detail-view";
import { changeRoleAction, grantAction, removeMemberAction, revokeAction } from "../actions";

export const metadata: Metadata = { title: "Member" };

export default async function MemberPage({ params }: { params: Promise<{ tenant: string; memberId: string }> }) {
  const { formatDateTime } = await viewerDateFormat();
  const { tenant: slug, memberId } = await params;
  const { tenant, user: me } = await requireTenant(slug, "members.manage");
  const view = await loadMemberDetailView(await getDb(), { tenantId: tenant.id, memberId });
  if (!view) notFound();
  const { membership, user, access, grants, sets, credits } = view;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/${tenant.slug}/admin/members`} className="font-medium text-brand-600 hover:underline">
          ← Members
        </Link>
      </p>
      <PageHeader
        title={user.name ?? user.email}
        description={`${user.email} · ${ROLE_LABELS[membership.role]}`}
        actions={
          <LinkButton variant="secondary" href={`/${slug}/admin/payments?member=${encodeURIComponent(user.id)}`}>
            Payments
          </LinkButton>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Access" description="Subscriptions and grants, from the same rule the portal enforces.">
          <AccessList access={access} emptyTitle="No access" emptyText="No active subscription and no grant." />
        </Card>
        <Card title="Grant access" description="Gives an entitlement set without payment. Audit-logged.">
          {sets.length === 0 ? (
            <p className="text-sm text-slate-500">
              Create an entitlement set in the{" "}
              <Link href={`/${tenant.slug}/admin/catalog`} className="font-medium text-brand-600 underline">
                catalog
              </Link>{" "}
              first.
            </p>
          ) : (
            <ActionForm action={grantAction.bind(null, { slug: tenant.slug, memberId })} submitLabel="Grant" pendingLabel="Granting…" className="space-y-3">
              <SelectField label="Entitlement set" name="entitlementSetId">
                {sets.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </SelectField>
              <TextField label="Reason" name="reason" required maxLength={300} placeholder="e.g. Speaker at the spring workshop" />
              <TextField label="Ends on (optional)" name="endsOn" type="date" hint="Access stops at the end of this day (UTC). Empty: until revoked." />
            </ActionForm>
          )}
        </Card>
        <Card title="Grant history" className="lg:col-span-2">
          {grants.length === 0 ? (
            <p className="text-sm text-slate-500">No grants yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {grants.map((g) => {
                const state = g.state;
                return (
                  <li key={g.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="grant-row">
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">
                        {g.setName} <span className={`ml-1 rounded px-1.5 py-0.5 text-xs ${state === "Active" ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-600"}`}>{state}</span>
                      </p>
                      <p className="text-xs text-slate-500">
                        “{g.reason}” · by {g.grantedByEmail ?? "a former admin"} on {formatDateTime(g.createdAt)}
                        {g.endsAt ? ` · until ${formatDateTime(g.endsAt)}` : ""}
                        {g.revokedAt ? ` · revoked ${formatDateTime(g.revokedAt)}` : ""}
                      </p>
                    </div>
                    {state === "Active" ? <ActionForm
                        action={revokeAction.bind(null, { slug: tenant.slug, grantId: g.id })}
                        confirm={{ title: `Revoke ${g.setName}?`, body: `${user.name ?? user.email} loses this access at once. The grant stays in the history.`, confirmLabel: "Yes, revoke" }}
                        submitLabel="Revoke"
                        pendingLabel="Revoking…"
                        variant="secondary" /> : null}
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
        <MemberCreditsCard tenant={tenant} memberId={memberId} credits={credits} />
        <Card title="Membership" description="Role and removal. Audit-logged.">
          <MembershipControls
            name={user.name ?? user.email}
            role={membership.role}
            isSelf={me.id === memberId}
            changeRole={changeRoleAction.bind(null, { slug: tenant.slug, memberId })}
            remove={removeMemberAction.bind(null, { slug: tenant.slug, memberId })}
          />
        </Card>
      </div>
    </>
  );
}
