import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RESERVED_SLUGS, slugSchema } from "@/lib/tenants/slug";
import { suggestSlug } from "@/lib/tenants/suggest-slug";

const APP = path.resolve(__dirname, "../../app");

describe("organisation slugs", () => {
  it("every top-level route under app/ is reserved, so no organisation can shadow it", () => {
    const topLevel = readdirSync(APP, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !/^[[(]/.test(e.name))
      .map((e) => e.name);
    expect(topLevel.length).toBeGreaterThan(3);
    for (const name of topLevel) expect(RESERVED_SLUGS.has(name), `app/${name} is not in RESERVED_SLUGS`).toBe(true);
  });

  it.each([
    ["acme", true],
    ["north-side-5", true],
    ["  Acme-Club ", true], // trimmed and lowercased
    ["ab", false],
    ["-acme", false],
    ["acme-", false],
    ["ac--me", false],
    ["acme_club", false],
    ["a".repeat(41), false],
    ["platform", false],
    ["start", false],
    ["sign-in", false],
    ["api", false],
  ])("%j valid: %s", (slug, valid) => {
    expect(slugSchema.safeParse(slug).success).toBe(valid);
  });

  it("says why a reserved word is refused", () => {
    const result = slugSchema.safeParse("admin");
    expect(result.success ? "" : result.error.issues[0]?.message).toMatch(/reserved/);
  });

  it("suggests a slug from a name", () => {
    expect(suggestSlug("Northside Rowing Club!")).toBe("northside-rowing-club");
    expect(suggestSlug("  Café Créme  ")).toBe("cafe-creme");
    expect(suggestSlug("x".repeat(60))).toHaveLength(40);
  });
});
