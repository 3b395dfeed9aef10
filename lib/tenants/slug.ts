import { z } from "zod";
import { SLUG_MAX } from "./suggest-slug";

/**
 * Words an organisation cannot take as its URL slug, because `/{slug}` would collide with a page of
 * the portal itself or read as one. Every top-level folder under app/ must be here
 * (tests/unit/tenant-slug.test.ts reads app/ and fails otherwise), plus names kept for later.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  // top-level routes today
  "api",
  "bench-reference",
  "forgot-password",
  "invite",
  "platform",
  "reset-password",
  "sign-in",
  "sign-out",
  "start",
  "unsubscribe",
  "verify-email",
  // Next.js and static files
  "_next",
  "static",
  "public",
  "assets",
  "favicon",
  "robots",
  "sitemap",
  // names people would mistake for the portal's own pages
  "admin",
  "app",
  "auth",
  "account",
  "billing",
  "dashboard",
  "demo",
  "docs",
  "help",
  "join",
  "login",
  "logout",
  "memberpulse",
  "new",
  "operator",
  "pricing",
  "privacy",
  "register",
  "settings",
  "signin",
  "signup",
  "sign-up",
  "status",
  "support",
  "terms",
  "webhooks",
  "www",
]);

export const SLUG_MIN = 3;

/** Lowercase letters, digits and single hyphens inside: `acme`, `north-side-5`. */
export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(SLUG_MIN, `Use at least ${SLUG_MIN} characters.`)
  .max(SLUG_MAX, `Use at most ${SLUG_MAX} characters.`)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens, starting and ending with a letter or digit.")
  .refine((s) => !RESERVED_SLUGS.has(s), "This address is reserved by MemberPulse: choose another.");
