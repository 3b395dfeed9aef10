import "server-only";
import type Stripe from "stripe";
import { stripeFailure } from "./stripe-failure";

/**
 * The text evidence fields the portal offers (Stripe's names): a membership or service business
 * answers most disputes with these. Pure data; lib/disputes labels them for the form.
 */
export const TEXT_EVIDENCE_FIELDS = [
  "product_description",
  "customer_name",
  "customer_email_address",
  "service_date",
  "access_activity_log",
  "cancellation_policy_disclosure",
  "refund_policy_disclosure",
  "uncategorized_text",
] as const satisfies readonly (keyof Stripe.DisputeUpdateParams.Evidence)[];
export type TextEvidenceField = (typeof TEXT_EVIDENCE_FIELDS)[number];

/** Evidence fields that take a file (the id of a File uploaded with purpose dispute_evidence). */
export const FILE_EVIDENCE_FIELDS = ["receipt", "customer_communication", "uncategorized_file"] as const satisfies readonly (keyof Stripe.DisputeUpdateParams.Evidence)[];
export type FileEvidenceField = (typeof FILE_EVIDENCE_FIELDS)[number];

/** Text per text field; a File's id per file field. */
export type DisputeEvidence = Partial<Record<TextEvidenceField | FileEvidenceField, string>>;

export type EvidenceFile = { name: string; type: string; data: Uint8Array };

/** What the portal keeps of Stripe's answer: the status it now has and whether evidence is on file. */
export type PortalDisputeUpdate = { id: string; status: string; hasEvidence: boolean; submissionCount: number };

/**
 * Sends evidence for a dispute: `submit: true` hands it to the card network (it cannot be changed
 * afterwards), `false` stages it on the dispute in Stripe. Only non-empty fields are sent: an
 * empty string would clear what Stripe already holds.
 */
export async function updateDisputeEvidence(
  client: Stripe,
  input: { disputeId: string; evidence: DisputeEvidence; submit: boolean },
  idempotencyKey: string,
): Promise<PortalDisputeUpdate> {
  const evidence: Stripe.DisputeUpdateParams.Evidence = {};
  for (const [field, value] of Object.entries(input.evidence) as [TextEvidenceField | FileEvidenceField, string | undefined][]) {
    if (value) evidence[field] = value;
  }
  try {
    const params: Stripe.DisputeUpdateParams = Object.keys(evidence).length ? { evidence, submit: input.submit } : { submit: input.submit };
    const dispute = await client.disputes.update(input.disputeId, params, { idempotencyKey });
    return { id: dispute.id, status: dispute.status, hasEvidence: dispute.evidence_details.has_evidence, submissionCount: dispute.evidence_details.submission_count };
  } catch (error) {
    stripeFailure(error, "disputes.update");
  }
}

/**
 * Uploads one evidence file through Stripe's Files API (multipart/form-data to files.stripe.com, or
 * to STRIPE_API_BASE). Answers the File's id, which an evidence file field then names.
 */
export async function uploadEvidenceFile(client: Stripe, file: EvidenceFile, idempotencyKey: string): Promise<string> {
  try {
    const uploaded = await client.files.create({ purpose: "dispute_evidence", file: { data: file.data, name: file.name, type: file.type } }, { idempotencyKey });
    return uploaded.id;
  } catch (error) {
    stripeFailure(error, "files.create");
  }
}
