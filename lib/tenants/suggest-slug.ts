// No zod here: the sign-up form imports this in the browser to fill in the address as people type.
/** The longest slug (lib/tenants/slug.ts validates the rest). */
export const SLUG_MAX = 40;

/** A slug suggested from an organisation's name ("Northside Rowing Club!" → "northside-rowing-club"). */
export function suggestSlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/g, "");
}
