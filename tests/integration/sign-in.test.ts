import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { authThrottles } from "@/db/schema";
import { SIGN_IN_MAX_FAILURES, gateSignIn } from "@/lib/auth/throttle";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { UNKNOWN_ADDRESS } from "@/lib/http/client-address";
import { createTestTenant, TEST_PASSWORD, useTestDb } from "../helpers/db";

let db: Db;
let t: Awaited<ReturnType<typeof createTestTenant>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  t = await createTestTenant(db, "signin");
});

const guess = (email: string, address: string, password = "guess") => verifyCredentials(db, { email, password, address });

/** Pretends the last failure happened `seconds` ago, as if the lock had run out. */
async function age(seconds: number) {
  await db.update(authThrottles).set({ lockedUntil: null, lastFailureAt: new Date(Date.now() - seconds * 1000) });
}

describe("verifyCredentials", () => {
  it("accepts the right password, whatever the e-mail's case, with the user's session version", async () => {
    const result = await guess(t.admin.email.toUpperCase(), "10.0.0.1", TEST_PASSWORD);
    expect(result).toEqual({ ok: true, userId: t.admin.id, sessionVersion: 0 });
  });

  it("refuses a wrong password and an unknown e-mail alike", async () => {
    expect(await guess(t.admin.email, "10.0.0.2")).toEqual({ ok: false, reason: "invalid" });
    expect(await guess("nobody@nowhere.test", "10.0.0.2")).toEqual({ ok: false, reason: "invalid" });
  });

  it(`locks an e-mail after ${SIGN_IN_MAX_FAILURES} failures from ANY mix of addresses, even for the right password`, async () => {
    const user = await createTestTenant(db, "rotate");
    // An attacker rotating X-Forwarded-For (each guess "from" a new address) is still one e-mail.
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) expect(await guess(user.member.email, `198.51.100.${i}`)).toEqual({ ok: false, reason: "invalid" });
    const locked = await guess(user.member.email, "198.51.100.99", TEST_PASSWORD);
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    if (locked.ok || locked.reason !== "rate_limited") throw new Error("unreachable");
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  it("backs off exponentially while guessing goes on, and a lock is not extended by hammering it", async () => {
    const user = await createTestTenant(db, "backoff");
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) await guess(user.member.email, "10.1.0.1");
    // Hammering the lock does not count (nor extend it).
    for (let i = 0; i < 10; i++) expect(await guess(user.member.email, "10.1.0.1")).toMatchObject({ reason: "rate_limited" });
    const waits: number[] = [];
    for (let round = 0; round < 3; round++) {
      await age(1);
      expect(await guess(user.member.email, "10.1.0.1")).toEqual({ ok: false, reason: "invalid" });
      const next = await guess(user.member.email, "10.1.0.1");
      if (next.ok || next.reason !== "rate_limited") throw new Error(`expected a lock, got ${JSON.stringify(next)}`);
      waits.push(next.retryAfterSeconds);
    }
    expect(waits[0]).toBeGreaterThan(30);
    expect(waits[1]).toBeGreaterThan(waits[0]! * 1.5);
    expect(waits[2]).toBeGreaterThan(waits[1]! * 1.5);
  });

  it("a success starts the e-mail's count over; failures older than the window are forgotten", async () => {
    const user = await createTestTenant(db, "reset");
    for (let i = 0; i < SIGN_IN_MAX_FAILURES - 1; i++) await guess(user.member.email, "10.2.0.1");
    expect((await guess(user.member.email, "10.2.0.1", TEST_PASSWORD)).ok).toBe(true);
    for (let i = 0; i < SIGN_IN_MAX_FAILURES - 1; i++) await guess(user.member.email, "10.2.0.1");
    expect((await guess(user.member.email, "10.2.0.1", TEST_PASSWORD)).ok).toBe(true);
  });

  it("one address walking through many e-mails is throttled across them", async () => {
    const address = "192.0.2.77";
    const results = [];
    for (let i = 0; i < 21; i++) results.push(await guess(`walker-${i}@nowhere.test`, address));
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(20);
    expect(results.at(-1)).toMatchObject({ reason: "rate_limited" });
    // Other addresses are unaffected.
    expect(await guess(t.member.email, "192.0.2.78", TEST_PASSWORD)).toMatchObject({ ok: true });
  });

  it("an address the server could not determine is not a shared bucket (the e-mail rule still holds)", async () => {
    const gate = await gateSignIn(db, { email: "someone@nowhere.test", address: UNKNOWN_ADDRESS });
    expect(gate.allowed).toBe(true);
    const keys = await db.select().from(authThrottles).where(eq(authThrottles.key, "signInAddress:unknown"));
    expect(keys).toEqual([]);
    if (gate.allowed) expect(gate.keys.map((k) => k.key.split(":")[0])).toEqual(["signInEmail"]);
  });

  it("holds under concurrent guesses from several app instances: no more than the limit get checked", async () => {
    const other = await createTestTenant(db, "signin2");
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => guess(other.admin.email, `10.0.0.${i}`)));
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(SIGN_IN_MAX_FAILURES);
    expect((await guess(other.admin.email, "10.0.0.5", TEST_PASSWORD)).ok).toBe(false);
  });
});
