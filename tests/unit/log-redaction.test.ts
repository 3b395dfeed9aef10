import { describe, expect, it } from "vitest";
import { redact } from "@/lib/log";

describe("log redaction", () => {
  it("masks Stripe secrets and card numbers inside strings", () => {
    const out = redact("key sk_live_51HxYzAbCdEf0123456789 and whsec_abcdefABCDEF012345 card 4242424242424242") as string;
    expect(out).not.toMatch(/51HxYz|abcdefABCDEF|4242424242424242/);
    expect(out).toContain("sk_live_[redacted]");
  });

  it("drops values of sensitive keys at any depth and keeps the rest", () => {
    const out = redact({ user: "a@b.test", nested: { password: "hunter2", secretKey: "x", authorization: "Bearer y", ok: 1 } });
    expect(out).toEqual({ user: "a@b.test", nested: { password: "[redacted]", secretKey: "[redacted]", authorization: "[redacted]", ok: 1 } });
  });

  it("redacts error messages", () => {
    const out = redact(new Error("Invalid API Key provided: sk_test_abcdefghijklmnop")) as { message: string };
    expect(out.message).toBe("Invalid API Key provided: sk_test_[redacted]");
  });
});
