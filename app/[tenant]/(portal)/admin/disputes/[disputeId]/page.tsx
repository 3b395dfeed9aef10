import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DisputeOutcome } from "@/components/disputes/dispute-outcome";
import { DisputeStatusBadge } from "@/components/disputes/dispute-status-badge";
import { DueBy } from "@/components/disputes/due-by";
import { EvidenceForm } from "@/components/disputes/evidence-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { DomainError } from "@/lib/errors/domain-error";
import { requireTenant } from "@/lib/auth/session";
import { disputeReasonLabel } from "@/lib/disputes/dispute-status";
import { loadDisputeView } from "@/lib/disputes/disputes-view";
import { EVIDENCE_FORM } from "@/lib/disputes/evidence-fields";
import { EVIDENCE_FILE_FORM } from "@/lib/disputes/evidence-files";
import { viewerDateFormat } from "@/lib/viewer-date-format";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Dispute" };

const FILE_LABEL = Object.fromEntries(EVIDENCE_FILE_FORM.map((f) => [f.field, f.label]));

export default async function AdminDisputePage({ params }: { params: Promise<{ tenant: string; disputeId: string }> }) {
  const { formatDateTime } = await viewerDateFormat();
  const { tenant: slug, disputeId } = await params;
  const { tenant } = await requireTenant(slug, "disputes.manage");
  const d = await loadDisputeView(await getDb(), { tenantId: tenant.id, disputeId }).catch((e: unknown) => {
    if (e instanceof DomainError && e.status === 404) notFound();
    throw e;
  });
  const money = (n: number) => formatMoney(n, d.currency);
  // What the form starts with: evidence already staged in Stripe, else what the portal knows.
  const initial = { customer_name: d.member?.name ?? "", customer_email_address: d.member?.email ?? "", product_description: d.payment?.item ?? "", ...d.evidence };
  return (
    <>
      <PageHeader title={`${money(d.amount)} disputed`} description={<Link href={`/${slug}/admin/disputes`} className="text-brand-700 underline">All disputes</Link>} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)]">
        <Card title="Details">
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-500">Status</dt>
              <dd>
                <DisputeStatusBadge status={d.status} />
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Evidence due</dt>
              <dd>
                <DueBy dueBy={d.evidenceDueBy} open={d.acceptsEvidence} now={new Date()} />
              </dd>
            </div>
            <div className="sm:col-span-2">
              <dt className="text-slate-500">Reason the bank gave</dt>
              <dd>{disputeReasonLabel(d.reason)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Member</dt>
              <dd className="break-all">{d.member?.email ?? "Unknown member"}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Payment</dt>
              <dd>
                {d.payment ? (
                  <Link href={`/${slug}/admin/payments/${d.payment.id}`} className="text-brand-700 underline">
                    {d.payment.item ?? "View payment"}
                  </Link>
                ) : (
                  "Not a portal payment"
                )}
              </dd>
            </div>
            <div className="sm:col-span-2">
              <dt className="text-slate-500">Funds</dt>
              <dd>
                {d.balanceNet < 0
                  ? `Stripe has withdrawn ${money(-d.balanceNet)} (the disputed amount and its fee) until the bank decides.`
                  : d.status === "won"
                    ? "Reinstated: the disputed amount and fee were returned to your balance."
                    : "No funds withdrawn."}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Opened</dt>
              <dd>{formatDateTime(d.createdAt)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Stripe</dt>
              <dd>
                <a href={d.dashboardUrl} target="_blank" rel="noreferrer" className="break-all font-mono text-xs text-brand-700 underline">
                  {d.stripeDisputeId}
                </a>
              </dd>
            </div>
          </dl>
        </Card>
        <Card
          title="Evidence"
          description={d.acceptsEvidence ? "Facts that show the charge was valid. Save as you go; submit once, before the deadline." : undefined}
        >
          {d.acceptsEvidence ? (
            <EvidenceForm slug={slug} disputeId={d.id} initial={initial} amountLabel={money(d.amount)} token={randomUUID()} />
          ) : (
            <DisputeOutcome status={d.status} submissions={d.submissionCount} evidence={[...EVIDENCE_FORM, ...EVIDENCE_FILE_FORM].filter((f) => d.evidence[f.field]).map((f) => ({ label: f.label, value: f.field in FILE_LABEL ? `File attached (${d.evidence[f.field]})` : (d.evidence[f.field] ?? "") }))} />
          )}
        </Card>
      </div>
    </>
  );
}
