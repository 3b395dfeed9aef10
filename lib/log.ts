/**
 * Structured JSON logs, one line per entry. Anything that looks like a Stripe secret, a card
 * number or a password field is masked before it is written, as a last line of defence.
 */
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_PATTERN = /\b((?:sk|rk)_(?:test|live)_|whsec_)[A-Za-z0-9]+/g;
const CARD_PATTERN = /\b\d{13,19}\b/g;
const SENSITIVE_KEYS = /password|secret|authorization|cookie|card|cvc|token/i;

export function redact(value: unknown): unknown {
  if (typeof value === "string") {
    return value.replace(SECRET_PATTERN, (_m, prefix: string) => `${prefix}[redacted]`).replace(CARD_PATTERN, "[redacted]");
  }
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Error) return { name: value.name, message: redact(value.message), stack: redact(value.stack) };
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
