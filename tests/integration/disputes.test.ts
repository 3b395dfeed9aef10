import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, disputes } from "@/db/schema";
import { openDisputeSummary } from "@/db/queries/disputes";
import { loadDisputesView } from "@/lib/disputes/disputes-view";
import { submitDisputeEvidence } from "@/lib/disputes/submit-evidence";
import { createMemberPayment } from "@/lib/payments/create-member-payment";
import { getPaymentView } from "@/lib/payments/read-payments";
import { apiError } from "../helpers/api-error";
import { useTestDb } from "../helpers/db";
import { createOneTimePrice, eventually, startPaymentsHarness } from "../helpers/payments-harness";

let db: Db;
let harness: Awaited<ReturnType<typeof startPaymentsHarness>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  harness = await startPaymentsHarness(db);
});
afterAll(() => harness.close());
beforeEach(() => harness.env());

/** A member pays with Stripe's dispute card; the dispute's webhooks project it. */
async function disputedPayment(label: string) {
  const t = await harness.connectedTenant(label);
  const price = await createOneTimePrice(db, t.tenant.id, { amount: 4500 });
  const p = await createMemberPayment(db, t.actors.member, { priceId: price.id, saveCard: false });
  await t.stripe.paymentIntents.confirm(p.stripePaymentIntentId, { payment_method: "pm_card_createDispute" });
  const rows = await eventually(
    () => db.select().from(disputes).where(eq(disputes.tenantId, t.tenant.id)),
    (r) => r.length === 1 && r[0]!.balanceNet < 0,
  );
  return { t, p, dispute: rows[0]! };
}

const rowOf = (id: string) => () => db.select().from(disputes).where(eq(disputes.id, id)).then((r) => r[0]!);

describe("disputes", () => {
  it("are projected from Stripe's events, summarised for the overview and marked on the payment", async () => {
    const { t, p, dispute } = await disputedPayment("dp-open");
    expect(dispute).toMatchObject({ status: "needs_response", reason: "fraudulent", amount: 4500, currency: "usd", stripePaymentIntentId: p.stripePaymentIntentId, balanceNet: -6000, submissionCount: 0 });
    expect(dispute.evidenceDueBy!.getTime()).toBeGreaterThan(Date.now());
    expect(await openDisputeSummary(db, { tenantId: t.tenant.id })).toEqual({ open: 1, nextDueBy: dispute.evidenceDueBy });
    const [view] = await loadDisputesView(db, { tenantId: t.tenant.id });
    expect(view).toMatchObject({ id: dispute.id, acceptsEvidence: true, payment: { id: p.paymentId }, member: { email: t.member.email } });
    expect((await getPaymentView(db, t.actors.admin, p.paymentId)).dispute).toEqual({ id: dispute.id, status: "needs_response" });
  });

  it("evidence is staged, then submitted; Stripe's answer arrives by webhook and the bank's decision closes it", async () => {
    const { t, dispute } = await disputedPayment("dp-submit");
    const staged = await submitDisputeEvidence(db, t.actors.admin, { disputeId: dispute.id, evidence: { product_description: "Spring workshop", uncategorized_text: "" }, submit: false, idempotencyKey: "k-1" });
    expect(staged).toMatchObject({ status: "needs_response", hasEvidence: true, submissionCount: 0 });
    const inStripe = await t.stripe.disputes.retrieve(dispute.stripeDisputeId);
    // An empty field is not sent (it would clear what Stripe holds).
    expect(inStripe.evidence).toMatchObject({ product_description: "Spring workshop", uncategorized_text: null });

    const submitted = await submitDisputeEvidence(db, t.actors.admin, { disputeId: dispute.id, evidence: { access_activity_log: "Attended", uncategorized_text: "winning_evidence" }, submit: true, idempotencyKey: "k-1" });
    expect(submitted).toMatchObject({ status: "under_review", submissionCount: 1 });
    const won = await eventually(rowOf(dispute.id), (r) => r.status === "won" && r.balanceNet === 0);
    expect(won).toMatchObject({ status: "won", balanceNet: 0, submissionCount: 1, evidence: { product_description: "Spring workshop", access_activity_log: "Attended", uncategorized_text: "winning_evidence" } });
    expect(await openDisputeSummary(db, { tenantId: t.tenant.id })).toEqual({ open: 0, nextDueBy: null });

    const audit = await db.select().from(auditLog).where(eq(auditLog.target, dispute.id));
    expect(audit.map((a) => [a.action, a.fields])).toEqual(
      expect.arrayContaining([
        ["dispute.evidence_saved", ["product_description"]],
        ["dispute.evidence_submitted", ["access_activity_log", "uncategorized_text"]],
      ]),
    );
    // A closed dispute takes no more evidence: 409 before anything is sent.
    const again = await apiError(submitDisputeEvidence(db, t.actors.admin, { disputeId: dispute.id, evidence: { uncategorized_text: "more" }, submit: true, idempotencyKey: "k-2" }));
    expect([again.status, again.message]).toEqual([409, "This dispute is won: evidence can no longer be sent."]);
  });

  it("files go through Stripe's Files API and the evidence names them; wrong types and oversize sets are refused first", async () => {
    const { t, dispute } = await disputedPayment("dp-files");
    const pdf = new TextEncoder().encode("%PDF-1.4\n% receipt\n%%EOF\n");
    const result = await submitDisputeEvidence(db, t.actors.admin, { disputeId: dispute.id, evidence: {}, files: { receipt: { name: "receipt.pdf", type: "application/pdf", data: pdf } }, submit: false, idempotencyKey: "f-1" });
    expect(result.hasEvidence).toBe(true);
    const inStripe = await t.stripe.disputes.retrieve(dispute.stripeDisputeId);
    const fileId = String(inStripe.evidence.receipt);
    expect(await t.stripe.files.retrieve(fileId)).toMatchObject({ purpose: "dispute_evidence", filename: "receipt.pdf", size: pdf.byteLength, type: "pdf" });

    const exe = await apiError(submitDisputeEvidence(db, t.actors.admin, { disputeId: dispute.id, evidence: {}, files: { uncategorized_file: { name: "x.exe", type: "application/x-msdownload", data: pdf } }, submit: true, idempotencyKey: "f-2" }));
    expect([exe.status, exe.field]).toEqual([422, "uncategorized_file"]);
    const big = new Uint8Array(4_600_000);
    const tooBig = await apiError(submitDisputeEvidence(db, t.actors.admin, { disputeId: dispute.id, evidence: {}, files: { receipt: { name: "big.pdf", type: "application/pdf", data: big } }, submit: true, idempotencyKey: "f-3" }));
    expect(tooBig.status).toBe(422);
    expect((await t.stripe.disputes.retrieve(dispute.stripeDisputeId)).evidence_details.submission_count).toBe(0);
  });

  it("members get 403, other tenants and unknown ids 404, empty submissions 422", async () => {
    const { t, dispute } = await disputedPayment("dp-rules");
    const other = await harness.connectedTenant("dp-other");
    const input = { disputeId: dispute.id, evidence: { uncategorized_text: "x" }, submit: true, idempotencyKey: "k" };
    expect((await apiError(submitDisputeEvidence(db, t.actors.member, input))).status).toBe(403);
    expect((await apiError(submitDisputeEvidence(db, other.actors.admin, input))).status).toBe(404);
    expect((await apiError(submitDisputeEvidence(db, t.actors.admin, { ...input, disputeId: "not-a-uuid" }))).status).toBe(404);
    expect((await apiError(submitDisputeEvidence(db, t.actors.admin, { ...input, evidence: {} }))).status).toBe(422);
    expect((await t.stripe.disputes.retrieve(dispute.stripeDisputeId)).evidence_details.submission_count).toBe(0);
  });
});
