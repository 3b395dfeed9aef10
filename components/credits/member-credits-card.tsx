import { randomUUID } from "node:crypto";
import { adjustCreditsAction } from "@/lib/credits/admin-actions";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import type { MemberCredits } from "@/lib/credits/ledger-page";
import { BalanceSummary } from "./balance-summary";
import { LedgerTable } from "./ledger-table";

/** Admin view of one member's credits: balance, recent ledger, and a manual adjustment (audit-logged). */
export function MemberCreditsCard({ tenant, memberId, credits: { balance, page } }: { tenant: { slug: string }; memberId: string; credits: MemberCredits }) {
  return (
    <Card title="Credits" description="Balance and the most recent ledger entries. Adjustments are audit-logged and shown to the member with your reason." className="lg:col-span-2">
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="space-y-5">
          <BalanceSummary balance={balance} subject="Member's" />
          <ActionForm action={adjustCreditsAction.bind(null, { slug: tenant.slug, memberId })} submitLabel="Apply adjustment" pendingLabel="Applying…" className="space-y-3" testId="credit-adjust-form">
            {/* A fresh nonce per render: resubmitting the same form applies the adjustment once. */}
            <input type="hidden" name="nonce" value={randomUUID()} />
            <TextField label="Credits (+ to add, − to remove)" name="delta" inputMode="numeric" required placeholder="e.g. 500 or -200" />
            <TextField label="Reason" name="reason" required minLength={3} maxLength={300} placeholder="e.g. Goodwill for the cancelled workshop" />
          </ActionForm>
        </div>
        <div>
          <h3 className="mb-1 text-sm font-semibold text-slate-900">Recent entries</h3>
          <LedgerTable entries={page.entries} />
          {page.nextCursor ? <p className="mt-2 text-xs text-slate-500">Showing the 15 most recent entries.</p> : null}
        </div>
      </div>
    </Card>
  );
}
