import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { ActionForm } from "@/components/forms/action-form";
import { SelectField } from "@/components/forms/fields";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { requireTenant } from "@/lib/auth/session";
import { SUPPORTED_CURRENCIES } from "@/lib/catalog/catalog-input";
import { loadCouponsView } from "@/lib/promotions/coupons-view";
import { addCodeAction, createCouponAction, setCodeActiveAction } from "./actions";

export const metadata: Metadata = { title: "Coupons and promotion codes" };

const TONE = {
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  warn: "bg-amber-50 text-amber-800 ring-amber-200",
  bad: "bg-red-50 text-red-800 ring-red-200",
  muted: "bg-slate-100 text-slate-700 ring-slate-200",
} as const;

export default async function CouponsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await requireTenant((await params).tenant, "catalog.manage");
  const view = await loadCouponsView(await getDb(), { tenantId: tenant.id });
  return (
    <>
      <PageHeader
        title="Coupons and promotion codes"
        description={`A coupon says what members get; its codes are what they type when subscribing. Discount coupons sync to Stripe in ${view.mode} mode; credit coupons add credits instead.`}
        actions={
          <Link href={`/${tenant.slug}/admin/catalog`} className="text-sm font-medium text-brand-600 hover:underline">
            ← Catalog
          </Link>
        }
      />
      <div className="space-y-6">
        {view.coupons.length === 0 ? (
          <Card>
            <EmptyState title="No coupons yet">Create one below, then add a code members can type.</EmptyState>
          </Card>
        ) : (
          view.coupons.map((c) => (
            <Card key={c.id} title={c.name} description={`${c.value} · ${c.limits}`}>
              <div data-testid="coupon">
                {c.codes.length === 0 ? (
                  <p className="text-sm text-slate-500">No codes yet.</p>
                ) : (
                  <ul className="divide-y divide-slate-100">
                    {c.codes.map((code) => (
                      <li key={code.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="promotion-code">
                        <div className="min-w-0">
                          <p className="font-mono text-sm font-semibold text-slate-900">{code.code}</p>
                          <p className="text-xs text-slate-500">
                            {code.limits}
                            {code.redemptions !== null ? ` · redeemed ${code.redemptions}×` : ""}
                          </p>
                          {"detail" in code.state && code.state.detail ? <p className="text-xs text-red-700">{code.state.detail}</p> : null}
                        </div>
                        <div className="flex flex-wrap items-center gap-3">
                          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${TONE[code.state.tone]}`}>{code.state.label}</span>
                          <ActionForm
                            action={setCodeActiveAction.bind(null, { slug: tenant.slug, codeId: code.id, active: !code.active })}
                            submitLabel={code.active ? "Deactivate" : "Activate"}
                            pendingLabel="Saving…"
                            variant={code.active ? "ghost" : "secondary"}
                            confirm={
                              code.active
                                ? { title: `Deactivate ${code.code}?`, body: "Members can no longer use it. Subscriptions already discounted keep their discount.", confirmLabel: "Yes, deactivate" }
                                : undefined
                            }
                          />
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
                <details className="mt-3">
                  <summary className="cursor-pointer text-sm font-medium text-brand-600">Add a code</summary>
                  <ActionForm
                    action={addCodeAction.bind(null, { slug: tenant.slug, couponId: c.id })}
                    submitLabel="Add code"
                    pendingLabel="Adding and syncing…"
                    className="mt-3 space-y-3"
                    testId="add-code-form"
                  >
                    <div className="grid gap-3 sm:grid-cols-3">
                      <TextField label="Code" name="code" id={`code-${c.id}`} placeholder="SPRING25" required autoCapitalize="characters" hint="Letters, digits, dashes" />
                      <TextField label="Max redemptions" name="maxRedemptions" id={`code-max-${c.id}`} type="number" min={1} hint="Blank: unlimited" />
                      <TextField label="Expires after" name="expiresAt" id={`code-exp-${c.id}`} type="date" hint="Blank: never" />
                    </div>
                  </ActionForm>
                </details>
              </div>
            </Card>
          ))
        )}

        <Card title="New coupon" description="Percent or amount off a subscription's invoices, or credits added to the member's balance.">
          <ActionForm action={createCouponAction.bind(null, { slug: tenant.slug })} submitLabel="Create coupon" pendingLabel="Creating…" className="space-y-4" testId="new-coupon-form">
            <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
              <TextField label="Name" name="name" id="coupon-name" placeholder="Spring sale" required />
              <SelectField label="Gives" name="kind" defaultValue="percent_off">
                <option value="percent_off">Percent off</option>
                <option value="amount_off">Amount off</option>
                <option value="credits">Credits (no discount)</option>
              </SelectField>
              <TextField label="Value" name="value" id="coupon-value" placeholder="25" required hint="Percent, amount (5.00) or credits" />
              <SelectField label="Currency" name="currency" defaultValue="usd" hint="Amount off only">
                {SUPPORTED_CURRENCIES.map((cur) => (
                  <option key={cur} value={cur}>
                    {cur.toUpperCase()}
                  </option>
                ))}
              </SelectField>
              <SelectField label="Duration" name="duration" defaultValue="once" hint="How many invoices it discounts">
                <option value="once">Once (first payment)</option>
                <option value="repeating">Several months</option>
                <option value="forever">Forever</option>
              </SelectField>
              <TextField label="Months" name="durationInMonths" id="coupon-months" type="number" min={1} hint="For “several months”" />
              <TextField label="Max redemptions" name="maxRedemptions" id="coupon-max" type="number" min={1} hint="All codes together; blank: unlimited" />
              <TextField label="Redeem by" name="redeemBy" id="coupon-redeem-by" type="date" hint="Last day; blank: no end" />
            </div>
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
