import { createHash, randomBytes } from "node:crypto";

/** `mpk_` + 256 random bits: high entropy, so a fast hash (SHA-256) is enough to store it. */
export function generateApiKeyToken(): { token: string; prefix: string; tokenHash: string } {
  const token = `mpk_${randomBytes(32).toString("base64url")}`;
  return { token, prefix: token.slice(0, 12), tokenHash: hashApiKeyToken(token) };
}

export function hashApiKeyToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The token from `Authorization: Bearer mpk_…`, or null when the header is absent. */
export function bearerTokenOf(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? "";
}
