// Shared by the emulator's own tests: an SDK client configured exactly as production configures it
// (pinned API version, host/port/protocol), and a local webhook receiver that keeps raw bodies.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type { StripeEmulator } from './server';

export const API_VERSION = '2026-10-28.endive';

export function sdkFor(emulator: StripeEmulator, key: string): Stripe {
  return new Stripe(key, { apiVersion: API_VERSION, host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 0 });
}

export interface ReceivedWebhook {
  rawBody: string;
  signature: string;
  userAgent: string;
  contentType: string;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status to answer with; a function sees the attempt number (1-based) for this receiver. */
  status: number | ((n: number) => number);
  close(): Promise<void>;
}

export async function startReceiver(status: Receiver['status'] = 200): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const receiver: Receiver = { url: '', received, status, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        rawBody: Buffer.concat(chunks).toString('utf8'),
        signature: String(req.headers['stripe-signature'] ?? ''),
        userAgent: String(req.headers['user-agent'] ?? ''),
        contentType: String(req.headers['content-type'] ?? ''),
      });
      const code = typeof receiver.status === 'function' ? receiver.status(received.length) : receiver.status;
      res.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}

/** Polls until `check` returns a value (not undefined/false) or the timeout passes. */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function eventTypes(receiver: Receiver): string[] {
  return receiver.received.map((r) => (JSON.parse(r.rawBody) as { type: string }).type);
}
