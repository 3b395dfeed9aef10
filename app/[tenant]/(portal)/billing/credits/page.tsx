import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { BalanceSummary } from "@/components/credits/balance-summary";
import { CopyLink } from "@/components/credits/copy-link";
import { LedgerTable } from "@/components/credits/ledger-table";
import { ActionForm } from "@/components/forms/action-form";
import { TopUpForm } from "@/components/credits/top-up-form";
import { PaymentsNotSetUp } from "@/components/billing/payments-not-set-up";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireTenant } from "@/lib/auth/session";
import { onlinePaymentsStatus } from "@/lib/payments/online-payments";
import { loadCreditsView } from "@/lib/credits/credits-view";
import { redeemCreditCodeAction } from "@/lib/promotions/actions";
import { REFERRAL_CARD_RULE } from "@/lib/credits/referral-guard";
import { referralLink } from "@/lib/credits/referral-link";
import { formatCredits, REFERRAL_BONUS_CREDITS, REFERRAL_MIN_FIRST_PURCHASE } from "@/lib/credits/rules";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Credits" };

export default async function CreditsPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ cursor?: string; topped?: string }> }) {
  const { tenant, user, role } = await requireTenant((await params).tenant, "credits.view");
  const { cursor, topped } = await searchParams;
  const db = await getDb();
  const [{ balance, packages, referralCode: code, referrals: stats, ledger: page, topUp }, payments] = await Promise.all([
    loadCreditsView(db, { tenantId: tenant.id, userId: user.id, cursor }),
    onlinePaymentsStatus(db, { tenantId: tenant.id }),
  ]);
  // Buying credits is a card payment: without Stripe (never set up, or disconnected) members see
  // why, instead of an amount form or Buy buttons that would only fail.
  const unavailable = payments === "ready" ? null : <PaymentsNotSetUp slug={tenant.slug} isAdmin={can(role, "settings.stripe.manage")} reason={payments} />;
  const threshold = packages[0] ? formatMoney(REFERRAL_MIN_FIRST_PURCHASE, packages[0].currency) : "$10.00";

  return (
    <>
      <PageHeader title="Credits" description="Buy credit packages, spend credits on what this portal offers, and earn more by inviting friends." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Balance">
          <BalanceSummary balance={balance} />
        </Card>
        <Card title="Redeem a code" description="Got a credit code from us? Enter it to add its credits to your balance.">
          <ActionForm action={redeemCreditCodeAction.bind(null, { slug: tenant.slug })} submitLabel="Redeem" pendingLabel="Redeeming…" variant="secondary" className="flex flex-wrap items-end gap-3" testId="redeem-code-form">
            <TextField label="Code" name="code" id="redeem-code" placeholder="WELCOME500" autoCapitalize="characters" autoComplete="off" required />
          </ActionForm>
        </Card>
        <Card title="Refer a friend" description={`When someone joins with your link and their first purchase is at least ${threshold}, you both get ${formatCredits(REFERRAL_BONUS_CREDITS)} credits.`}>
          <CopyLink value={referralLink(tenant.slug, code)} label="Your referral link" />
          <p className="mt-3 text-sm text-slate-700" data-testid="referral-stats">
            {stats.joined === 1 ? "1 person has" : `${stats.joined} people have`} joined with your link
            {stats.joined > 0 ? `; ${stats.rewarded} earned you the reward so far.` : "."}
          </p>
          <p className="mt-2 text-xs text-slate-600" data-testid="referral-card-rule">
            {REFERRAL_CARD_RULE}
          </p>
        </Card>
      </div>

      {topped ? (
        <p role="status" className="mt-6 rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900 ring-1 ring-emerald-200">
          Thanks! Your credits are added as soon as Stripe confirms the payment.
        </p>
      ) : null}
      {topUp.enabled ? (
        <Card title="Top up any amount" className="mt-6">
          {unavailable ?? <TopUpForm slug={tenant.slug} currency={topUp.currency} min={topUp.min} max={topUp.max} />}
        </Card>
      ) : null}

      <Card title="Buy credits" className="mt-6">
        {packages.length === 0 ? (
          <p className="text-sm text-slate-600">No credit packages are on sale right now.</p>
        ) : (
          <>
            {unavailable ? <div className="mb-4">{unavailable}</div> : null}
            <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
              {packages.map((p) => (
                <li key={p.priceId} className="flex flex-col justify-between gap-3 rounded-lg p-4 ring-1 ring-slate-200" data-testid="credit-package">
                  <div>
                    <p className="font-medium text-slate-900">{p.nickname ? `${p.name} (${p.nickname})` : p.name}</p>
                    <p className="text-sm text-slate-600">
                      {formatCredits(p.credits)} credits for {formatMoney(p.amount, p.currency)}
                    </p>
                  </div>
                  {unavailable ? null : (
                    <LinkButton href={`/${tenant.slug}/billing/pay/${p.priceId}`} className="self-start">
                      Buy {formatCredits(p.credits)} credits
                    </LinkButton>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>

      <Card title="History" description="Every change to your balance, newest first." className="mt-6">
        <LedgerTable entries={page.entries} />
        <div className="mt-4 flex justify-between text-sm">
          {cursor ? (
            <Link href={`/${tenant.slug}/billing/credits`} className="font-medium text-brand-600 hover:underline">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {page.nextCursor ? (
            <Link href={`/${tenant.slug}/billing/credits?cursor=${page.nextCursor}`} className="font-medium text-brand-600 hover:underline">
              Older →
            </Link>
          ) : null}
        </div>
      </Card>
    </>
  );
}
