import { getDbHandle } from "@/db";
import type { Db, DbHandle } from "@/db/client";
import { logger } from "@/lib/log";

/**
 * Admission gate for Stripe deliveries. postgres.js has no acquire timeout: a query that finds every
 * pooled connection busy waits in its queue for as long as it takes. So each process admits at most
 * as many deliveries at once as its pool has connections; the others queue here, first come first
 * served, and one that has not been admitted within the deadline is answered 503 with Retry-After —
 * Stripe retries it later — instead of waiting without bound while Stripe's own timeout runs out.
 *
 * The same wrapper answers 503 (JSON error, logged without SQL values) for anything the delivery
 * throws: database down, connection terminated, statement timeout. The delivery's transaction has
 * rolled back by then, so Stripe's retry finds it not done and records it once.
 */
export const DEFAULT_ADMISSION_TIMEOUT_MS = 5_000;
/** Stripe schedules its own retries; this is a hint for other senders and for people reading logs. */
const RETRY_AFTER_SECONDS = "5";

export class AdmissionGate {
  private active = 0;
  private readonly waiting: { admit: () => void; expired: boolean }[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly timeoutMs: number,
  ) {
    if (!(limit >= 1)) throw new Error(`AdmissionGate: limit must be at least 1, got ${limit}`);
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    let n = 0;
    for (let i = this.head; i < this.waiting.length; i++) if (!this.waiting[i]!.expired) n++;
    return n;
  }

  /** Admits at once when a slot is free and nobody is queued (no promise on the common path). */
  tryEnter(): boolean {
    if (this.active < this.limit && this.head === this.waiting.length) {
      this.active++;
      return true;
    }
    return false;
  }

  /** Queues for a slot: true once admitted (call `release()` when done), false when the deadline passed first. */
  wait(): Promise<boolean> {
    if (this.tryEnter()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const entry = {
        expired: false,
        admit: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        entry.expired = true;
        resolve(false);
      }, this.timeoutMs);
      this.waiting.push(entry);
    });
  }

  /** Frees a slot, handing it straight to the oldest waiter that is still waiting. */
  release(): void {
    while (this.head < this.waiting.length) {
      const next = this.waiting[this.head++]!;
      if (next.expired) continue;
      this.compact();
      next.admit(); // the slot passes on: `active` stays as it is
      return;
    }
    this.compact();
    this.active--;
  }

  private compact() {
    if (this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
    } else if (this.head > 1024) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** WEBHOOK_ADMISSION_TIMEOUT_MS: how long a delivery may queue for a slot (default 5 s). */
export function admissionTimeoutFromEnv(source: Record<string, string | undefined> = process.env): number {
  const raw = source.WEBHOOK_ADMISSION_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_ADMISSION_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`WEBHOOK_ADMISSION_TIMEOUT_MS must be a whole number of milliseconds, got "${raw}".`);
  return value;
}

// One gate per database handle (one pool per process; tests open others), sized by its pool. On
// globalThis: Next bundles instrumentation.ts (the webhook lane) apart from the route handlers, and
// each bundle has its own copy of this module; both must count against the same pool.
const g = globalThis as typeof globalThis & { __memberpulseAdmissionGates?: WeakMap<DbHandle, AdmissionGate> };
const gates = (g.__memberpulseAdmissionGates ??= new WeakMap<DbHandle, AdmissionGate>());

/**
 * Deliveries admitted at once: the pool less two connections, so that a burst of deliveries (a
 * thousand renewals paid at the same moment) never takes every connection — pages, health checks
 * and the members paying right now still get one. A pool of one or two admits one delivery.
 */
export function deliverySlots(poolSize: number): number {
  return Math.max(1, poolSize - 2);
}

export function gateFor(handle: DbHandle): AdmissionGate {
  let gate = gates.get(handle);
  if (!gate) {
    gate = new AdmissionGate(deliverySlots(handle.poolSize), admissionTimeoutFromEnv());
    gates.set(handle, gate);
  }
  return gate;
}

function unavailable(message: string): Response {
  return Response.json(
    { error: { code: "unavailable", message } },
    { status: 503, headers: { "cache-control": "no-store", "retry-after": RETRY_AFTER_SECONDS } },
  );
}

/**
 * Runs one delivery through the gate of the app's database. Never throws: whatever goes wrong is
 * logged (through lib/log.ts, which leaves out SQL values) and answered 503.
 */
export async function admitWebhook(
  scope: { tenantId: string; mode: string },
  deliver: (db: Db) => Promise<Response>,
  opts: { handle?: () => Promise<DbHandle> } = {},
): Promise<Response> {
  let handle: DbHandle;
  try {
    handle = await (opts.handle ?? getDbHandle)();
  } catch (error) {
    logger.error("webhook.database_unavailable", { tenantId: scope.tenantId, mode: scope.mode, error });
    return unavailable("The database is unavailable; the delivery will be retried.");
  }
  const gate = gateFor(handle);
  if (!gate.tryEnter() && !(await gate.wait())) {
    logger.warn("webhook.busy", { tenantId: scope.tenantId, mode: scope.mode, inFlight: gate.inFlight, queued: gate.queued, waitedMs: gate.timeoutMs });
    return unavailable("Too many deliveries in progress; the delivery will be retried.");
  }
  try {
    return await deliver(handle.db);
  } catch (error) {
    logger.error("webhook.delivery_failed", { tenantId: scope.tenantId, mode: scope.mode, error });
    return unavailable("The delivery could not be recorded now; it will be retried.");
  } finally {
    gate.release();
  }
}
