import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { openDb, type DbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";

/**
 * A Postgres database of this file's own, next to the run's (tests/global-setup.ts), migrated and
 * dropped after the file. For job-queue tests: the relay sends every pending mail in its database,
 * so sharing the run's database would mail whatever other files left in the outbox.
 * `open()` gives one more handle on it: a second app instance with its own pool.
 */
export async function usePrivatePostgres() {
  const runUrl = inject("databaseUrl");
  if (!runUrl) throw new Error("This suite needs Postgres (it is marked @requires-postgres).");
  const url = new URL(runUrl);
  const name = `${url.pathname.slice(1)}_${randomUUID().slice(0, 8)}`;
  const admin = postgres(runUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  url.pathname = `/${name}`;
  const handles: DbHandle[] = [];
  const open = async () => {
    const handle = await openDb({ url: url.toString() });
    handles.push(handle);
    return handle;
  };
  const first = await open();
  await migrate(first);
  afterAll(async () => {
    for (const handle of handles) await handle.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  });
  return { url: url.toString(), handle: first, open };
}
