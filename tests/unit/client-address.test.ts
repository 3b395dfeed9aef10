import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { addressFromConnection, CLIENT_ADDRESS_HEADER, clientAddress, stampClientAddresses, UNKNOWN_ADDRESS } from "@/lib/http/client-address";

describe("addressFromConnection", () => {
  it("with no trusted proxy, the socket is the client whatever X-Forwarded-For says", () => {
    expect(addressFromConnection("::ffff:127.0.0.1", "1.2.3.4", 0)).toBe("127.0.0.1");
    expect(addressFromConnection("2001:db8::1", undefined, 0)).toBe("2001:db8::1");
  });

  it("with N trusted hops, takes the N-th entry from the right (what the client wrote further left is ignored)", () => {
    expect(addressFromConnection("10.0.0.1", "6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(addressFromConnection("10.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
    expect(addressFromConnection("10.0.0.1", ["6.6.6.6", "203.0.113.9"], 1)).toBe("203.0.113.9");
  });

  it("falls back to the socket when a trusted proxy sent no header", () => {
    expect(addressFromConnection("10.0.0.1", undefined, 1)).toBe("10.0.0.1");
    expect(addressFromConnection(undefined, undefined, 0)).toBe(UNKNOWN_ADDRESS);
  });
});

describe("stampClientAddresses", () => {
  it("before the stamp is installed, a client-sent header is not believed", () => {
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "6.6.6.6" }))).toBe(UNKNOWN_ADDRESS);
  });

  it("overwrites whatever the client sent with the socket's address on a real HTTP server", async () => {
    stampClientAddresses([http.Server], 0);
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      const headers = new Headers(Object.entries(req.headers).map(([k, v]) => [k, String(v)] as [string, string]));
      seen.push(clientAddress(headers));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    for (const forged of ["6.6.6.6", "7.7.7.7"]) {
      await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": forged, [CLIENT_ADDRESS_HEADER]: forged } });
    }
    await new Promise((resolve) => server.close(resolve));
    expect(seen).toEqual(["127.0.0.1", "127.0.0.1"]);
  });
});
