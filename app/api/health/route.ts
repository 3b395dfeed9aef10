import { sql } from "drizzle-orm";
import { getDbHandle } from "@/db";
import { logger } from "@/lib/log";

/** For load balancers: 200 when the database answers, 503 when it does not. No secrets, no session. */
export async function GET() {
  try {
    const { db, kind } = await getDbHandle();
    await db.execute(sql`select 1`);
    return Response.json({ status: "ok", database: { reachable: true, kind } }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    logger.error("health.db_unreachable", { error });
    return Response.json({ status: "error", database: { reachable: false } }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
