import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import { DomainError } from "@/lib/errors/domain-error";
import { PRIVATE_NO_STORE } from "@/lib/api/errors";
import { handleError } from "@/lib/api/handler";
import { currentUser } from "@/lib/auth/session";
import { listPortalsOfUser } from "@/lib/members/member-directory";

/** The signed-in user and the tenants they belong to, with their role in each. */
export async function GET(request: Request) {
  const requestId = request.headers.get("x-request-id") ?? randomUUID();
  try {
    const user = await currentUser();
    if (!user) throw new DomainError("unauthorized", "Sign in to use this endpoint.");
    const memberships = await listPortalsOfUser(await getDb(), { userId: user.id });
    return Response.json(
      { user, memberships: memberships.map((m) => ({ role: m.role, tenant: { slug: m.tenant.slug, name: m.tenant.name } })) },
      { headers: { "cache-control": PRIVATE_NO_STORE } },
    );
  } catch (error) {
    return handleError(error, requestId);
  }
}
