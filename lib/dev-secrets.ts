import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataRoot } from "@/db/data-dir";

/**
 * Development-only secrets, generated once and kept in the data folder so that sessions and
 * encrypted settings survive a restart (and the proxy and the app, which load this module
 * separately, agree). Never used when NODE_ENV=production.
 */
export function devSecret(name: "AUTH_SECRET" | "APP_ENCRYPTION_KEY"): string {
  const file = path.join(dataRoot(), "dev-secrets.json");
  let stored: Record<string, string> = {};
  try {
    stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  } catch {
    // first start: nothing stored yet
  }
  const existing = stored[name];
  if (existing) return existing;
  const value = randomBytes(32).toString("base64");
  stored[name] = value;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return value;
}
