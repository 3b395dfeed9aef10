import { CredentialsSignin } from "next-auth";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authLogger } from "@/lib/auth/auth-logger";

/** What the production bundle does to class names. */
function minified<T extends Error>(error: T): T {
  Object.defineProperty(error, "name", { value: "e" });
  return error;
}

describe("authLogger", () => {
  afterEach(() => vi.restoreAllMocks());

  function capture() {
    const lines: { stream: "out" | "err"; line: string }[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push({ stream: "out", line }));
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push({ stream: "err", line }));
    return lines;
  }

  it("a wrong password (even with a minified class name) is one info line without a stack", () => {
    const lines = capture();
    authLogger.error(minified(new CredentialsSignin()));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.stream).toBe("out");
    expect(JSON.parse(lines[0]!.line)).toMatchObject({ level: "info", event: "auth.refused", type: "CredentialsSignin" });
    expect(lines[0]!.line).not.toMatch(/stack|at /);
  });

  it("a tampered or stale cookie (JWTSessionError) is info too; anything else stays an error", () => {
    const lines = capture();
    authLogger.error(Object.assign(minified(new Error("decryption failed")), { type: "JWTSessionError" }));
    authLogger.error(new Error("adapter exploded"));
    expect(lines.map((l) => JSON.parse(l.line).level)).toEqual(["info", "error"]);
  });
});
