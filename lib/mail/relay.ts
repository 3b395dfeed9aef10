import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { claimMailForJob, listUnqueuedMail } from "@/db/queries/mail-outbox";
import { inTransaction, type JobQueue } from "@/lib/jobs/job-queue";
import { QUEUES } from "@/lib/jobs/queues";

const BATCH = 100;

/**
 * Gives every outbox row without a job its one `mail.send` job. Per row, one short transaction sets
 * the row's job id (only if it has none) and creates the job with that id through pg-boss's
 * transaction adapter: a row gets exactly one job, however many relays run at once, and a crash in
 * between leaves neither. Answers how many jobs it created.
 */
export async function relayPendingMail(db: Db, boss: JobQueue): Promise<number> {
  // pg-boss looks a queue up in its own cache, and on a miss queries on its own connection. Inside
  // our transaction on the embedded database (one connection) that query would wait for the very
  // transaction that waits for it, so fill the cache first, outside any transaction.
  await boss.getJobById(QUEUES.mailSend, randomUUID());
  let created = 0;
  for (;;) {
    const ids = await listUnqueuedMail(db, { limit: BATCH });
    for (const id of ids) {
      const jobId = randomUUID();
      const made = await db.transaction(async (tx) => {
        if (!(await claimMailForJob(tx, { id, jobId }))) return false;
        await boss.send(QUEUES.mailSend, { outboxId: id }, { id: jobId, db: inTransaction(tx) });
        return true;
      });
      if (made) created++;
    }
    if (ids.length < BATCH) return created;
  }
}
