import { env } from "@/lib/env";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Cookie-authenticated writes must come from our own pages (CSRF): compare Origin with APP_URL or Host. */
export function originAllowed(request: Request): boolean {
  if (!UNSAFE.has(request.method)) return true;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const allowed = new Set([new URL(env().APP_URL).origin]);
  // X-Forwarded-* are only believed behind a configured proxy (TRUSTED_PROXY_HOPS), like the client address.
  const behindProxy = env().TRUSTED_PROXY_HOPS > 0;
  const host = (behindProxy ? request.headers.get("x-forwarded-host") : null) ?? request.headers.get("host");
  if (host) {
    const proto = (behindProxy ? request.headers.get("x-forwarded-proto") : null) ?? new URL(request.url).protocol.replace(":", "");
    allowed.add(`${proto}://${host}`);
  }
  return allowed.has(origin);
}

