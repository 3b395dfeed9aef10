import { notFound } from "next/navigation";
import { connection } from "next/server";
import { requireUser } from "@/lib/auth/session";

/**
 * The reference of `npm run bench:pages`: a page of the same build that only authenticates (session
 * cookie, user row) and renders an empty body, so each real page's throughput is read as a share of
 * what the framework itself allows on this machine. A 404 unless the server runs with
 * BENCH_REFERENCE_PAGE=1 (the benchmark sets it).
 */
export default async function BenchReferencePage() {
  await connection();
  if (process.env.BENCH_REFERENCE_PAGE !== "1") notFound();
  await requireUser();
  return <main />;
}
