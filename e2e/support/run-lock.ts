import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const LOCK = path.join(os.tmpdir(), "memberpulse-e2e.lock");

function holderAlive(): boolean {
  try {
    const pid = Number(readFileSync(LOCK, "utf8"));
    if (!pid) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One e2e run at a time on this machine: runs share ports and the `.next-e2e` build folder.
 * Taken synchronously when the Playwright runner loads its config; released when it exits.
 */
export function takeE2eRunLock() {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const giveUpAt = Date.now() + Number(process.env.E2E_LOCK_WAIT_MS ?? 20 * 60 * 1000);
  let announced = false;
  for (;;) {
    if (Date.now() > giveUpAt) throw new Error(`[e2e] gave up waiting for ${LOCK} (held by another e2e run); remove it if no run is active.`);
    try {
      const fd = openSync(LOCK, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      process.once("exit", () => rmSync(LOCK, { force: true }));
      return;
    } catch {
      if (!holderAlive()) {
        rmSync(LOCK, { force: true });
        continue;
      }
      if (!announced) console.log(`[e2e] another e2e run holds ${LOCK}; waiting for it to finish…`);
      announced = true;
      Atomics.wait(sleeper, 0, 0, 1000);
    }
  }
}
