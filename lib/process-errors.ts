import { installConsoleRedaction, logger } from "@/lib/log";

/**
 * Process-wide error reporting for the server (installed from instrumentation.ts):
 * - console output: errors that Next.js prints itself lose their SQL values (lib/log.ts);
 * - unhandledRejection: logged through the redacting logger; the process keeps running, as under
 *   Next.js's own handler;
 * - uncaughtException: logged through the redacting logger, then the process exits with code 1 as
 *   Node does by default — state may be inconsistent after an exception nobody caught — except for
 *   the known postgres.js fault below, which is logged and survived.
 */
export function installProcessErrorLogging(): void {
  const g = globalThis as { __memberpulseProcessErrors?: true };
  if (g.__memberpulseProcessErrors) return;
  g.__memberpulseProcessErrors = true;
  installConsoleRedaction();
  process.on("unhandledRejection", (reason) => {
    logger.error("process.unhandled_rejection", { error: reason });
  });
  process.on("uncaughtException", (error, origin) => {
    if (isPostgresNullSocketFault(error)) {
      logger.error("db.driver_fault", {
        message: "postgres.js wrote to a connection the server had closed; the process keeps running. Is scripts/patch-postgres.mjs applied (npm install runs it)?",
        error,
      });
      return;
    }
    logger.error("process.uncaught_exception", { origin, error });
    process.exit(1);
  });
}

/**
 * postgres.js ≤ 3.4.9 (porsager/postgres#1154, #1208): `nextWrite` runs `socket.write` from a
 * setImmediate after the server closed the connection, so `socket` is null. scripts/patch-postgres.mjs
 * fixes it at install time, and the failed query is rejected there; this only keeps an unpatched
 * install (npm install --ignore-scripts) from losing the whole process to it. Recognised by its
 * message and by coming from an immediate callback, since a bundled, minified server has neither the
 * file name nor the function name in the stack.
 */
export function isPostgresNullSocketFault(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  if (!/^Cannot read properties of null \(reading 'write'\)$/.test(error.message)) return false;
  const stack = error.stack ?? "";
  return /postgres[\\/](?:cjs[\\/])?src[\\/]connection\.js/.test(stack) || /\bnextWrite\b/.test(stack) || /processImmediate/.test(stack);
}
