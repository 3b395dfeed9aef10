"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { definePublicAction } from "@/lib/actions/define-action";
import { signIn } from "@/lib/auth";
import { gateJoin, waitText } from "@/lib/auth/throttle";
import { clientAddress } from "@/lib/http/client-address";
import { findTenantToJoin, joinSchema, joinTenant } from "@/lib/members/join-tenant";

const schema = joinSchema.extend({ slug: z.string().min(1).max(100) });

/** Public sign-up (with an optional referral code), then the normal credentials sign-in. */
export const joinAction = definePublicAction(
  {
    name: "join",
    schema,
    labels: { name: "Name", email: "E-mail", password: "Password", ref: "Referral code" },
    form: (f) => ({ name: f.get("name") ?? "", email: String(f.get("email") ?? "").trim().toLowerCase(), password: f.get("password") ?? "", ref: String(f.get("ref") ?? "") || undefined }),
  },
  async ({ slug, ...input }, { db }) => {
    const tenant = await findTenantToJoin(db, { slug });
    if (!tenant) return { error: "This portal does not exist." };
    const gate = await gateJoin(db, { address: clientAddress(await headers()) });
    if (!gate.allowed) return { error: `Too many sign-ups from your network. Try again in ${waitText(gate.retryAfterSeconds)}.` };
    let result;
    try {
      result = await joinTenant(db, { tenantId: tenant.id, input });
    } catch (error) {
      // Two sign-ups with one e-mail at the same moment: the loser hits the unique index.
      if (error instanceof Error && /unique|duplicate/i.test(`${error.message} ${String(error.cause ?? "")}`)) return { error: "An account with this e-mail already exists. Sign in instead." };
      throw error;
    }
    if (!result.ok) return { error: result.error };
    await signIn("credentials", { email: input.email, password: input.password, redirectTo: `/${tenant.slug}/billing/credits` });
    return { ok: true };
  },
);
