import { z } from "zod";
import { withTenant } from "@/lib/api/handler";
import { creditsSubject } from "@/lib/credits/credits-subject";
import { readLedgerPage, toApiEntry } from "@/lib/credits/ledger-page";

const query = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(300).optional(),
  member: z.string().max(100).optional(),
});

/** GET /api/credits/ledger?tenant=acme[&limit=25&cursor=…&member=<userId> (admins)] — newest first, keyset-paginated. */
export const GET = withTenant(
  async ({ db, tenant, userId, role, request }) => {
    const q = query.parse(Object.fromEntries(new URL(request.url).searchParams));
    const member = await creditsSubject(db, { tenantId: tenant.id, userId, role }, q.member ?? null);
    const page = await readLedgerPage(db, { tenantId: tenant.id, userId: member, cursor: q.cursor, limit: q.limit });
    return Response.json({ object: "list", data: page.entries.map(toApiEntry), next_cursor: page.nextCursor, has_more: page.nextCursor !== null });
  },
  { permission: "credits.view" },
);
