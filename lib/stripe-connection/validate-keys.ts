import "server-only";
import { z } from "zod";
import type { StripeMode } from "@/db/schema";

export type StripeKeyField = "publishableKey" | "secretKey" | "webhookSecret";
export type StripeKeyInput = Partial<Record<StripeKeyField, string>>;
export type FieldErrors = Partial<Record<StripeKeyField, string>>;

const NO_WHITESPACE = /^\S+$/;

/** Wrong mode is the most common paste mistake; say which mode the key is for. */
function prefixCheck(label: string, prefixes: string[], mode: StripeMode) {
  const other: StripeMode = mode === "test" ? "live" : "test";
  return z
    .string()
    .regex(NO_WHITESPACE, `${label} contains spaces or line breaks. Copy it again without them.`)
    .max(255, `${label} is too long to be a Stripe key.`)
    .superRefine((value, ctx) => {
      if (prefixes.some((p) => value.startsWith(p) && value.length >= p.length + 8)) return;
      const forOther = prefixes.some((p) => value.startsWith(p.replace(`_${mode}_`, `_${other}_`)));
      ctx.addIssue({
        code: "custom",
        message: forOther
          ? `This is a ${other}-mode key. ${mode === "test" ? "Test" : "Live"} mode needs a key starting with ${prefixes.join(" or ")}.`
          : `${label} must start with ${prefixes.join(" or ")}.`,
      });
    });
}

function schemaFor(mode: StripeMode) {
  return z.object({
    publishableKey: prefixCheck("Publishable key", [`pk_${mode}_`], mode).optional(),
    secretKey: prefixCheck("Secret key", [`sk_${mode}_`, `rk_${mode}_`], mode).optional(),
    webhookSecret: z
      .string()
      .regex(NO_WHITESPACE, "Webhook signing secret contains spaces or line breaks. Copy it again without them.")
      .max(255, "Webhook signing secret is too long.")
      .refine((v) => v.startsWith("whsec_") && v.length > "whsec_".length + 8, "Webhook signing secret must start with whsec_.")
      .optional(),
  });
}

/**
 * Validates what an admin typed for one mode. Empty fields mean "keep what is stored", so they are
 * dropped here; whitespace-only counts as empty. Returns only the fields to write.
 */
export function validateStripeKeys(mode: StripeMode, raw: Record<string, unknown>): { ok: true; values: StripeKeyInput } | { ok: false; fieldErrors: FieldErrors } {
  const input: Record<string, string> = {};
  for (const field of ["publishableKey", "secretKey", "webhookSecret"] as const) {
    const v = raw[field];
    if (typeof v === "string" && v.trim() !== "") input[field] = v;
  }
  const parsed = schemaFor(mode).safeParse(input);
  if (parsed.success) return { ok: true, values: parsed.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as StripeKeyField | undefined;
    if (field && !fieldErrors[field]) fieldErrors[field] = issue.message;
  }
  return { ok: false, fieldErrors };
}
