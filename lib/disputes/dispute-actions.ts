"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction } from "@/lib/actions/define-action";
import { DomainError } from "@/lib/errors/domain-error";
import { FILE_EVIDENCE_FIELDS, TEXT_EVIDENCE_FIELDS, type DisputeEvidence, type EvidenceFile, type FileEvidenceField } from "@/lib/stripe/disputes";
import { disputeStatusLabel } from "./dispute-status";
import { EVIDENCE_FORM } from "./evidence-fields";
import { submitDisputeEvidence } from "./submit-evidence";

/** `values`: what was typed, handed back on an error (React resets the form after every action). */
export type EvidenceFormData = { submitted?: boolean; values?: Record<string, string> };

const evidenceSchema = z.object(
  Object.fromEntries(EVIDENCE_FORM.map((f) => [f.field, z.string().trim().max(f.maxLength, `At most ${f.maxLength.toLocaleString("en-US")} characters.`).optional()])),
);
// The evidence fields and files are read from the whole form below (looseObject keeps them).
const schema = z.looseObject({
  disputeId: z.uuid(),
  intent: z.enum(["submit", "save"]),
  token: z.string().min(8).max(100),
});

/** Saves (staged in Stripe) or submits the evidence form. The form's one-time token makes a double submit send once. */
export const disputeEvidenceAction = defineAction(
  { permission: "disputes.manage", name: "dispute.evidence", schema, invalid: "Check the form and try again.", failure: "Something went wrong on our side. Nothing was sent; try again." },
  async (raw, { db, actor }): Promise<ActionResult<EvidenceFormData>> => {
    const { disputeId, intent, token } = raw;
    const typed = Object.fromEntries(TEXT_EVIDENCE_FIELDS.map((f) => [f, typeof raw[f] === "string" ? (raw[f] as string) : ""]));
    const fields = evidenceSchema.safeParse(typed);
    if (!fields.success) {
      return { data: { values: typed }, fieldErrors: Object.fromEntries(fields.error.issues.map((i) => [String(i.path[0]), i.message])), error: "Some fields are too long." };
    }
    const evidence = fields.data as DisputeEvidence;
    // An empty file input still sends a part (no name, no bytes): only chosen files count.
    const files: Partial<Record<FileEvidenceField, EvidenceFile>> = {};
    for (const field of FILE_EVIDENCE_FIELDS) {
      const value = raw[field];
      if (value instanceof File && value.size > 0) files[field] = { name: value.name.slice(0, 200) || "evidence", type: value.type, data: new Uint8Array(await value.arrayBuffer()) };
    }
    try {
      const result = await submitDisputeEvidence(db, actor, { disputeId, evidence, files, submit: intent === "submit", idempotencyKey: token });
      revalidatePath(`/${actor.tenantSlug}/admin/disputes/${disputeId}`);
      revalidatePath(`/${actor.tenantSlug}/admin/disputes`);
      return {
        ok: true,
        data: { submitted: intent === "submit" },
        message:
          intent === "submit"
            ? `Evidence submitted to the card network. Stripe now shows the dispute as ${disputeStatusLabel(result.status).toLowerCase()}; the bank's decision appears here when Stripe reports it.`
            : "Evidence saved in Stripe. It is not sent to the bank until you submit it.",
      };
    } catch (error) {
      // The typed text comes back with the error, so nothing the admin wrote is lost.
      if (error instanceof DomainError) return error.field ? { data: { values: typed }, fieldErrors: { [error.field]: error.message }, error: "Check the highlighted field." } : { data: { values: typed }, error: error.message };
      throw error;
    }
  },
);
