import { z } from "zod";
import { issueEmailVerification } from "@/lib/auth/email-verification";
import { nudgeMailRelay } from "@/lib/jobs/runtime";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit-log";
import { addMembership } from "@/db/queries/memberships";
import { insertTenantStatusChange } from "@/db/queries/platform";
import { createTenant, getTenantBySlug } from "@/db/queries/tenants";
import { createUser, getUserByEmail } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { slugSchema } from "./slug";

export const organisationSchema = z.object({
  organisationName: z.string().trim().min(2, "Use at least 2 characters.").max(100, "Use at most 100 characters."),
  slug: slugSchema,
});

export const founderSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters."),
  email: z.email("Enter a valid e-mail address.").max(254),
  password: z.string().min(10, "Use at least 10 characters.").max(200, "Use at most 200 characters."),
});

/** The first admin: a new account, or the signed-in person starting another organisation. */
export type Founder = { kind: "new"; name: string; email: string; password: string } | { kind: "existing"; userId: string };

export type StartResult = { ok: true; tenant: { id: string; slug: string } } | { ok: false; error: string; field?: "slug" | "email" };

const SLUG_TAKEN = "This address is taken: choose another.";

const EMAIL_TAKEN = "An account with this e-mail already exists. Sign in first, then start your organisation from this page.";

/** Which unique index a racing sign-up hit (two sign-ups for one slug or e-mail pass our checks together). */
function uniqueViolation(error: unknown): "email" | "slug" | null {
  if (!(error instanceof Error)) return null;
  const text = `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}`;
  if (!/unique|duplicate/i.test(text)) return null;
  return /users_email/.test(text) ? "email" : "slug";
}

/**
 * Creates an organisation and its first ROLE_CLIENT_ADMIN in one transaction: the tenant (active),
 * the account when new, the admin membership, the first line of its status history and an audit
 * entry. An e-mail that already has an account is refused (never attach to or take over someone's
 * account from a public form): that person signs in first and starts the organisation from there.
 */
export async function startOrganisation(db: Db, { organisation, founder }: { organisation: z.infer<typeof organisationSchema>; founder: Founder }): Promise<StartResult> {
  const passwordHash = founder.kind === "new" ? await hashPassword(founder.password) : null;
  try {
    const started = await db.transaction(async (tx): Promise<StartResult> => {
      if (await getTenantBySlug(tx, { slug: organisation.slug })) return { ok: false, field: "slug", error: SLUG_TAKEN };
      let userId: string;
      if (founder.kind === "new") {
        if (await getUserByEmail(tx, { email: founder.email })) {
          return { ok: false, field: "email", error: EMAIL_TAKEN };
        }
        userId = (await createUser(tx, { email: founder.email, name: founder.name, passwordHash })).id;
        await issueEmailVerification(tx, { userId, email: founder.email, sender: organisation.organisationName });
      } else {
        userId = founder.userId;
      }
      const tenant = await createTenant(tx, { slug: organisation.slug, name: organisation.organisationName });
      await addMembership(tx, { tenantId: tenant.id, userId, role: "ROLE_CLIENT_ADMIN" });
      // No actor on the first history line: the console shows operators' names, never a tenant's people.
      await insertTenantStatusChange(tx, { tenantId: tenant.id, status: "active", reason: "Signed up", actorUserId: null });
      await recordAudit(tx, { tenantId: tenant.id, actorUserId: userId, action: "organisation.created", target: tenant.id, fields: ["name", "slug"] });
      return { ok: true, tenant: { id: tenant.id, slug: tenant.slug } };
    });
    if (started.ok && founder.kind === "new") await nudgeMailRelay();
    return started;
  } catch (error) {
    // Lost a race for the slug or the e-mail: the transaction rolled back, nothing half-made remains.
    const field = uniqueViolation(error);
    if (field) return { ok: false, field, error: field === "email" ? EMAIL_TAKEN : SLUG_TAKEN };
    throw error;
  }
}
