/**
 * Structured JSON logs, one line per entry. Anything that looks like a Stripe secret, a card
 * number or a password field is masked before it is written, as a last line of defence; so are the
 * bound values of a failed SQL statement (see `scrubParams`).
 */
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_PATTERN = /\b((?:sk|rk)_(?:test|live)_|whsec_)[A-Za-z0-9]+/g;
const CARD_PATTERN = /\b\d{13,19}\b/g;
const SENSITIVE_KEYS = /password|secret|authorization|cookie|card|cvc|token/i;

/**
 * Drizzle wraps every driver error as `Failed query: <sql>\nparams: <values>`, and the values are
 * whole rows: event payloads with customers' e-mail addresses, encrypted secrets, password hashes.
 * The SQL (with $1… placeholders) is worth keeping; the values never reach a log. In a stack the
 * values end where the first frame starts; in a message, at its end.
 */
const PARAMS_MARK = "\nparams: ";
const PARAMS_PATTERN = /\nparams: [\s\S]*?(?=\n {4}at |$)/g;
const PARAMS_REDACTED = "\nparams: [redacted]";

export function scrubParams(text: string): string {
  return text.includes(PARAMS_MARK) ? text.replace(PARAMS_PATTERN, PARAMS_REDACTED) : text;
}

function maskString(text: string): string {
  return scrubParams(text)
    .replace(SECRET_PATTERN, (_m, prefix: string) => `${prefix}[redacted]`)
    .replace(CARD_PATTERN, "[redacted]");
}

/**
 * Fields of an error worth logging besides name, message and stack: codes only. Everything else an
 * error carries is left out on purpose — Drizzle's `params`, postgres.js's `parameters` / `args` /
 * `query`, and a Postgres error's `detail` / `where`, which quote row values ("Failing row contains
 * (…)", "Key (email)=(…) already exists").
 */
const ERROR_FIELDS = ["code", "severity", "routine", "constraint_name", "table_name", "column_name", "schema_name", "digest", "type", "statusCode", "requestId"] as const;
const MAX_CAUSES = 5;

/** An error's message without bound SQL values; its stack with the same message. */
function scrubbedMessageAndStack(error: Error): { message: string; stack?: string } {
  const message = scrubParams(String(error.message ?? ""));
  let stack = typeof error.stack === "string" ? error.stack : undefined;
  if (stack && message !== error.message) {
    // The stack starts with "<name>: <message>": replace that exact text, which holds even when
    // the values themselves contain something that looks like a stack frame.
    const at = stack.indexOf(error.message);
    if (at >= 0) stack = stack.slice(0, at) + message + stack.slice(at + error.message.length);
  }
  return { message, stack: stack && scrubParams(stack) };
}

/** A plain, log-safe copy of an error and its `cause` chain. */
export function serializeError(error: Error, seen: Set<unknown> = new Set()): Record<string, unknown> {
  seen.add(error);
  const { message, stack } = scrubbedMessageAndStack(error);
  const out: Record<string, unknown> = { name: error.name, message: maskString(message) };
  const fields = error as unknown as Record<string, unknown>;
  for (const key of ERROR_FIELDS) {
    const v = fields[key];
    if (typeof v === "string" || typeof v === "number") out[key] = typeof v === "string" ? maskString(v) : v;
  }
  if (stack) out.stack = maskString(stack);
  const cause = error.cause;
  if (cause !== undefined && !seen.has(cause)) {
    if (seen.size > MAX_CAUSES) out.cause = "[truncated]";
    else out.cause = cause instanceof Error ? serializeError(cause, seen) : redact(cause);
  }
  return out;
}

export function redact(value: unknown): unknown {
  if (typeof value === "string") return maskString(value);
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Error) return serializeError(value);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_KEYS.test(k) ? "[redacted]" : redact(v);
    return out;
  }
  return value;
}

function write(level: Level, event: string, fields: Record<string, unknown> = {}) {
  const min = (process.env.LOG_LEVEL as Level | undefined) ?? "info";
  if (ORDER[level] < (ORDER[min] ?? 20)) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...(redact(fields) as object) });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const logger = {
  debug: (event: string, fields?: Record<string, unknown>) => write("debug", event, fields),
  info: (event: string, fields?: Record<string, unknown>) => write("info", event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write("warn", event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write("error", event, fields),
};

/** True when an error (or one in its cause chain) carries bound SQL values. */
function carriesParams(error: Error, depth = 0): boolean {
  if (depth > MAX_CAUSES) return false;
  const fields = error as unknown as Record<string, unknown>;
  if (String(error.message ?? "").includes(PARAMS_MARK) || "params" in fields || "parameters" in fields) return true;
  return error.cause instanceof Error && carriesParams(error.cause, depth + 1);
}

/**
 * An Error that prints like the original (name, message, stack, codes, cause chain) without the SQL
 * values: what `console.error(error)` shows in place of an error that carries them.
 */
function printableCopy(error: Error, depth = 0): Error {
  const { message, stack } = scrubbedMessageAndStack(error);
  const copy = new Error(message);
  Object.defineProperty(copy, "name", { value: error.name, enumerable: false, configurable: true, writable: true });
  Object.defineProperty(copy, "stack", { value: stack ?? `${error.name}: ${message}`, enumerable: false, configurable: true, writable: true });
  const fields = error as unknown as Record<string, unknown>;
  for (const key of ERROR_FIELDS) if (typeof fields[key] === "string" || typeof fields[key] === "number") (copy as unknown as Record<string, unknown>)[key] = fields[key];
  if (error.cause instanceof Error && depth < MAX_CAUSES) copy.cause = printableCopy(error.cause, depth + 1);
  return copy;
}

const CONSOLE_REDACTION = Symbol.for("memberpulse.consoleRedaction");

/**
 * Next.js prints errors it catches itself (a failing page, server action or route handler, and
 * unhandled rejections / uncaught exceptions) with `console.error(error)`, which shows the message
 * and every enumerable field: a Drizzle error's SQL values included. This wraps the console
 * methods so that such an error, or a string with `params: …` in it, is printed without the
 * values. Other arguments pass through untouched. Idempotent.
 */
export function installConsoleRedaction(target: Console = console): void {
  const flagged = target as Console & { [CONSOLE_REDACTION]?: true };
  if (flagged[CONSOLE_REDACTION]) return;
  flagged[CONSOLE_REDACTION] = true;
  for (const method of ["error", "warn", "log", "info", "debug", "trace"] as const) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => {
      let changed: unknown[] | null = null;
      for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        let safe = arg;
        if (arg instanceof Error) safe = carriesParams(arg) ? printableCopy(arg) : arg;
        else if (typeof arg === "string") safe = scrubParams(arg);
        if (safe !== arg) (changed ??= [...args])[i] = safe;
      }
      original(...(changed ?? args));
    };
  }
}
