import { z } from "zod";
import { DomainError } from "@/lib/errors/domain-error";
import { readJson, withTenant } from "@/lib/api/handler";
import { toApiEntry } from "@/lib/credits/ledger-page";
import { CREDIT_REASON_LABELS } from "@/lib/credits/rules";
import { spendCredits } from "@/lib/credits/spend-credits";
import { MAX_CREDITS_PER_ENTRY } from "@/lib/money";

const KEY = z.string().min(1).max(100).regex(/^[A-Za-z0-9._:-]+$/, "use letters, digits and . _ : - only");

const body = z.object({
  amount: z.number().int("must be a whole number of credits").min(1, "must be at least 1 credit").max(MAX_CREDITS_PER_ENTRY, "must be at most 10,000,000 credits"),
  description: z.string().trim().min(1).max(200),
  idempotency_key: KEY.optional(),
});

/**
 * POST /api/credits/spend?tenant=acme — body {amount, description, idempotency_key} (or the key in
 * an `Idempotency-Key` header). 201 with the entry; 200 with the same entry on a retry of the key;
 * 402 insufficient_credits when the balance is short; 409 when the key was used for another spend.
 */
export const POST = withTenant(
  async ({ db, tenant, userId, request }) => {
    const input = await readJson(request, body, 8 * 1024);
    const key = input.idempotency_key ?? request.headers.get("idempotency-key");
    if (!key) throw new DomainError("validation_failed", "idempotency_key: required (in the body or an Idempotency-Key header).", "idempotency_key");
    const parsedKey = KEY.safeParse(key);
    if (!parsedKey.success) throw new DomainError("validation_failed", "idempotency_key: use 1–100 letters, digits and . _ : - only.", "idempotency_key");
    const result = await spendCredits(db, { tenantId: tenant.id, userId, amount: input.amount, description: input.description, idempotencyKey: parsedKey.data });
    const entry = toApiEntry({ ...result.entry, reasonLabel: CREDIT_REASON_LABELS[result.entry.reason] });
    return Response.json({ object: "credit_spend", entry, balance: result.balance, replayed: result.replayed }, { status: result.replayed ? 200 : 201 });
  },
  { permission: "credits.spend" },
);
