import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { MAX_FAILURES, verifyCredentials } from "@/lib/auth/verify-credentials";
import { createTestTenant, TEST_PASSWORD, useTestDb } from "../helpers/db";

let db: Db;
let t: Awaited<ReturnType<typeof createTestTenant>>;

beforeAll(async () => {
  db = (await useTestDb()).db;
  t = await createTestTenant(db, "signin");
});

describe("verifyCredentials", () => {
  it("accepts the right password, whatever the e-mail's case", async () => {
    const result = await verifyCredentials(db, { email: t.admin.email.toUpperCase(), password: TEST_PASSWORD, ip: "10.0.0.1" });
    expect(result).toEqual({ ok: true, userId: t.admin.id });
  });

  it("refuses a wrong password and an unknown e-mail alike", async () => {
    expect(await verifyCredentials(db, { email: t.admin.email, password: "wrong", ip: "10.0.0.2" })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(db, { email: "nobody@nowhere.test", password: "wrong", ip: "10.0.0.2" })).toEqual({ ok: false, reason: "invalid" });
  });

  it(`locks an e-mail + IP after ${MAX_FAILURES} failures, even for the right password, without locking other IPs`, async () => {
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await verifyCredentials(db, { email: t.member.email, password: "guess", ip: "10.0.0.3" })).ok).toBe(false);
    }
    expect(await verifyCredentials(db, { email: t.member.email, password: TEST_PASSWORD, ip: "10.0.0.3" })).toEqual({ ok: false, reason: "rate_limited" });
    expect(await verifyCredentials(db, { email: t.member.email, password: TEST_PASSWORD, ip: "10.0.0.4" })).toEqual({ ok: true, userId: t.member.id });
  });

  it("enforces the limit across concurrent attempts from several app instances (state is in the database)", async () => {
    const other = await createTestTenant(db, "signin2");
    await Promise.all(Array.from({ length: MAX_FAILURES }, () => verifyCredentials(db, { email: other.admin.email, password: "guess", ip: "10.0.0.5" })));
    expect((await verifyCredentials(db, { email: other.admin.email, password: TEST_PASSWORD, ip: "10.0.0.5" })).ok).toBe(false);
  });
});
