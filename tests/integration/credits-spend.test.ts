import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { appendCreditTx } from "@/lib/credits/append-credit";
import { spendCredits } from "@/lib/credits/spend-credits";
import { DomainError } from "@/lib/errors/domain-error";
import { balanceOf } from "../helpers/credits";
import { createTestTenant, useTestDb } from "../helpers/db";

let db: Db;
let tenantId: string;
let userId: string;
let otherTenantId: string;

beforeAll(async () => {
  db = (await useTestDb()).db;
  const t = await createTestTenant(db, "spend");
  tenantId = t.tenant.id;
  userId = t.member.id;
  otherTenantId = (await createTestTenant(db, "spend2")).tenant.id;
});

async function grant(amount: number, key: string) {
  await appendCreditTx(db, { tenantId, userId, delta: amount, reason: "admin_adjustment", description: "test grant", idempotencyKey: key });
}

describe("spending credits", () => {
  it("100 concurrent spends of 100 against 5,000 → exactly 50 succeed, balance 0, never negative", async () => {
    await grant(5000, "grant-5000");
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => spendCredits(db, { tenantId, userId, amount: 100, description: `Spend ${i}`, idempotencyKey: `race-${i}` })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(50);
    expect(refused).toHaveLength(50);
    for (const r of refused) expect(r.reason).toMatchObject({ code: "insufficient_credits", status: 402 });
    // Every successful spend saw a non-negative balance afterwards.
    for (const r of ok) expect((r as PromiseFulfilledResult<{ balance: number }>).value.balance).toBeGreaterThanOrEqual(0);
    expect(await balanceOf(db, { tenantId, userId })).toBe(0);
  });

  it("a retry with the same idempotency key spends once and returns the first spend", async () => {
    await grant(300, "grant-300");
    const first = await spendCredits(db, { tenantId, userId, amount: 120, description: "Workshop seat", idempotencyKey: "seat-1" });
    const again = await spendCredits(db, { tenantId, userId, amount: 120, description: "Workshop seat", idempotencyKey: "seat-1" });
    expect(again.replayed).toBe(true);
    expect(again.entry.id).toBe(first.entry.id);
    expect(await balanceOf(db, { tenantId, userId })).toBe(180);
    await expect(spendCredits(db, { tenantId, userId, amount: 50, description: "Other", idempotencyKey: "seat-1" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("a short balance is refused with insufficient_credits and changes nothing", async () => {
    const before = await balanceOf(db, { tenantId, userId });
    const attempt = spendCredits(db, { tenantId, userId, amount: before + 1, description: "Too much", idempotencyKey: "too-much" });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: "insufficient_credits" });
    expect(await balanceOf(db, { tenantId, userId })).toBe(before);
  });

  it("balances are per tenant: credits in one tenant cannot be spent in another", async () => {
    await expect(spendCredits(db, { tenantId: otherTenantId, userId, amount: 1, description: "x", idempotencyKey: "cross" })).rejects.toMatchObject({ code: "insufficient_credits" });
    expect(await balanceOf(db, { tenantId: otherTenantId, userId })).toBe(0);
  });

  it("a spend above 10,000,000 credits (or below 1) is refused before anything is written", async () => {
    for (const amount of [10_000_001, 9_999_999_999_999, 0]) {
      const error = await spendCredits(db, { tenantId, userId, amount, description: "Too much", idempotencyKey: `huge-${amount}` }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: "validation_failed", field: "amount" });
    }
  });
});
