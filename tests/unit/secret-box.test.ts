import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { maskSecret } from "@/lib/crypto/mask";
import { decryptSecret, DecryptionError, encryptSecret, keyIdOf, keyIdOfCiphertext, parseEncryptionKey } from "@/lib/crypto/secret-box";

const key = randomBytes(32);
const secret = "sk_test_51AbCdEfGhIjKlMnOpQrStUv4242";

describe("secret box", () => {
  it("round-trips a secret and never stores it readable", () => {
    const box = encryptSecret(secret, key);
    expect(box).not.toContain(secret);
    expect(box).not.toContain("4242");
    expect(box.startsWith(`v1:${keyIdOf(key)}:`)).toBe(true);
    expect(decryptSecret(box, key)).toBe(secret);
  });

  it("uses a fresh IV: the same secret encrypts differently each time", () => {
    expect(encryptSecret(secret, key)).not.toBe(encryptSecret(secret, key));
  });

  it("fails loudly with the wrong key, naming both key ids", () => {
    const box = encryptSecret(secret, key);
    const other = randomBytes(32);
    expect(() => decryptSecret(box, other)).toThrow(DecryptionError);
    expect(() => decryptSecret(box, other)).toThrow(new RegExp(`key id ${keyIdOf(key)}.*current key id ${keyIdOf(other)}`));
    expect(keyIdOfCiphertext(box)).toBe(keyIdOf(key));
  });

  it("detects a tampered ciphertext, IV or tag", () => {
    const box = encryptSecret(secret, key);
    const parts = box.split(":");
    for (const i of [2, 3, 4]) {
      const tampered = [...parts];
      const bytes = Buffer.from(tampered[i]!, "base64url");
      bytes[0] = bytes[0]! ^ 0x01;
      tampered[i] = bytes.toString("base64url");
      expect(() => decryptSecret(tampered.join(":"), key)).toThrow(/integrity check/);
    }
    expect(() => decryptSecret("sk_test_plain", key)).toThrow(DecryptionError);
  });

  it("accepts base64 and hex keys, rejects other lengths", () => {
    expect(parseEncryptionKey(key.toString("base64")).equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString("hex")).equals(key)).toBe(true);
    expect(() => parseEncryptionKey(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
  });
});

describe("maskSecret", () => {
  it("keeps the prefix and last four only", () => {
    expect(maskSecret(secret)).toBe("sk_test_…4242");
    expect(maskSecret("rk_live_abcdefghijklmnopqrstuvwxyz9876")).toBe("rk_live_…9876");
    expect(maskSecret("whsec_abcdefghijklmnop1234")).toBe("whsec_…1234");
  });
  it("reveals nothing of a short value", () => {
    expect(maskSecret("sk_test_abc")).toBe("sk_test_…");
    expect(maskSecret("hunter2")).toBe("…");
  });
});
