import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { countRecentFailures, recordLoginAttempt } from "@/db/queries/login-attempts";

const WINDOW_MS = 60 * 60 * 1000;
const MAX_PER_WINDOW = 10;

/**
 * Sign-ups per client address: 10 an hour, shared by every app instance. Reuses the sign-in
 * attempts table under a `join:` key (every sign-up attempt counts, successful or not), so the
 * existing pruning job keeps it small. True when this attempt may proceed.
 */
export async function allowJoinAttempt(db: Db, ip: string): Promise<boolean> {
  const key = `join:${createHash("sha256").update(ip).digest("hex")}`;
  const recent = await countRecentFailures(db, { key, since: new Date(Date.now() - WINDOW_MS) });
  if (recent >= MAX_PER_WINDOW) return false;
  await recordLoginAttempt(db, { key, succeeded: false });
  return true;
}
