// The demo's history is generated in the past, so every clock in THIS process — the in-process
// Stripe emulator's, the portal code's, the embedded database's (PGlite reads JavaScript's clock) —
// is moved to the simulated day together, like a Stripe test clock for the whole local world:
// objects, events and signatures are dated that day, and the ingest's ordering rules (a same-second
// tie settled by a copy retrieved "now", lib/webhooks/ordering.ts) see one consistent time.
// Only `scripts/demo.ts` uses it, before `next start` runs (in its own process, in the present).
const RealDate = Date;
let shiftMs = 0;

class ShiftedDate extends RealDate {
  constructor(...args: ConstructorParameters<DateConstructor> | []) {
    if (args.length === 0) super(RealDate.now() + shiftMs);
    else super(...(args as ConstructorParameters<DateConstructor>));
  }

  static override now(): number {
    return RealDate.now() + shiftMs;
  }
}

/** Moves this process's clock to `unixSeconds` (forward or back). */
export function travelTo(unixSeconds: number): void {
  shiftMs = unixSeconds * 1000 - RealDate.now();
  globalThis.Date = ShiftedDate as DateConstructor;
}

/** Back to the real present. */
export function backToPresent(): void {
  shiftMs = 0;
  globalThis.Date = RealDate;
}
