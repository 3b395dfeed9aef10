"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db";
import { signIn } from "@/lib/auth";
import { gateJoin, waitText } from "@/lib/auth/throttle";
import { clientAddress } from "@/lib/http/client-address";
import { findTenantToJoin, joinSchema, joinTenant } from "@/lib/members/join-tenant";
import { zodMessage, type ActionState } from "@/lib/forms/action-state";

/** Public sign-up (with an optional referral code), then the normal credentials sign-in. */
export async function joinAction(slug: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const db = await getDb();
  const tenant = await findTenantToJoin(db, { slug: z.string().min(1).max(100).parse(slug) });
  if (!tenant) return { error: "This portal does not exist." };
  const parsed = joinSchema.safeParse({
    name: form.get("name") ?? "",
    email: String(form.get("email") ?? "").trim().toLowerCase(),
    password: form.get("password") ?? "",
    ref: String(form.get("ref") ?? "") || undefined,
  });
  if (!parsed.success) return { error: zodMessage(parsed.error, { name: "Name", email: "E-mail", password: "Password", ref: "Referral code" }) };
  const gate = await gateJoin(db, { address: clientAddress(await headers()) });
  if (!gate.allowed) return { error: `Too many sign-ups from your network. Try again in ${waitText(gate.retryAfterSeconds)}.` };
  let result;
  try {
    result = await joinTenant(db, { tenantId: tenant.id, input: parsed.data });
  } catch (error) {
    // Two sign-ups with one e-mail at the same moment: the loser hits the unique index.
    if (error instanceof Error && /unique|duplicate/i.test(`${error.message} ${String(error.cause ?? "")}`)) return { error: "An account with this e-mail already exists. Sign in instead." };
    throw error;
  }
  if (!result.ok) return { error: result.error };
  await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: `/${tenant.slug}/billing/credits` });
  return { ok: true };
}
