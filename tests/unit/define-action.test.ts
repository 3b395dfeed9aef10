import { notFound, redirect } from "next/navigation";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { definePublicAction, guarded, inputOf, parseOrFail } from "@/lib/actions/define-action";
import { DomainError } from "@/lib/errors/domain-error";
import { logger } from "@/lib/log";

// The action contract's own rules (lib/actions/define-action.ts). The session and permission half
// runs in the browser suites (every form in e2e/ goes through defineAction).

const options = { name: "test.action", schema: z.object({}), labels: { amount: "Amount" } };

describe("guarded: what an action's body throws becomes its result", () => {
  afterEach(() => vi.restoreAllMocks());

  it("a DomainError is its message, and names its field", async () => {
    expect(await guarded(options, async () => Promise.reject(new DomainError("conflict", "Only a succeeded payment can be refunded.")))).toEqual({
      error: "Only a succeeded payment can be refunded.",
    });
    expect(await guarded(options, async () => Promise.reject(new DomainError("validation_failed", "Too much.", "amount")))).toEqual({
      error: "Too much.",
      fieldErrors: { amount: "Too much." },
    });
  });

  it("invalid input checked inside the body reads like invalid input at the door", async () => {
    const result = await guarded(options, async () => ({ data: parseOrFail(z.object({ amount: z.string().min(1, "Enter an amount.") }), { amount: "" }) }));
    expect(result).toEqual({ error: "Amount: Enter an amount.", fieldErrors: { amount: "Enter an amount." } });
    expect(await guarded({ ...options, invalid: "Check the refund details and try again." }, async () => ({ data: parseOrFail(z.uuid(), "x") }))).toEqual({
      error: "Check the refund details and try again.",
    });
  });

  it("anything else is logged and shown only as the action's generic message", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => {});
    const result = await guarded({ ...options, failure: "Nothing was charged; try again." }, async () => Promise.reject(new Error("connection reset: sk_test_secret")));
    expect(result).toEqual({ error: "Nothing was charged; try again." });
    expect(logged).toHaveBeenCalledWith("test.action.failed", expect.objectContaining({ error: expect.any(Error) }));
  });

  it("Next's redirect and notFound pass through: they are answers, not failures", async () => {
    await expect(guarded(options, async () => redirect("/acme/admin/members?removed=1"))).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT") });
    await expect(guarded(options, async () => notFound())).rejects.toMatchObject({ digest: expect.stringContaining("404") });
  });
});

describe("inputOf: the form's fields overlaid with the bound arguments", () => {
  it("bound arguments win over a submitted field of the same name (a form cannot retarget the action)", () => {
    const form = new FormData();
    form.set("slug", "globex");
    form.set("amount", "12.50");
    form.set("$ACTION_ID_abc", "");
    expect(inputOf({ slug: "acme", paymentId: "p1" }, form, {})).toEqual({ slug: "acme", paymentId: "p1", amount: "12.50" });
  });

  it("a form used without .bind arrives first and is read as the form", () => {
    const form = new FormData();
    form.set("mode", "live");
    expect(inputOf(form, undefined, {})).toEqual({ mode: "live" });
  });

  it("given to useActionState without .bind, the previous result is not taken for input", () => {
    const form = new FormData();
    form.set("slug", "acme");
    form.set("paymentMethodId", "pm_1");
    expect(inputOf({ ok: false, error: "No such saved card." }, form, {})).toEqual({ slug: "acme", paymentMethodId: "pm_1" });
  });

  it("a custom reader shapes repeated names", () => {
    const form = new FormData();
    form.append("ids", "a");
    form.append("ids", "b");
    expect(inputOf({ slug: "acme" }, form, { form: (f) => ({ ids: f.getAll("ids") }) })).toEqual({ slug: "acme", ids: ["a", "b"] });
  });
});

describe("definePublicAction", () => {
  it("refuses invalid input with the labelled message before the body runs", async () => {
    const body = vi.fn();
    const action = definePublicAction({ ...options, schema: z.object({ amount: z.string().min(1, "Enter an amount.") }) }, body);
    const form = new FormData();
    form.set("amount", "");
    expect(await action({}, {}, form)).toEqual({ error: "Amount: Enter an amount.", fieldErrors: { amount: "Enter an amount." } });
    expect(body).not.toHaveBeenCalled();
  });
});
