import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit-log";
import { getDispute } from "@/db/queries/disputes";
import { DomainError } from "@/lib/errors/domain-error";
import { can } from "@/lib/auth/permissions";
import { singleFlight } from "@/lib/concurrency/single-flight";
import { isUuid } from "@/lib/ids";
import type { TenantActor } from "@/lib/auth/tenant-actor";
import { stripeFor } from "@/lib/stripe-connection/resolve";
import { updateDisputeEvidence, uploadEvidenceFile, type DisputeEvidence, type EvidenceFile, type FileEvidenceField, type PortalDisputeUpdate } from "@/lib/stripe/disputes";
import { acceptsEvidence, disputeStatusLabel } from "./dispute-status";
import { checkEvidenceFiles } from "./evidence-files";

export type EvidenceInput = { disputeId: string; evidence: DisputeEvidence; files?: Partial<Record<FileEvidenceField, EvidenceFile>>; submit: boolean; idempotencyKey: string };

/**
 * Sends an admin's evidence for a dispute to Stripe (staged, or submitted to the card network).
 * One request per dispute at a time (a lease, no transaction open while Stripe answers); the
 * dispute's row changes when Stripe's charge.dispute.updated arrives, like every projection.
 */
export async function submitDisputeEvidence(db: Db, actor: TenantActor, input: EvidenceInput): Promise<PortalDisputeUpdate> {
  if (!can(actor.role, "disputes.manage")) throw new DomainError("forbidden", "Only admins can answer disputes.");
  const found = isUuid(input.disputeId) ? await getDispute(db, { tenantId: actor.tenantId, disputeId: input.disputeId }) : undefined;
  if (!found) throw new DomainError("not_found", "No such dispute.");
  const files = input.files ?? {};
  checkEvidenceFiles(files);
  const hasText = Object.values(input.evidence).some((v) => !!v) || Object.values(files).some((f) => !!f);
  if (input.submit && !hasText && !found.dispute.hasEvidence) {
    throw new DomainError("validation_failed", "Add at least one piece of evidence before submitting: the bank decides on what you send.");
  }
  if (!input.submit && !hasText) throw new DomainError("validation_failed", "There is nothing to save: fill in at least one field.");
  const stripe = await stripeFor(db, { tenantId: actor.tenantId, mode: found.dispute.mode });

  return singleFlight(db, `dispute:${found.dispute.id}`, async () => {
    const current = await getDispute(db, { tenantId: actor.tenantId, disputeId: found.dispute.id });
    if (!current) throw new DomainError("not_found", "No such dispute.");
    if (!acceptsEvidence(current.dispute.status)) {
      throw new DomainError("conflict", `This dispute is ${disputeStatusLabel(current.dispute.status).toLowerCase()}: evidence can no longer be sent.`);
    }
    // Files first (Stripe's Files API), then the evidence naming them; a retry re-uses each upload.
    const evidence: DisputeEvidence = { ...input.evidence };
    for (const [field, file] of Object.entries(files) as [FileEvidenceField, EvidenceFile | undefined][]) {
      if (file) evidence[field] = await uploadEvidenceFile(stripe.client, file, `memberpulse-dispute-file-${current.dispute.id}-${field}-${input.idempotencyKey}`);
    }
    const result = await updateDisputeEvidence(
      stripe.client,
      { disputeId: current.dispute.stripeDisputeId, evidence, submit: input.submit },
      `memberpulse-dispute-${current.dispute.id}-${input.submit ? "submit" : "save"}-${input.idempotencyKey}`,
    );
    await recordAudit(db, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: input.submit ? "dispute.evidence_submitted" : "dispute.evidence_saved",
      target: current.dispute.id,
      fields: Object.keys(evidence).filter((k) => !!evidence[k as keyof DisputeEvidence]),
    });
    return result;
  });
}
