import { and, asc, desc, eq, gt, ilike, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, users } from "../schema";

export type MemberSort = "email" | "newest";
export type MemberCursor = { key: string; userId: string };

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const joinedMs = sql<string>`to_char(${memberships.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

/**
 * One page of a tenant's members, searched by name or e-mail (contains, case-insensitive), keyset-
 * paginated on the sort key and the user id: by e-mail A→Z, or newest member first.
 */
export async function listMembersPage(db: Db, { tenantId, search, sort, after, limit }: { tenantId: string; search?: string; sort: MemberSort; after?: MemberCursor; limit: number }) {
  const text = search?.trim();
  const key = sort === "email" ? users.email : joinedMs;
  const keyset = after
    ? sort === "email"
      ? or(gt(users.email, after.key), and(eq(users.email, after.key), gt(users.id, after.userId)))
      : or(lt(joinedMs, after.key), and(eq(joinedMs, after.key), lt(users.id, after.userId)))
    : undefined;
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt, key })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), text ? or(ilike(users.email, likePattern(text)), ilike(users.name, likePattern(text))) : undefined, keyset))
    .orderBy(...(sort === "email" ? [asc(users.email), asc(users.id)] : [desc(joinedMs), desc(users.id)]))
    .limit(limit);
}
