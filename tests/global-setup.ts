import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDb } from "../db/client";
import { migrate } from "../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** A freshly created, migrated Postgres database for this run, or "" to use in-memory PGlite. */
    databaseUrl: string;
  }
}

import { DEFAULT_ADMIN_URL } from "./admin-url";

/**
 * Creates one throwaway Postgres database per run from TEST_DATABASE_URL (an admin connection),
 * migrates it, and drops it afterwards. With no Postgres reachable the tests fall back to
 * in-memory PGlite (same migrations), so `npm test` still passes on a bare machine; CI sets
 * REQUIRE_POSTGRES=1 so that fallback can never hide a missing database there.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => {});
    if (process.env.REQUIRE_POSTGRES) throw new Error(`Postgres is required but unreachable at ${adminUrl}: ${(error as Error).message}`);
    console.warn(`[tests] Postgres unreachable at ${adminUrl}; running on in-memory PGlite instead.`);
    project.provide("databaseUrl", "");
    return;
  }
  const name = `memberpulse_test_${process.pid}_${Date.now().toString(36)}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString() });
  await migrate(handle);
  await handle.close();
  project.provide("databaseUrl", url.toString());
  console.log(`[tests] Postgres database ${name} created at ${url.host}`);
  return async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  };
}
