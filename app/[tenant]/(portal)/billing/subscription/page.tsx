import type { Metadata } from "next";
import { AutoRefresh } from "@/components/billing/auto-refresh";
import { ChangePlanForm } from "@/components/billing/change-plan-form";
import { PastDueNotice } from "@/components/billing/past-due-notice";
import { RenewalCardForm } from "@/components/billing/renewal-card-form";
import { SubscriptionStatusBadge } from "@/components/billing/subscription-status-badge";
import { ActionForm } from "@/components/forms/action-form";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireTenant } from "@/lib/auth/session";
import { formatMoney } from "@/lib/money";
import { guidanceFor, isRunning } from "@/lib/subscriptions/statuses";
import { cancelAtPeriodEndAction, openBillingPortalAction, resumeAction } from "@/lib/subscriptions/actions";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { loadMembershipView } from "@/lib/subscriptions/membership-view";

export const metadata: Metadata = { title: "My membership" };

export default async function SubscriptionPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ welcome?: string }> }) {
  const { formatDate, timeZone } = await viewerDateFormat();
  // One date style with the subscribe page and lists (en-GB, the viewer\'s zone).
  const dateOf = (d: Date | null) => (d ? formatDate(d) : "—");
  const { tenant, user } = await requireTenant((await params).tenant, "subscriptions.subscribe");
  const welcome = (await searchParams).welcome === "1";
  const { rows, live, ended, notices, awaitingBank, trialNotices, plans, cards, wallet } = await loadMembershipView(await getDb(), { tenantId: tenant.id, userId: user.id });
  const waiting = live.some((r) => r.status === null || r.status === "incomplete");
  // Stripe sends "subscription past due" and "invoice payment failed" as separate events, in any
  // order: until the failed invoice's notice (with Pay now) has landed too, keep re-rendering.
  const noticePending = notices.length === 0 && live.some((r) => r.status === "past_due" || r.status === "unpaid");

  return (
    <>
      <PageHeader title="My membership" description="Your plan, its status and renewal, and what you can change." />
      <AutoRefresh active={waiting || noticePending || (welcome && live.every((r) => r.status !== "active" && r.status !== "trialing"))} />
      <PastDueNotice slug={tenant.slug} notices={notices} />
      {welcome && waiting ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          Thanks! We are waiting for Stripe to confirm your payment. Your membership and its access appear here as soon as it does.
        </p>
      ) : null}
      {live.length === 0 ? (
        <EmptyState title="You have no active membership" action={<LinkButton href={`/${tenant.slug}/billing`}>See membership plans</LinkButton>}>
          Choose a plan to become a member.
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {live.map((s) => {
            // Back from paying (`welcome`), an incomplete subscription is one Stripe is confirming:
            // no "Finish paying" inviting a second payment while the webhook is on its way.
            const confirming = welcome && (s.status === "incomplete" || s.status === null);
            const g = confirming
              ? { advice: "Payment received. Stripe is confirming it; this page updates by itself." }
              : awaitingBank.has(s.stripeSubscriptionId)
                ? { advice: "Your bank needs you to confirm the last renewal payment. Confirm it to keep your access." }
                : guidanceFor(s.status);
            const running = isRunning(s.status);
            const options = plans.filter((p) => p.priceId !== s.catalogPriceId).map((p) => ({ priceId: p.priceId, label: `${p.productName}${p.nickname ? ` (${p.nickname})` : ""} — ${formatMoney(p.amount, p.currency)} / ${p.interval ?? "month"}` }));
            return (
              <Card key={s.stripeSubscriptionId} title={s.productName} description={`${formatMoney(s.amount, s.currency)} / ${s.interval ?? "month"}`} actions={<SubscriptionStatusBadge status={s.status} />}>
                <p className="mb-4 text-sm text-slate-700" data-testid="status-advice">
                  {g.advice}
                </p>
                {s.status === "trialing" && trialNotices.has(s.stripeSubscriptionId) && !s.cancelAtPeriodEnd ? (
                  <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="trial-ending-notice">
                    Your free trial ends on {dateOf(s.trialEnd)}.{" "}
                    {cards.get(s.stripeSubscriptionId)
                      ? `Your card is charged ${formatMoney(s.amount, s.currency)} then; cancel before to pay nothing.`
                      : "Add a card before then to keep your membership."}
                  </p>
                ) : null}
                <dl className="grid gap-3 text-sm sm:grid-cols-3">
                  <div>
                    <dt className="text-slate-500">{s.cancelAtPeriodEnd ? "Ends on" : s.status === "trialing" ? "Trial ends (first charge)" : "Next renewal"}</dt>
                    <dd className="font-medium text-slate-900" data-testid="renewal-date">
                      {running ? dateOf(s.status === "trialing" ? (s.trialEnd ?? s.currentPeriodEnd) : s.currentPeriodEnd) : "—"}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-slate-500">Payment method</dt>
                    <dd className="font-medium text-slate-900" data-testid="renewal-card">{cards.get(s.stripeSubscriptionId) ?? "—"}</dd>
                  </div>
                  <div>
                    <dt className="text-slate-500">Member since</dt>
                    <dd className="font-medium text-slate-900">{dateOf(s.createdAt)}</dd>
                  </div>
                </dl>
                {s.cancelAtPeriodEnd && running ? (
                  <p className="mt-4 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200" data-testid="cancel-pending">
                    Your membership is set to end on {dateOf(s.currentPeriodEnd)}. You keep access until then.
                  </p>
                ) : null}
                <div className="mt-5 flex flex-wrap gap-3 border-t border-slate-100 pt-4">
                  {(s.status === "incomplete" || s.status === null) && !confirming ? (
                    <LinkButton href={`/${tenant.slug}/billing/subscribe/${s.catalogPriceId}`}>Finish paying</LinkButton>
                  ) : null}
                  {s.status === "trialing" && !cards.get(s.stripeSubscriptionId) && !welcome ? (
                    <LinkButton href={`/${tenant.slug}/billing/subscribe/${s.catalogPriceId}`}>Add a card</LinkButton>
                  ) : null}
                  {running && s.cancelAtPeriodEnd ? (
                    <ActionForm action={resumeAction.bind(null, { slug: tenant.slug, subscriptionId: s.stripeSubscriptionId })} submitLabel="Resume membership" pendingLabel="Resuming…" testId="resume-form" />
                  ) : null}
                  {running && !s.cancelAtPeriodEnd ? (
                    <ActionForm action={cancelAtPeriodEndAction.bind(null, { slug: tenant.slug, subscriptionId: s.stripeSubscriptionId })} submitLabel="Cancel at period end" pendingLabel="Canceling…" variant="secondary" testId="cancel-form" />
                  ) : null}
                </div>
                {running && wallet ? (
                  <details className="mt-4">
                    <summary className="cursor-pointer text-sm font-medium text-brand-600">Change the card it renews on</summary>
                    <div className="mt-3 max-w-md">
                      <RenewalCardForm slug={tenant.slug} subscriptionId={s.stripeSubscriptionId} publishableKey={wallet.publishableKey} cards={wallet.cards} />
                    </div>
                  </details>
                ) : null}
                {running && s.status !== "past_due" ? (
                  <details className="mt-4">
                    <summary className="cursor-pointer text-sm font-medium text-brand-600">Change plan</summary>
                    <div className="mt-3 max-w-md">
                      <ChangePlanForm slug={tenant.slug} subscriptionId={s.stripeSubscriptionId} options={options} timeZone={timeZone} />
                    </div>
                  </details>
                ) : null}
              </Card>
            );
          })}
        </div>
      )}
      {ended.length > 0 ? (
        <Card title="Past memberships" className="mt-6">
          <ul className="divide-y divide-slate-100 text-sm">
            {ended.map((s) => (
              <li key={s.stripeSubscriptionId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>{s.productName}</span>
                <span className="flex items-center gap-2 text-slate-600">
                  {s.endedAt ? `Ended ${dateOf(s.endedAt)}` : null}
                  <SubscriptionStatusBadge status={s.status} />
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <div className="mt-6 flex flex-wrap items-center gap-4 text-sm">
        <a className="font-medium text-brand-600 hover:underline" href={`/${tenant.slug}/billing/invoices`}>
          Invoices →
        </a>
        {rows.length > 0 ? (
          <ActionForm action={openBillingPortalAction.bind(null, { slug: tenant.slug })} submitLabel="Manage billing in Stripe" pendingLabel="Opening Stripe…" variant="secondary" testId="billing-portal-form" />
        ) : null}
      </div>
    </>
  );
}
