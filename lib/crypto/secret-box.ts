import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * AES-256-GCM for secrets at rest (Stripe secret keys, webhook signing secrets).
 *
 * Format: `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts). `keyId` is a short hash of the
 * key, so a value written under another APP_ENCRYPTION_KEY is recognised as such (rotation, or a
 * restored backup) instead of failing as "corrupt". GCM's tag makes any tampering fail loudly.
 */
const VERSION = "v1";
const IV_BYTES = 12;

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

export class EncryptionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EncryptionKeyError";
  }
}

/** APP_ENCRYPTION_KEY is base64 of 32 bytes; 64 hex characters are accepted too. */
export function parseEncryptionKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    throw new EncryptionKeyError("APP_ENCRYPTION_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32) or 64 hex characters.");
  }
  return key;
}

/** A short, non-reversible fingerprint of the key: identifies it without revealing it. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update("memberpulse-secret-box").update(key).digest("base64url").slice(0, 8);
}

function currentKey(): Buffer {
  return parseEncryptionKey(env().APP_ENCRYPTION_KEY);
}

export function encryptSecret(plaintext: string, key: Buffer = currentKey()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, keyIdOf(key), iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(":");
}

/** The key id a stored value was written with, or null when it is not in our format. */
export function keyIdOfCiphertext(payload: string): string | null {
  const parts = payload.split(":");
  return parts.length === 5 && parts[0] === VERSION ? (parts[1] ?? null) : null;
}

export function decryptSecret(payload: string, key: Buffer = currentKey()): string {
  const parts = payload.split(":");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new DecryptionError("Stored secret is not in a recognised encrypted format.");
  const [, keyId, iv, tag, data] = parts as [string, string, string, string, string];
  const expected = keyIdOf(key);
  if (keyId !== expected) {
    throw new DecryptionError(
      `Stored secret was encrypted with a different APP_ENCRYPTION_KEY (key id ${keyId}, current key id ${expected}). Restore the original key, or re-enter the secret.`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("Stored secret failed its integrity check: it was modified or corrupted. Re-enter the secret.");
  }
}
