import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listAudit } from "@/db/queries/audit-log";
import { getMembership } from "@/db/queries/memberships";
import { findReferrerByCode, getOrCreateReferralCode, referralStats } from "@/db/queries/referrals";
import { referrals } from "@/db/schema";
import { adjustCredits } from "@/lib/credits/adjust-credits";
import { appendCredit } from "@/lib/credits/append-credit";
import { joinTenant } from "@/lib/members/join-tenant";
import { gateJoin } from "@/lib/auth/throttle";
import { readLedgerPage } from "@/lib/credits/ledger-page";
import { balanceOf } from "../helpers/credits";
import { createTestTenant, useTestDb } from "../helpers/db";

let db: Db;
let t: Awaited<ReturnType<typeof createTestTenant>>;
let other: Awaited<ReturnType<typeof createTestTenant>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  t = await createTestTenant(db, "cadm");
  other = await createTestTenant(db, "cadm2");
});

describe("admin adjustments", () => {
  it("apply once per form submission, may go below zero, and are audit-logged without values", async () => {
    const tenantId = t.tenant.id;
    const nonce = randomUUID();
    const first = await adjustCredits(db, { tenantId, actorUserId: t.admin.id, memberId: t.member.id, input: { delta: 500, reason: "Goodwill for the cancelled workshop", nonce } });
    const again = await adjustCredits(db, { tenantId, actorUserId: t.admin.id, memberId: t.member.id, input: { delta: 500, reason: "Goodwill for the cancelled workshop", nonce } });
    expect(first.status).toBe("applied");
    expect(again.status).toBe("duplicate");
    expect(await balanceOf(db, { tenantId, userId: t.member.id })).toBe(500);
    await adjustCredits(db, { tenantId, actorUserId: t.admin.id, memberId: t.member.id, input: { delta: -800, reason: "Charged back by the bank", nonce: randomUUID() } });
    expect(await balanceOf(db, { tenantId, userId: t.member.id })).toBe(-300);
    const audit = (await listAudit(db, { tenantId, limit: 50 })).filter((a) => a.action === "credits.adjusted");
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ target: t.member.id, fields: ["delta", "reason"] });
    expect(JSON.stringify(audit)).not.toContain("Goodwill");
    const page = await readLedgerPage(db, { tenantId, userId: t.member.id, limit: 10 });
    expect(page.entries.map((e) => [e.reasonLabel, e.description, e.delta])).toEqual([
      ["Adjustment by an admin", "Charged back by the bank", -800],
      ["Adjustment by an admin", "Goodwill for the cancelled workshop", 500],
    ]);
  });
});

describe("ledger pagination", () => {
  it("pages through every entry exactly once, including entries written in the same transaction", async () => {
    const member = (await createTestTenant(db, "cpage")).member.id;
    const tenantId = t.tenant.id;
    await db.transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await appendCredit(tx, { tenantId, userId: member, delta: 1, reason: "admin_adjustment", description: `same-tx ${i}`, idempotencyKey: `p:${member}:a${i}` });
    });
    for (let i = 0; i < 12; i++) await appendCredit(db, { tenantId, userId: member, delta: 1, reason: "admin_adjustment", description: `own-tx ${i}`, idempotencyKey: `p:${member}:b${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof readLedgerPage>> = await readLedgerPage(db, { tenantId, userId: member, cursor, limit: 25 });
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(42);
    expect(new Set(seen).size).toBe(42);
    expect(await balanceOf(db, { tenantId, userId: member })).toBe(42);
  });

  it("rejects a cursor it did not issue", async () => {
    await expect(readLedgerPage(db, { tenantId: t.tenant.id, userId: t.member.id, cursor: "bm90LWEtY3Vyc29y", limit: 5 })).rejects.toMatchObject({ code: "validation_failed" });
  });
});

describe("joining with a referral code", () => {
  it("records the referrer when the code belongs to a member of the same tenant", async () => {
    const code = await getOrCreateReferralCode(db, { tenantId: t.tenant.id, userId: t.member.id });
    expect(await getOrCreateReferralCode(db, { tenantId: t.tenant.id, userId: t.member.id })).toBe(code);
    const result = await joinTenant(db, { tenantId: t.tenant.id, input: { name: "New", email: `new-${randomUUID()}@example.test`, password: "long enough password", ref: code.toLowerCase() } });
    expect(result).toMatchObject({ ok: true, referred: true });
    if (!result.ok) return;
    expect(await getMembership(db, { tenantId: t.tenant.id, userId: result.userId })).toMatchObject({ role: "ROLE_MEMBER" });
    const [row] = await db.select().from(referrals).where(and(eq(referrals.tenantId, t.tenant.id), eq(referrals.referredUserId, result.userId)));
    expect(row).toMatchObject({ referrerUserId: t.member.id, status: "pending" });
    expect(await referralStats(db, { tenantId: t.tenant.id, referrerUserId: t.member.id })).toEqual({ joined: 1, rewarded: 0 });
  });

  it("ignores a code from another tenant, and an unknown code", async () => {
    const foreign = await getOrCreateReferralCode(db, { tenantId: other.tenant.id, userId: other.member.id });
    expect(await findReferrerByCode(db, { tenantId: t.tenant.id, code: foreign })).toBeNull();
    for (const ref of [foreign, "NOSUCHCODE"]) {
      const result = await joinTenant(db, { tenantId: t.tenant.id, input: { name: "N", email: `n-${randomUUID()}@example.test`, password: "long enough password", ref } });
      expect(result).toMatchObject({ ok: true, referred: false });
    }
  });

  it("never attaches an existing account", async () => {
    const result = await joinTenant(db, { tenantId: other.tenant.id, input: { name: "Dup", email: t.member.email, password: "long enough password" } });
    expect(result).toMatchObject({ ok: false, field: "email" });
    expect(await getMembership(db, { tenantId: other.tenant.id, userId: t.member.id })).toBeUndefined();
  });

  it("is rate-limited per client address, with a wait to show", async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await gateJoin(db, { address }));
    expect(results.filter((g) => g.allowed)).toHaveLength(10);
    const refused = results.at(-1)!;
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect((await gateJoin(db, { address: `${address}-other` })).allowed).toBe(true);
  });
});
