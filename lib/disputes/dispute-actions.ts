"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { ApiError } from "@/lib/api/errors";
import { requireTenant } from "@/lib/auth/session";
import { logger } from "@/lib/log";
import { TEXT_EVIDENCE_FIELDS, type DisputeEvidence } from "@/lib/stripe/disputes";
import { disputeStatusLabel } from "./dispute-status";
import { EVIDENCE_FORM } from "./evidence-fields";
import { submitDisputeEvidence } from "./submit-evidence";

export type EvidenceFormState = { ok?: string; submitted?: boolean; error?: string; fieldErrors?: Partial<Record<string, string>> };

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
  const fields = evidenceSchema.safeParse(Object.fromEntries(TEXT_EVIDENCE_FIELDS.map((f) => [f, typeof raw[f] === "string" ? raw[f] : undefined])));
  if (!fields.success) {
    return { fieldErrors: Object.fromEntries(fields.error.issues.map((i) => [String(i.path[0]), i.message])), error: "Some fields are too long." };
  }
  const evidence = fields.data as DisputeEvidence;
  try {
    const result = await submitDisputeEvidence(await getDb(), { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id, role }, { disputeId, evidence, submit: intent === "submit", idempotencyKey: token });
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
    if (error instanceof ApiError) return { error: error.message };
    logger.error("dispute.evidence_failed", { error });
    return { error: "Something went wrong on our side. Nothing was sent; try again." };
  }
}
