import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

const tmp = mkdtempSync(path.join(os.tmpdir(), "mp-env-"));
const file = (name: string, value: string) => {
  const p = path.join(tmp, name);
  writeFileSync(p, value);
  return p;
};
const prodBase = { NODE_ENV: "production", AUTH_SECRET: "a".repeat(32), APP_ENCRYPTION_KEY: Buffer.alloc(32).toString("base64") } as const;

describe("parseEnv", () => {
  it("stops a production start when a required secret is missing, naming the variable", () => {
    expect(() => parseEnv({ ...prodBase, AUTH_SECRET: undefined })).toThrow(/AUTH_SECRET is not set/);
    expect(() => parseEnv({ ...prodBase, APP_ENCRYPTION_KEY: "" })).toThrow(/APP_ENCRYPTION_KEY is not set/);
  });

  it("reads secrets from *_FILE variants, trimming the trailing newline", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      AUTH_SECRET_FILE: file("auth", "from-a-file\n"),
      APP_ENCRYPTION_KEY_FILE: file("enc", "enc-key\n"),
      STRIPE_SECRET_KEY_FILE: file("sk", "sk_test_fromfile\n"),
      STRIPE_WEBHOOK_SECRET_FILE: file("wh", "whsec_fromfile"),
    });
    expect(env.AUTH_SECRET).toBe("from-a-file");
    expect(env.STRIPE_SECRET_KEY).toBe("sk_test_fromfile");
    expect(env.STRIPE_WEBHOOK_SECRET).toBe("whsec_fromfile");
  });

  it("refuses a variable set both directly and as a file, and an unreadable file", () => {
    expect(() => parseEnv({ ...prodBase, STRIPE_SECRET_KEY: "sk_test_x", STRIPE_SECRET_KEY_FILE: file("sk2", "sk_test_y") })).toThrow(ConfigError);
    expect(() => parseEnv({ ...prodBase, STRIPE_SECRET_KEY_FILE: path.join(tmp, "missing") })).toThrow(/cannot be read/);
  });

  it("treats empty strings as unset, never as the string 'undefined'", () => {
    const env = parseEnv({ ...prodBase, STRIPE_SECRET_KEY: "", STRIPE_API_BASE: "" });
    expect(env.STRIPE_SECRET_KEY).toBeUndefined();
    expect(env.STRIPE_API_BASE).toBeUndefined();
  });

  it("generates and keeps development secrets outside production", () => {
    const source = { NODE_ENV: "development", PGLITE_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "mp-dev-")) } as const;
    const first = parseEnv(source);
    const second = parseEnv(source);
    expect(first.AUTH_SECRET.length).toBeGreaterThan(20);
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
  });

  it("rejects a malformed APP_URL with the variable's name", () => {
    expect(() => parseEnv({ ...prodBase, APP_URL: "not a url" })).toThrow(/APP_URL/);
  });
});
