import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { FlaggedReferralsCard } from "@/components/credits/flagged-referrals-card";
import { PendingInvitesCard } from "@/components/members/pending-invites-card";
import { ActionForm } from "@/components/forms/action-form";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenant } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { stripeDashboardUrl } from "@/lib/catalog/dashboard-url";
import { loadMembersView } from "@/lib/members/members-view";
import { inviteAction, resendInviteAction, revokeInviteAction } from "./actions";

export const metadata: Metadata = { title: "Members" };

const FIELD = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

export default async function MembersPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ removed?: string; q?: string; sort?: string; cursor?: string }> }) {
  const { tenant } = await requireTenant((await params).tenant, "members.manage");
  const sp = await searchParams;
  const removed = sp.removed === "1";
  const q = sp.q?.slice(0, 100);
  const sort = sp.sort === "newest" ? "newest" : "email";
  const { mode, members, flagged, invites, nextCursor } = await loadMembersView(await getDb(), { tenantId: tenant.id, q, sort, cursor: sp.cursor });
  const query = (extra: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries({ q, sort: sort === "email" ? undefined : sort, ...extra }).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")).toString();
  return (
    <>
      <PageHeader
        title="Members"
        description="Everyone with access to this portal, their Stripe customer and what they can use."
        actions={
          <div className="flex flex-wrap gap-2">
            <a href={`/api/members/export?tenant=${tenant.slug}`} download className={buttonClass("secondary")} data-testid="export-members">
              Export CSV
            </a>
            <a href={`/api/credits/ledger/export?tenant=${tenant.slug}`} download className={buttonClass("secondary")} data-testid="export-credit-ledger">
              Export credit ledger
            </a>
          </div>
        }
      />
      <div className="space-y-6">
        {removed ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200">
            Member removed. They were signed out everywhere.
          </p>
        ) : null}
        <Card>
          <form method="get" role="search" aria-label="Search members" className="mb-4 grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
            <label className="text-sm font-medium text-slate-800">
              Search
              <input type="search" name="q" defaultValue={q ?? ""} placeholder="Name or e-mail" className={FIELD} />
            </label>
            <label className="text-sm font-medium text-slate-800">
              Sort by
              <select name="sort" defaultValue={sort} className={FIELD}>
                <option value="email">E-mail (A–Z)</option>
                <option value="newest">Newest first</option>
              </select>
            </label>
            <button type="submit" className={buttonClass("secondary", "h-[38px]")}>
              Search
            </button>
          </form>
          {members.length === 0 ? <p className="text-sm text-slate-600">{q ? `No member matches “${q}”.` : "No members yet."}</p> : null}
          <ul className="divide-y divide-slate-100" data-testid="members-list">
            {members.map((m) => {
              const { access, stripeCustomerId } = m;
              return (
                <li key={m.userId} className="flex flex-wrap items-start justify-between gap-3 py-3 first:pt-0 last:pb-0">
                  <div className="min-w-0">
                    <Link href={`/${tenant.slug}/admin/members/${m.userId}`} className="block truncate font-medium text-slate-900 hover:text-brand-600 hover:underline">
                      {m.name ? `${m.name} · ` : ""}
                      {m.email}
                    </Link>
                    <p className="text-xs text-slate-500">
                      {ROLE_LABELS[m.role]}
                      {m.invited ? " · Invited, not signed in yet" : ""} · {access.length ? `Access: ${access.join(", ")}` : "No access"}
                    </p>
                  </div>
                  <div className="text-xs">
                    {stripeCustomerId ? (
                      <a href={stripeDashboardUrl(mode, "customer", stripeCustomerId)} target="_blank" rel="noreferrer" className="font-mono text-brand-600 hover:underline">
                        {stripeCustomerId} ↗
                      </a>
                    ) : (
                      <span className="text-slate-500">No Stripe customer ({mode})</span>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          {sp.cursor || nextCursor ? (
          <nav aria-label="Pages" className="mt-4 flex flex-wrap gap-3 border-t border-slate-100 pt-4 text-sm">
            {sp.cursor ? (
              <Link href={`/${tenant.slug}/admin/members?${query({})}`} className="font-medium text-brand-600 hover:underline">
                ← First page
              </Link>
            ) : null}
            {nextCursor ? (
              <Link href={`/${tenant.slug}/admin/members?${query({ cursor: nextCursor })}`} className="font-medium text-brand-600 hover:underline" rel="next">
                Next page →
              </Link>
            ) : null}
          </nav>
          ) : null}
        </Card>
        <Card title="Invite a member" description="Creates their account and e-mails them a one-time link to choose a password. You also see the link once, to pass on yourself if the mail does not arrive.">
          <ActionForm action={inviteAction.bind(null, { slug: tenant.slug })} submitLabel="Invite" pendingLabel="Inviting…" className="space-y-3">
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField label="E-mail" name="email" type="email" required autoComplete="off" />
              <TextField label="Name (optional)" name="name" autoComplete="off" />
            </div>
          </ActionForm>
        </Card>
        <PendingInvitesCard
          invites={invites.map((i) => ({ ...i, resend: resendInviteAction.bind(null, { slug: tenant.slug, memberId: i.userId }), revoke: revokeInviteAction.bind(null, { slug: tenant.slug, memberId: i.userId }) }))}
        />
        <FlaggedReferralsCard flagged={flagged} />
      </div>
    </>
  );
}
