export type GrantState = "Active" | "Ended" | "Revoked";

/** The same rule as resolveAccess's grant filter, for labelling history rows. */
export function labelGrants<T extends { revokedAt: Date | null; endsAt: Date | null }>(grants: T[], now = new Date()): (T & { state: GrantState })[] {
  return grants.map((g) => ({ ...g, state: g.revokedAt ? "Revoked" : g.endsAt && g.endsAt.getTime() <= now.getTime() ? "Ended" : "Active" }));
}
