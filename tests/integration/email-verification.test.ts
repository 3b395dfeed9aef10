import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { emailVerificationTokens, mailOutbox, users } from "@/db/schema";
import { resendEmailVerification, verifyEmail } from "@/lib/auth/email-verification";
import { joinTenant } from "@/lib/members/join-tenant";
import { createTestTenant } from "../helpers/db";
import { useTestDb } from "../helpers/db";
import { setStripeEnv } from "../helpers/stripe-env";

let db: Db;
beforeAll(async () => {
  setStripeEnv();
  db = (await useTestDb()).db;
});

/** The link the outbox holds for an address (the relay does not run here, so the row keeps its data). */
async function verifyLinkFor(email: string): Promise<string[]> {
  const rows = await db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, email), eq(mailOutbox.template, "email_verification")));
  return rows.map((r) => String((r.data as { verifyUrl: string }).verifyUrl));
}
const tokenOf = (url: string) => url.split("/verify-email/")[1]!;
const verifiedAt = async (email: string) => (await db.select({ at: users.emailVerified }).from(users).where(eq(users.email, email)))[0]?.at ?? null;

describe("e-mail verification of new accounts", () => {
  it("a new member gets one single-use link, in the tenant's name; using it confirms the address once", async () => {
    const t = await createTestTenant(db, "verify");
    const email = `new-${randomUUID().slice(0, 8)}@example.test`;
    expect((await joinTenant(db, { tenantId: t.tenant.id, input: { name: "New", email, password: "long enough password" } })).ok).toBe(true);
    const links = await verifyLinkFor(email);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(/^http:\/\/portal\.test\/verify-email\/[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, email), eq(mailOutbox.template, "email_verification")));
    expect(row?.subject).toBe(`Confirm your e-mail address for ${t.tenant.name}`);
    // Only the hash is stored.
    const stored = await db.select().from(emailVerificationTokens).innerJoin(users, eq(users.id, emailVerificationTokens.userId)).where(eq(users.email, email));
    expect(stored[0]?.email_verification_tokens.tokenHash).not.toContain(tokenOf(links[0]!));
    expect(await verifiedAt(email)).toBeNull();

    const token = tokenOf(links[0]!);
    expect(await verifyEmail(db, `${token.slice(0, -1)}x`)).toBe(false);
    const [first, second] = await Promise.all([verifyEmail(db, token), verifyEmail(db, token)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await verifiedAt(email)).toBeInstanceOf(Date);
    expect(await verifyEmail(db, token)).toBe(false);
  });

  it("an expired link does nothing, and a refused sign-up writes no link and no mail", async () => {
    const t = await createTestTenant(db, "verify-expired");
    const email = `late-${randomUUID().slice(0, 8)}@example.test`;
    await joinTenant(db, { tenantId: t.tenant.id, input: { name: "Late", email, password: "long enough password" } });
    const [link] = await verifyLinkFor(email);
    await db.execute(sql`update email_verification_tokens set expires_at = now() - interval '1 minute' where user_id = (select id from users where email = ${email})`);
    expect(await verifyEmail(db, tokenOf(link!))).toBe(false);
    expect(await verifiedAt(email)).toBeNull();

    // The member's address already has an account: the join is refused, nothing is written.
    expect((await joinTenant(db, { tenantId: t.tenant.id, input: { name: "Dup", email: t.member.email, password: "long enough password" } })).ok).toBe(false);
    expect(await verifyLinkFor(t.member.email)).toHaveLength(0);
  });

  it("'Resend verification link': a new single-use link (the old one stops working), throttled per user; nothing once verified", async () => {
    const t = await createTestTenant(db, "verify-resend");
    const email = `resend-${randomUUID().slice(0, 8)}@example.test`;
    await joinTenant(db, { tenantId: t.tenant.id, input: { name: "Resend", email, password: "long enough password" } });
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    const userId = user!.id;
    const [first] = await verifyLinkFor(email);

    expect(await resendEmailVerification(db, { userId, tenantId: t.tenant.id })).toEqual({ kind: "sent", email });
    const links = await verifyLinkFor(email);
    expect(links).toHaveLength(2);
    const second = links.find((l) => l !== first)!;
    const [row] = await db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, email), eq(mailOutbox.dedupeKey, `email_verification:${(await db.select().from(emailVerificationTokens).where(and(eq(emailVerificationTokens.userId, userId), sql`used_at is null`)))[0]!.tokenHash}`)));
    expect(row?.subject).toBe(`Confirm your e-mail address for ${t.tenant.name}`);
    // The first link was replaced.
    expect(await verifyEmail(db, tokenOf(first!))).toBe(false);

    // Three a user per hour, then refused with a wait (the join's own link is not counted).
    expect((await resendEmailVerification(db, { userId, tenantId: t.tenant.id })).kind).toBe("sent");
    expect((await resendEmailVerification(db, { userId, tenantId: t.tenant.id })).kind).toBe("sent");
    const refused = await resendEmailVerification(db, { userId, tenantId: t.tenant.id });
    expect(refused).toMatchObject({ kind: "throttled" });
    expect(refused.kind === "throttled" && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await verifyLinkFor(email)).toHaveLength(4);
    // Another user is not held back by this one's clicks.
    expect((await resendEmailVerification(db, { userId: t.member.id, tenantId: t.tenant.id })).kind).toBe("sent");

    // Only the newest link works, once; after that there is nothing to resend.
    const newest = (await verifyLinkFor(email)).filter((l) => l !== first && l !== second);
    const results = await Promise.all(newest.map((l) => verifyEmail(db, tokenOf(l))));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await verifiedAt(email)).toBeInstanceOf(Date);
    expect(await resendEmailVerification(db, { userId, tenantId: t.tenant.id })).toEqual({ kind: "already_verified" });
    expect(await verifyLinkFor(email)).toHaveLength(4);
  });
});
