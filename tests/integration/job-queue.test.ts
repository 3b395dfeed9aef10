// @requires-postgres: two app instances, each with its own pool and its own pg-boss.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { usePrivatePostgres } from "../helpers/private-db";
import { eventually } from "../helpers/smtp-catcher";

let bosses: JobQueue[] = [];

beforeAll(async () => {
  const db = await usePrivatePostgres();
  bosses = [await openJobQueue(db.handle), await openJobQueue(await db.open())];
});

afterAll(async () => {
  for (const boss of bosses) await boss.stop({ graceful: false, timeout: 1000 });
});

describe("pg-boss on Postgres, two instances", () => {
  it("hands each of 300 jobs to exactly one worker of the two processes", async () => {
    const queue = "test.exactly-once";
    const [a, b] = bosses as [JobQueue, JobQueue];
    await a.createQueue(queue);
    const seen = new Map<string, number>();
    const byInstance = [0, 0];
    for (const [i, boss] of [a, b].entries()) {
      await boss.work<{ n: number }>(queue, { pollingIntervalSeconds: 0.5, batchSize: 5, localConcurrency: 2 }, async (jobs) => {
        for (const job of jobs) {
          seen.set(job.data.n.toString(), (seen.get(job.data.n.toString()) ?? 0) + 1);
          byInstance[i]!++;
          // A little work, so both instances' fetches overlap.
          await new Promise((r) => setTimeout(r, 2));
        }
      });
    }
    await a.insert(
      queue,
      Array.from({ length: 300 }, (_, n) => ({ data: { n } })),
    );
    await eventually(() => seen.size === 300, { timeoutMs: 30_000, what: "300 jobs" });
    await new Promise((r) => setTimeout(r, 1000));
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(byInstance[0]! + byInstance[1]!).toBe(300);
    expect(byInstance[0]).toBeGreaterThan(0);
    expect(byInstance[1]).toBeGreaterThan(0);
  });

  it("retries a failing job with growing delays, and keeps one that never succeeds visible as failed", async () => {
    const [a] = bosses as [JobQueue];
    await a.createQueue("test.retry", { retryLimit: 3, retryDelay: 1, retryBackoff: true });
    const attempts: number[] = [];
    await a.work("test.retry", { pollingIntervalSeconds: 0.5 }, async () => {
      attempts.push(Date.now());
      if (attempts.length < 3) throw new Error(`attempt ${attempts.length} fails`);
    });
    const id = await a.send("test.retry", {});
    await eventually(async () => (await a.getJobById("test.retry", id!))?.state === "completed", { timeoutMs: 30_000, what: "the retried job to complete" });
    expect(attempts).toHaveLength(3);
    // Each retry waits at least the base delay (1 s; pg-boss doubles it with jitter per attempt).
    const waits = [attempts[1]! - attempts[0]!, attempts[2]! - attempts[1]!];
    expect(waits[0]).toBeGreaterThanOrEqual(900);
    expect(waits[1]).toBeGreaterThanOrEqual(900);

    await a.createQueue("test.dead", { retryLimit: 1, retryDelay: 1 });
    await a.work("test.dead", { pollingIntervalSeconds: 0.5 }, async () => {
      throw new Error("always fails");
    });
    const dead = await a.send("test.dead", {});
    await eventually(async () => (await a.getJobById("test.dead", dead!))?.state === "failed", { timeoutMs: 30_000, what: "the job to fail for good" });
    const job = await a.getJobById("test.dead", dead!);
    expect(job?.retryCount).toBe(1);
    expect(JSON.stringify(job?.output)).toContain("always fails");
  });
});
