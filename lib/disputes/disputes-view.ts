import type { Db } from "@/db/client";
import { getDispute, listDisputes, type DisputeListRow } from "@/db/queries/disputes";
import { DomainError } from "@/lib/errors/domain-error";
import { isUuid } from "@/lib/ids";
import { acceptsEvidence } from "./dispute-status";

export type DisputeView = {
  id: string;
  stripeDisputeId: string;
  status: string;
  reason: string;
  amount: number;
  currency: string;
  evidenceDueBy: Date | null;
  pastDue: boolean;
  acceptsEvidence: boolean;
  submissionCount: number;
  /** Negative while Stripe holds the disputed amount and fee back; 0 once reinstated. */
  balanceNet: number;
  evidence: Record<string, string>;
  createdAt: Date;
  payment: { id: string; item: string | null } | null;
  member: { email: string | null; name: string | null } | null;
  dashboardUrl: string;
};

function toView(r: DisputeListRow): DisputeView {
  const d = r.dispute;
  return {
    id: d.id,
    stripeDisputeId: d.stripeDisputeId,
    status: d.status,
    reason: d.reason,
    amount: d.amount,
    currency: d.currency,
    evidenceDueBy: d.evidenceDueBy,
    pastDue: d.pastDue,
    acceptsEvidence: acceptsEvidence(d.status),
    submissionCount: d.submissionCount,
    balanceNet: d.balanceNet,
    evidence: d.evidence,
    createdAt: d.createdAt,
    payment: r.paymentId ? { id: r.paymentId, item: r.paymentDescription } : null,
    member: r.memberId ? { email: r.memberEmail, name: r.memberName } : null,
    dashboardUrl: `https://dashboard.stripe.com/${d.mode === "test" ? "test/" : ""}disputes/${d.stripeDisputeId}`,
  };
}

/** The admin disputes page: every dispute, those waiting for an answer first. */
export async function loadDisputesView(db: Db, { tenantId }: { tenantId: string }): Promise<DisputeView[]> {
  return (await listDisputes(db, { tenantId })).map(toView);
}

/** One dispute of this tenant; another tenant's id is a 404. */
export async function loadDisputeView(db: Db, { tenantId, disputeId }: { tenantId: string; disputeId: string }): Promise<DisputeView> {
  const row = isUuid(disputeId) ? await getDispute(db, { tenantId, disputeId }) : undefined;
  if (!row) throw new DomainError("not_found", "No such dispute.");
  return toView(row);
}
