import { inspect } from "node:util";
import { DrizzleQueryError } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { installConsoleRedaction, logger, redact, scrubParams, serializeError } from "@/lib/log";
import { isPostgresNullSocketFault } from "@/lib/process-errors";

describe("log redaction", () => {
  it("masks Stripe secrets and card numbers inside strings", () => {
    const out = redact("key sk_live_51HxYzAbCdEf0123456789 and whsec_abcdefABCDEF012345 card 4242424242424242") as string;
    expect(out).not.toMatch(/51HxYz|abcdefABCDEF|4242424242424242/);
    expect(out).toContain("sk_live_[redacted]");
  });

  it("drops values of sensitive keys at any depth and keeps the rest", () => {
    const out = redact({ user: "a@b.test", nested: { password: "hunter2", secretKey: "x", authorization: "Bearer y", ok: 1 } });
    expect(out).toEqual({ user: "a@b.test", nested: { password: "[redacted]", secretKey: "[redacted]", authorization: "[redacted]", ok: 1 } });
  });

  it("redacts error messages", () => {
    const out = redact(new Error("Invalid API Key provided: sk_test_abcdefghijklmnop")) as { message: string };
    expect(out.message).toBe("Invalid API Key provided: sk_test_[redacted]");
  });
});

/** What Drizzle throws when postgres.js rejects a statement: the SQL, every bound value, the driver error as cause. */
function failedInsert() {
  const payload = JSON.stringify({ id: "evt_1", data: { object: { id: "cus_1", email: "jane.doe@example.test", name: "Jane Doe" } } });
  const driverError = Object.assign(new Error('duplicate key value violates unique constraint "webhook_events_tenant_event_key"'), {
    name: "PostgresError",
    severity: "ERROR",
    code: "23505",
    detail: "Key (tenant_id, event_id)=(00000000-0000-0000-0000-000000000001, evt_1) already exists; Failing row contains (jane.doe@example.test).",
    where: "SQL statement with jane.doe@example.test",
    table_name: "webhook_events",
    constraint_name: "webhook_events_tenant_event_key",
  });
  // postgres.js attaches these (non-enumerable unless debug); they must never be printed either.
  Object.defineProperties(driverError, {
    query: { value: "insert into webhook_events … values ($1, $2)", enumerable: true },
    parameters: { value: ["evt_1", payload], enumerable: true },
  });
  return new DrizzleQueryError("insert into webhook_events (event_id, payload) values ($1, $2::jsonb)", ["evt_1", payload], driverError);
}

const SECRET_VALUES = /jane\.doe@example\.test|Jane Doe|cus_1/;

describe("errors from a failed query", () => {
  afterEach(() => vi.restoreAllMocks());

  it("keep the SQL and drop the bound values from message and stack", () => {
    const error = failedInsert();
    expect(error.message).toMatch(SECRET_VALUES); // the premise: Drizzle puts them there
    const out = serializeError(error);
    expect(JSON.stringify(out)).not.toMatch(SECRET_VALUES);
    expect(out.message).toBe("Failed query: insert into webhook_events (event_id, payload) values ($1, $2::jsonb)\nparams: [redacted]");
    expect(out.stack).toMatch(/^Error: Failed query: insert into webhook_events .*\nparams: \[redacted\]\n {4}at /);
  });

  it("walk the cause chain, keeping codes and leaving out detail, where and the driver's copies of the values", () => {
    const out = serializeError(new Error("delivery failed", { cause: failedInsert() }));
    const cause = (out.cause as { cause: Record<string, unknown> }).cause;
    expect(cause).toMatchObject({ name: "PostgresError", code: "23505", severity: "ERROR", table_name: "webhook_events", constraint_name: "webhook_events_tenant_event_key" });
    expect(cause).not.toHaveProperty("detail");
    expect(cause).not.toHaveProperty("where");
    expect(cause).not.toHaveProperty("parameters");
    expect(JSON.stringify(out)).not.toMatch(SECRET_VALUES);
  });

  it("stops at a cycle and at a long chain", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    a.cause = b;
    expect(serializeError(a)).toMatchObject({ message: "a", cause: { message: "b" } });
    let deep = new Error("0");
    for (let i = 1; i < 50; i++) deep = new Error(String(i), { cause: deep });
    expect(JSON.stringify(serializeError(deep))).toContain("[truncated]");
  });

  it("are logged without the values, also as a bare message string", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    const error = failedInsert();
    logger.error("webhook.delivery_failed", { error, message: error.message, stack: error.stack });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(SECRET_VALUES);
    expect(JSON.parse(lines[0]!).error.cause.code).toBe("23505");
  });

  it("scrubParams leaves other text alone", () => {
    expect(scrubParams("no values here")).toBe("no values here");
    expect(scrubParams("Failed query: select $1\nparams: a@b.test,2")).toBe("Failed query: select $1\nparams: [redacted]");
    expect(scrubParams("Error: Failed query: select $1\nparams: a@b.test\n    at f (x.js:1:1)")).toBe("Error: Failed query: select $1\nparams: [redacted]\n    at f (x.js:1:1)");
  });
});

describe("console redaction (what Next.js prints for errors it catches)", () => {
  function fakeConsole() {
    const printed: unknown[][] = [];
    const target = { error: (...a: unknown[]) => printed.push(a), warn: (...a: unknown[]) => printed.push(a), log: (...a: unknown[]) => printed.push(a), info: () => {}, debug: () => {}, trace: () => {} } as unknown as Console;
    installConsoleRedaction(target);
    installConsoleRedaction(target); // idempotent
    return { target, printed };
  }

  it("prints an error that carries SQL values as a copy without them, with its codes and cause", () => {
    const { target, printed } = fakeConsole();
    const error = failedInsert();
    target.error(" ⨯", error);
    expect(printed).toHaveLength(1);
    const [prefix, shown] = printed[0]!;
    expect(prefix).toBe(" ⨯");
    expect(shown).toBeInstanceOf(Error);
    const text = inspect(shown, { depth: 10 });
    expect(text).not.toMatch(SECRET_VALUES);
    expect(text).toContain("params: [redacted]");
    expect(text).toContain("23505");
    expect(error.message).toMatch(SECRET_VALUES); // the original is not modified
  });

  it("scrubs strings and passes other arguments through as they are", () => {
    const { target, printed } = fakeConsole();
    const plain = new Error("plain");
    const obj = { a: 1 };
    target.warn("uncaught:", plain, obj, "Failed query: x\nparams: a@b.test");
    expect(printed[0]).toEqual(["uncaught:", plain, obj, "Failed query: x\nparams: [redacted]"]);
    expect(printed[0]![1]).toBe(plain);
  });
});

describe("the known postgres.js fault", () => {
  it("is recognised by its message thrown from an immediate, nothing else is", () => {
    const fault = new TypeError("Cannot read properties of null (reading 'write')");
    fault.stack = `TypeError: Cannot read properties of null (reading 'write')\n    at Immediate.nextWrite (/app/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:483:21)`;
    expect(isPostgresNullSocketFault(fault)).toBe(true);
    const minified = new TypeError("Cannot read properties of null (reading 'write')");
    minified.stack = `TypeError: Cannot read properties of null (reading 'write')\n    at Immediate.a (/app/.next/server/chunks/123.js:1:9)\n    at process.processImmediate (node:internal/timers:483:21)`;
    expect(isPostgresNullSocketFault(minified)).toBe(true);
    const other = new TypeError("Cannot read properties of null (reading 'write')");
    other.stack = `TypeError: Cannot read properties of null (reading 'write')\n    at render (/app/page.js:1:1)`;
    expect(isPostgresNullSocketFault(other)).toBe(false);
    expect(isPostgresNullSocketFault(new TypeError("Cannot read properties of null (reading 'id')"))).toBe(false);
    expect(isPostgresNullSocketFault(new Error("Cannot read properties of null (reading 'write')"))).toBe(false);
  });
});
