import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import type { Role, Tenant } from "@/db/schema";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { bearerTokenOf } from "@/lib/api-keys/api-key-token";
import { can, type Permission } from "@/lib/auth/permissions";
import { currentUser } from "@/lib/auth/session";
import { apiKeyFailed } from "@/lib/auth/throttle";
import { clientAddress } from "@/lib/http/client-address";
import { resolveTenantAccess } from "@/lib/auth/tenant-access";
import { tenantActor, type TenantActor } from "@/lib/auth/tenant-actor";
import { logger } from "@/lib/log";
import { DomainError } from "@/lib/errors/domain-error";
import { errorResponse, fromZodError, PRIVATE_NO_STORE } from "./errors";
import { originAllowed } from "./origin";

export type TenantContext = {
  db: Db;
  request: Request;
  requestId: string;
  userId: string;
  tenant: Tenant;
  role: Role;
  /** Who is acting: the session's user or the API key's creator, with the role it acts with. */
  actor: TenantActor;
  params: Record<string, string>;
  /** Set when the caller authenticated with an API key rather than a session. */
  apiKeyId?: string;
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/** The tenant an API call is about: `X-Tenant: <slug>` header or `?tenant=<slug>`. */
function tenantSlugOf(request: Request): string | null {
  return request.headers.get("x-tenant") ?? new URL(request.url).searchParams.get("tenant");
}

/**
 * Wraps a tenant-scoped route handler: authenticates the session, checks the Origin of writes,
 * resolves tenant + role from the database, checks the permission, and maps every error to the
 * one JSON shape. Unexpected errors are logged with the request id and answered as a generic 500.
 */
export function withTenant(
  handler: (ctx: TenantContext) => Promise<Response>,
  { permission }: { permission: Permission },
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    try {
      requireJsonBody(request);
      const raw = (await context?.params) ?? {};
      const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const bearer = bearerTokenOf(request);
      if (bearer !== null) {
        // API keys are tenant-bound: the key names the tenant; no cookie, so no CSRF Origin check.
        const db = await getDb();
        const key = await authenticateApiKey(db, bearer);
        if (!key) {
          const gate = await apiKeyFailed(db, { address: clientAddress(request.headers) });
          if (!gate.allowed) throw new DomainError("rate_limited", "Too many requests with invalid API keys from your address.", undefined, gate.retryAfterSeconds);
          throw new DomainError("unauthorized", "The API key is invalid or has been revoked.");
        }
        const slug = tenantSlugOf(request);
        if (slug && slug !== key.tenant.slug) throw new DomainError("not_found", "No such tenant.");
        if (!can(key.role, permission)) throw new DomainError("forbidden", "This API key's role does not allow this.");
        const actor = tenantActor(key.tenant, key.userId, key.role, requestId);
        return privateResponse(await handler({ db, request, requestId, userId: key.userId, tenant: key.tenant, role: key.role, actor, params, apiKeyId: key.keyId }));
      }
      const userId = (await currentUser())?.id;
      if (!userId) throw new DomainError("unauthorized", "Sign in, or send an API key, to use this endpoint.");
      if (!originAllowed(request)) throw new DomainError("forbidden", "Cross-site request refused.");
      const slug = tenantSlugOf(request);
      if (!slug) throw new DomainError("bad_request", "Name the tenant with the X-Tenant header or the tenant query parameter.");
      const db = await getDb();
      const access = await resolveTenantAccess(db, { slug, userId, permission });
      if (!access.ok) {
        throw access.status === 403
          ? new DomainError("forbidden", "Your role does not allow this.")
          : new DomainError("not_found", "No such tenant.");
      }
      const actor = tenantActor(access.tenant, userId, access.role, requestId);
      return privateResponse(await handler({ db, request, requestId, userId, tenant: access.tenant, role: access.role, actor, params }));
    } catch (error) {
      return handleError(error, requestId);
    }
  };
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The API speaks JSON only: a write with any other body (a form post, `text/plain` — the shapes a
 * cross-site form can send) is refused with 415 before anything else runs. An empty body needs no type.
 */
function requireJsonBody(request: Request) {
  if (!BODY_METHODS.has(request.method)) return;
  const type = request.headers.get("content-type");
  const hasBody = request.headers.has("transfer-encoding") || Number(request.headers.get("content-length") ?? 0) > 0;
  if (type === null && !hasBody) return;
  if (!/^application\/json\s*(;|$)/i.test(type ?? "")) {
    throw new DomainError("unsupported_media_type", "Send the request body as JSON, with Content-Type: application/json.");
  }
}

/** Every answer of a tenant-scoped route is about its caller: never cached by a browser or proxy. */
function privateResponse(response: Response): Response {
  response.headers.set("cache-control", PRIVATE_NO_STORE);
  return response;
}

export function handleError(error: unknown, requestId: string): Response {
  if (error instanceof DomainError) return errorResponse(error, requestId);
  if (error instanceof z.ZodError) return errorResponse(fromZodError(error), requestId);
  logger.error("api.unhandled", { requestId, error });
  return errorResponse(new DomainError("internal_error", "Something went wrong on our side. Try again; if it keeps happening, quote the request id."), requestId);
}

/** Parses a JSON body with a size limit and a zod schema: 400 for bad JSON, 413 for too big, 422 for invalid. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T, maxBytes = 64 * 1024): Promise<z.infer<T>> {
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new DomainError("payload_too_large", `Request body is larger than ${maxBytes} bytes.`);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new DomainError("bad_request", "Request body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}
