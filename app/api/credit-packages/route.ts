import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import { DomainError } from "@/lib/errors/domain-error";
import { handleError } from "@/lib/api/handler";
import { loadPublicCreditPackages } from "@/lib/credits/public-credit-packages";

/**
 * GET /api/credit-packages?tenant=<slug> — PUBLIC (seed 002): no sign-in, the tenant is named by its
 * slug in the `tenant` query parameter (or an `X-Tenant` header). Lists what a member can buy, never
 * who bought it. `checkout_path` is the page a signed-in member pays on.
 */
export async function GET(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-request-id") ?? randomUUID();
  try {
    const slug = request.headers.get("x-tenant") ?? new URL(request.url).searchParams.get("tenant");
    if (!slug) throw new DomainError("bad_request", "Name the tenant with ?tenant=<slug> (or an X-Tenant header).", "tenant");
    const found = await loadPublicCreditPackages(await getDb(), { slug });
    if (!found) throw new DomainError("not_found", "No such tenant.", "tenant");
    const { tenant, packages } = found;
    return Response.json(
      {
        object: "list",
        tenant: { slug: tenant.slug, name: tenant.name },
        data: packages.map((p) => ({
          object: "credit_package",
          price_id: p.priceId,
          name: p.name,
          nickname: p.nickname,
          description: p.description,
          amount: p.amount,
          currency: p.currency,
          credits: p.credits,
          checkout_path: `/${tenant.slug}/billing/pay/${p.priceId}`,
        })),
      },
      { headers: { "cache-control": "public, max-age=60" } },
    );
  } catch (error) {
    return handleError(error, requestId);
  }
}
