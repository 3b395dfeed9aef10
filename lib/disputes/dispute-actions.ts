"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { ApiError } from "@/lib/api/errors";
import { requireTenant } from "@/lib/auth/session";
import { logger } from "@/lib/log";
import { FILE_EVIDENCE_FIELDS, TEXT_EVIDENCE_FIELDS, type DisputeEvidence, type EvidenceFile, type FileEvidenceField } from "@/lib/stripe/disputes";
import { disputeStatusLabel } from "./dispute-status";
import { EVIDENCE_FORM } from "./evidence-fields";
import { submitDisputeEvidence } from "./submit-evidence";

/** `values`: what was typed, handed back on an error (React resets the form after every action). */
export type EvidenceFormState = { ok?: string; submitted?: boolean; error?: string; fieldErrors?: Partial<Record<string, string>>; values?: Record<string, string> };

const evidenceSchema = z.object(
  Object.fromEntries(EVIDENCE_FORM.map((f) => [f.field, z.string().trim().max(f.maxLength, `At most ${f.maxLength.toLocaleString("en-US")} characters.`).optional()])),
);
const schema = z.object({
  slug: z.string().min(1),
  disputeId: z.uuid(),
  intent: z.enum(["submit", "save"]),
  token: z.string().min(8).max(100),
});

/** Saves (staged in Stripe) or submits the evidence form. The form's one-time token makes a double submit send once. */
export async function disputeEvidenceAction(_prev: EvidenceFormState, form: FormData): Promise<EvidenceFormState> {
  const raw = Object.fromEntries(form);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { error: "Check the form and try again." };
  const { slug, disputeId, intent, token } = parsed.data;
  const { tenant, user, role } = await requireTenant(slug, "disputes.manage");
  const typed = Object.fromEntries(TEXT_EVIDENCE_FIELDS.map((f) => [f, typeof raw[f] === "string" ? raw[f] : ""]));
  const fields = evidenceSchema.safeParse(typed);
  if (!fields.success) {
    return { values: typed, fieldErrors: Object.fromEntries(fields.error.issues.map((i) => [String(i.path[0]), i.message])), error: "Some fields are too long." };
  }
  const evidence = fields.data as DisputeEvidence;
  // An empty file input still sends a part (no name, no bytes): only chosen files count.
  const files: Partial<Record<FileEvidenceField, EvidenceFile>> = {};
  for (const field of FILE_EVIDENCE_FIELDS) {
    const value = form.get(field);
    if (value instanceof File && value.size > 0) files[field] = { name: value.name.slice(0, 200) || "evidence", type: value.type, data: new Uint8Array(await value.arrayBuffer()) };
  }
  try {
    const result = await submitDisputeEvidence(await getDb(), { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role }, { disputeId, evidence, files, submit: intent === "submit", idempotencyKey: token });
    revalidatePath(`/${slug}/admin/disputes/${disputeId}`);
    revalidatePath(`/${slug}/admin/disputes`);
    return {
      submitted: intent === "submit",
      ok:
        intent === "submit"
          ? `Evidence submitted to the card network. Stripe now shows the dispute as ${disputeStatusLabel(result.status).toLowerCase()}; the bank's decision appears here when Stripe reports it.`
          : "Evidence saved in Stripe. It is not sent to the bank until you submit it.",
    };
  } catch (error) {
    if (error instanceof ApiError) return error.field ? { values: typed, fieldErrors: { [error.field]: error.message }, error: "Check the highlighted field." } : { values: typed, error: error.message };
    logger.error("dispute.evidence_failed", { error });
    return { values: typed, error: "Something went wrong on our side. Nothing was sent; try again." };
  }
}
