import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PAGE_ROUTES } from "@/e2e/support/page-routes";

const ROOT = path.resolve(__dirname, "../..");

/** "/[tenant]/billing/history" for app/[tenant]/(portal)/billing/history/page.tsx (route groups vanish from URLs). */
function pageRoutes(dir = path.join(ROOT, "app"), prefix = ""): string[] {
  const routes: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === "page.tsx") routes.push(prefix || "/");
    if (entry.isDirectory() && entry.name !== "api") {
      const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
      routes.push(...pageRoutes(path.join(dir, entry.name), prefix + segment));
    }
  }
  return routes;
}

describe("every page is either in the accessibility audit or listed with a reason", () => {
  it("no page under app/ is missing from e2e/support/page-routes.ts, and none listed there is gone", () => {
    const actual = pageRoutes().sort();
    expect(Object.keys(PAGE_ROUTES).sort()).toEqual(actual);
  });

  it("every route marked audited is visited by an axe audit", () => {
    const e2e = path.join(ROOT, "e2e");
    const a11ySpec = readFileSync(path.join(e2e, "a11y.spec.ts"), "utf8");
    // Specs that run axe label each audit with the route itself: "/[tenant]/billing/pay/[priceId]", or "… (state)".
    const axeSpecs = readdirSync(e2e)
      .filter((f) => f.endsWith(".spec.ts"))
      .map((f) => readFileSync(path.join(e2e, f), "utf8"))
      .filter((text) => text.includes('from "./support/axe"'));
    // e2e/a11y.spec.ts lists the demo tenant's pages by their path after the tenant; its two id routes are discovered at run time.
    const dynamic: Record<string, string> = { "/[tenant]/admin/members/[memberId]": '"Member"', "/[tenant]/admin/catalog/[productId]": '"Product"' };
    for (const [route, entry] of Object.entries(PAGE_ROUTES)) {
      if (!entry.audited) continue;
      const byLabel = axeSpecs.some((text) => text.includes(`"${route}"`) || text.includes(`"${route} (`));
      const inDemoAudit = route.startsWith("/[tenant]") && a11ySpec.includes(dynamic[route] ?? `"${route.replace("/[tenant]", "")}"`);
      expect(byLabel || inDemoAudit, `${route} is marked audited but no axe audit in e2e/ is labelled with it`).toBe(true);
    }
  });
});
