import { asc, and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { getUserById } from "@/db/queries/users";
import { mailOutbox } from "@/db/schema";
import { requestPasswordReset, resetLinkIsUsable, resetPassword } from "@/lib/auth/password-reset";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { createTestTenant, TEST_PASSWORD, useTestDb } from "../helpers/db";

let db: Db;

beforeAll(async () => {
  db = (await useTestDb()).db;
});

/** The link the reset mail carries, read from the outbox row written with the token. */
async function resetLinkFor(email: string): Promise<string[]> {
  // Oldest first: "first" and "second" below mean the order the links were requested in.
  const rows = await db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, email), eq(mailOutbox.template, "password_reset"))).orderBy(asc(mailOutbox.createdAt));
  return rows.map((r) => String((r.data as { resetUrl?: string }).resetUrl ?? ""));
}
const tokenOf = (url: string) => url.split("/reset-password/")[1] ?? "";

describe("password reset", () => {
  it("mails a single-use link that sets the password and ends every session", async () => {
    const { member } = await createTestTenant(db, "reset");
    expect(await requestPasswordReset(db, { email: member.email.toUpperCase(), address: "10.9.0.1" })).toEqual({ ok: true });
    const [url] = await resetLinkFor(member.email);
    expect(url).toMatch(/^http:\/\/localhost:3000\/reset-password\/[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, member.email));
    expect(row?.tenantId).toBeNull();
    expect(row?.subject).toBe("Reset your MemberPulse password");

    const token = tokenOf(url!);
    expect(await resetLinkIsUsable(db, token)).toBe(true);
    const before = (await getUserById(db, { userId: member.id }))!.sessionVersion;
    expect(await resetPassword(db, { token, password: "a brand new password" })).toEqual({ email: member.email });
    expect((await getUserById(db, { userId: member.id }))!.sessionVersion).toBe(before + 1);
    expect(await verifyCredentials(db, { email: member.email, password: TEST_PASSWORD, address: "10.9.0.1" })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(db, { email: member.email, password: "a brand new password", address: "10.9.0.1" })).toMatchObject({ ok: true });

    // Used once: the same link does nothing more.
    expect(await resetLinkIsUsable(db, token)).toBe(false);
    expect(await resetPassword(db, { token, password: "another password 123" })).toBeNull();
  });

  it("only the newest link works, an expired one never does, and unknown e-mails get the same answer but no mail", async () => {
    const { member } = await createTestTenant(db, "reset2");
    await requestPasswordReset(db, { email: member.email, address: "10.9.0.2" });
    await requestPasswordReset(db, { email: member.email, address: "10.9.0.2" });
    const [first, second] = (await resetLinkFor(member.email)).map(tokenOf);
    expect(await resetLinkIsUsable(db, first!)).toBe(false);
    expect(await resetLinkIsUsable(db, second!)).toBe(true);

    expect(await requestPasswordReset(db, { email: "nobody-here@nowhere.test", address: "10.9.0.2" })).toEqual({ ok: true });
    expect(await resetLinkFor("nobody-here@nowhere.test")).toEqual([]);
  });

  it("throttles requests per e-mail like sign-in, so the form cannot flood an inbox", async () => {
    const { admin } = await createTestTenant(db, "reset3");
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await requestPasswordReset(db, { email: admin.email, address: `10.9.1.${i}` }));
    expect(answers.slice(0, 3).every((a) => a.ok)).toBe(true);
    expect(answers[3]).toMatchObject({ ok: false });
    expect((answers[3] as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect(await resetLinkFor(admin.email)).toHaveLength(3);
  });
});
