// HTTP front door of the Stripe emulator (node:http only): CORS, auth by API key, routing, latency,
// idempotency keys, Stripe-shaped errors, and the test Stripe.js. Events recorded while handling a
// request are delivered to webhooks only after its response has been written, as with Stripe.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { appOf, conformanceLog } from './conformance';
import { EmulatorCore } from './core';
import type { Route } from './context';
import { accountAccessError, authError, publishableKeyNotAllowed, StripeApiError, unrecognizedUrl } from './errors';
import { stripIncludable } from './expand';
import { parseForm, type Params } from './form';
import { isMultipart, parseMultipart } from './multipart';
import { MAX_EVIDENCE_FILE_BYTES } from './routes/files';
import { checkRestrictedKey } from './permissions';
import { newId } from './ids';
import { persistState } from './persistence';
import { accountJson, handleControl } from './routes/control';
import { hostedAuthentication } from './routes/hosted-3ds';
import { onboardingPage } from './routes/onboarding-page';
import { authorize as oauthAuthorize, deauthorize as oauthDeauthorize, token as oauthToken } from './routes/oauth';
import { API_ROUTES } from './routes';
import { validateRequest } from './validation';
import type { EmulatorEvent, Mode } from './store';
import { stripeJsSource } from './stripe-js/serve';
import { API_VERSION, type DeliveryAttempt } from './webhooks';

export interface EmulatorAccount {
  id: string;
  secretKey: string;
  publishableKey: string;
  restrictedKey?: string;
  name: string;
  mode: Mode;
}

export interface StripeEmulator {
  /** e.g. http://127.0.0.1:12111 */
  url: string;
  port: number;
  close(): Promise<void>;
  createAccount(opts?: { mode?: Mode; name?: string }): Promise<EmulatorAccount>;
  /** Every webhook delivery attempt so far (optionally filtered). */
  deliveries(filter?: { account?: string; type?: string }): DeliveryAttempt[];
  setLatency(ms: number): void;
  reset(): void;
  /** Resolves when no webhook delivery, retry or scheduled step is left (core.idle()). */
  idle(): Promise<void>;
  /** Writes the state file now (only with `stateFile`; otherwise does nothing). */
  save(): void;
  /** Accounts read back from `stateFile` at start (0 without one, or on a first start). */
  restoredAccounts: number;
  /** Internal state, for tests that need to look deeper. */
  core: EmulatorCore;
}


const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Stripe-Version, Idempotency-Key, Stripe-Account',
  'Access-Control-Expose-Headers': 'Request-Id, Stripe-Version, Idempotent-Replayed',
  'Access-Control-Max-Age': '600',
};

function readBuffer(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return readBuffer(req, 1_000_000).then((b) => b.toString('utf8'));
}

/** A POST's params: a form body, or (file uploads) multipart/form-data of up to Stripe's file size and some. */
async function readParams(req: http.IncomingMessage): Promise<{ raw: Buffer; params: Params }> {
  const contentType = req.headers['content-type'];
  if (isMultipart(contentType)) {
    const raw = await readBuffer(req, MAX_EVIDENCE_FILE_BYTES + 1_000_000);
    return { raw, params: parseMultipart(raw, contentType ?? '') };
  }
  const raw = await readBuffer(req, 1_000_000);
  return { raw, params: parseForm(raw.toString('utf8')) };
}

/** Bearer (what the SDK and Stripe.js send) or Basic `sk_…:` (what curl -u sends). */
function apiKeyOf(req: http.IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer?.[1]) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic?.[1]) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] || null;
  return null;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, onSent?: () => void): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { ...CORS_HEADERS, 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, no-store', ...headers });
  res.end(text, onSent);
}

async function handleApi(core: EmulatorCore, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const baseHeaders = { 'Stripe-Version': String(req.headers['stripe-version'] ?? API_VERSION) };
  const request = method === 'POST' ? await readParams(req) : { raw: Buffer.alloc(0), params: {} };
  const rawBody = request.raw;
  const fail = (err: StripeApiError, requestId = newId('req')) =>
    send(res, err.status, { error: { ...err.body, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } }, { ...baseHeaders, 'Request-Id': requestId });

  const key = apiKeyOf(req);
  const found = key ? core.store.findByKey(key) : undefined;
  if (!key || !found) return fail(authError(key));
  const { kind } = found;
  let state = found.state;

  let match: { route: Route; ids: string[] } | undefined;
  for (const route of API_ROUTES) {
    const m = route.method === method ? route.pattern.exec(url.pathname) : null;
    if (m) {
      match = { route, ids: m.slice(1).map((s) => decodeURIComponent(s ?? '')) };
      break;
    }
  }
  if (!match) return fail(unrecognizedUrl(method, url.pathname));
  if (kind === 'publishable' && !match.route.publishable) return fail(publishableKeyNotAllowed());
  if (kind === 'restricted') {
    const refused = checkRestrictedKey(state.record, key, method, match.route.path);
    if (refused) return fail(refused);
  }
  // Connect: a platform's key acts in an account connected to it; every object then lives in (and
  // is looked up in) that account, so accounts stay isolated exactly as without the header.
  const onBehalf = req.headers['stripe-account'];
  let stripeAccount: string | null = null;
  if (typeof onBehalf === 'string' && onBehalf) {
    const connected = core.store.connectedAccount(state, onBehalf);
    if (!connected || connected.record.revoked) return fail(accountAccessError(key, onBehalf));
    state = connected;
    stripeAccount = connected.record.id;
  }

  // Validated before anything runs, so a refused request is never stored under its Idempotency-Key
  // (Stripe stores a result only once execution starts).
  const params = { ...parseForm(url.search.slice(1)), ...request.params };
  const invalid = validateRequest({ method, routePath: match.route.path, pathname: url.pathname, params, keyKind: kind });
  const app = appOf(req);
  if (invalid || app) {
    const rejection = invalid ? { status: invalid.status, code: invalid.body.code, param: invalid.body.param, message: invalid.body.message } : undefined;
    conformanceLog.record({ method, path: url.pathname, app, ...(rejection ? { rejection } : {}) });
  }
  if (invalid) return fail(invalid);

  if (core.latencyMs > 0) await new Promise((r) => setTimeout(r, core.latencyMs));

  const idempotencyKey = method === 'POST' ? ((req.headers['idempotency-key'] as string | undefined) ?? null) : null;
  const bodyHash = createHash('sha256').update(rawBody).digest('hex');
  if (idempotencyKey) {
    const stored = state.idempotency.get(idempotencyKey);
    if (stored) {
      if (stored.path !== url.pathname || stored.bodyHash !== bodyHash) {
        const err = new StripeApiError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        });
        return fail(err);
      }
      return send(res, stored.status, stored.body, { ...baseHeaders, 'Request-Id': newId('req'), 'Idempotent-Replayed': 'true', 'Idempotency-Key': idempotencyKey });
    }
  }

  const pending: EmulatorEvent[] = [];
  const ctx = core.makeContext(state, { method, path: url.pathname, params, key, keyKind: kind, idempotencyKey, stripeAccount }, pending);
  let status = 200;
  let body: unknown;
  try {
    body = match.route.handler(ctx, ...match.ids);
  } catch (err) {
    if (!(err instanceof StripeApiError)) throw err;
    status = err.status;
    body = { error: { ...err.body, request_log_url: `https://dashboard.stripe.com/test/logs/${ctx.requestId}` } };
  }
  // Snapshot now: later mutations of the live objects must not change a replayed response.
  // Includable fields leave the stored objects only where the request expanded them.
  const frozen = stripIncludable(JSON.parse(JSON.stringify(body)) as unknown, params);
  if (idempotencyKey) state.idempotency.set(idempotencyKey, { method, path: url.pathname, bodyHash, status, body: frozen });
  core.onResponse?.({ method, path: url.pathname, status, body: frozen });
  if (method !== 'GET') core.onChange?.();
  const headers: Record<string, string> = { ...baseHeaders, 'Request-Id': ctx.requestId };
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  send(res, status, frozen, headers, () => core.flush(state, pending));
}

async function handle(core: EmulatorCore, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS);
    res.end();
    return;
  }
  if (req.method === 'GET' && (url.pathname === '/stripe.js' || url.pathname === '/v3' || url.pathname === '/endive/stripe.js')) {
    res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.end(stripeJsSource(core.baseUrl));
    return;
  }
  const hosted3ds = /^\/_emulator\/hosted\/3ds\/([^/]+)$/.exec(url.pathname);
  if (hosted3ds?.[1]) {
    const raw = req.method === 'POST' ? await readBody(req) : '';
    const page = hostedAuthentication(core, req.method ?? 'GET', decodeURIComponent(hosted3ds[1]), url.searchParams, raw);
    res.writeHead(page.status, page.headers);
    res.end(page.body);
    return;
  }
  const setup = /^\/setup\/s\/([A-Za-z0-9]+)$/.exec(url.pathname);
  if (setup?.[1] && (req.method === 'GET' || req.method === 'POST')) {
    const raw = req.method === 'POST' ? await readBody(req) : '';
    const page = onboardingPage(core, req.method, setup[1], raw);
    res.writeHead(page.status, page.headers);
    res.end(page.body, () => page.afterSend?.());
    core.onChange?.();
    return;
  }
  if (url.pathname === '/oauth/authorize' && (req.method === 'GET' || req.method === 'POST')) {
    const raw = req.method === 'POST' ? await readBody(req) : '';
    const page = oauthAuthorize(core, req.method, url.searchParams, raw);
    res.writeHead(page.status, page.headers);
    res.end(page.body);
    if (req.method === 'POST') core.onChange?.();
    return;
  }
  if (req.method === 'POST' && (url.pathname === '/oauth/token' || url.pathname === '/oauth/deauthorize')) {
    const raw = await readBody(req);
    const key = apiKeyOf(req) ?? (new URLSearchParams(raw).get('client_secret') || null);
    const found = key ? core.store.findByKey(key) : undefined;
    if (!found || found.kind !== 'secret') return send(res, 401, { error: 'invalid_client', error_description: 'No such API key, or it is not a secret key.' });
    const answer = url.pathname === '/oauth/token' ? oauthToken(core, found.state, raw) : oauthDeauthorize(core, found.state, raw);
    res.writeHead(answer.status, { ...CORS_HEADERS, ...answer.headers });
    res.end(answer.body);
    core.onChange?.();
    return;
  }
  if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/')) {
    const raw = req.method === 'POST' ? await readBody(req) : '';
    let json: Record<string, unknown> = {};
    try {
      json = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(res, 400, { error: { type: 'invalid_request_error', message: 'Control routes take a JSON body.' } });
    }
    const result = handleControl(core, req.method ?? 'GET', url.pathname, json, url.searchParams);
    if (req.method === 'POST') core.onChange?.();
    return send(res, result.status, result.body);
  }
  if (url.pathname.startsWith('/v1/')) {
    if (core.unreachable) {
      req.socket.destroy();
      return;
    }
    if (core.rateLimitNext > 0) {
      core.rateLimitNext--;
      const message = 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.';
      return send(res, 429, { error: { type: 'invalid_request_error', code: 'rate_limit', message, doc_url: 'https://docs.stripe.com/error-codes/rate-limit' } });
    }
    return handleApi(core, req, res, url);
  }
  if (url.pathname === '/' || url.pathname === '/healthz') return send(res, 200, { ok: true, emulator: 'stripe', api_version: API_VERSION, control: '/_emulator' });
  return send(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url.pathname}).` } });
}

export async function startStripeEmulator(
  opts: { port?: number; host?: string; webhookRetryDelaysMs?: number[]; refundSettleMs?: number; /** Keep state across restarts (persistence.ts). */ stateFile?: string } = {},
): Promise<StripeEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const core = new EmulatorCore(opts.webhookRetryDelaysMs ?? [1000, 3000, 10000], opts.refundSettleMs);
  const persistence = opts.stateFile ? persistState(core, opts.stateFile) : null;
  if (persistence) core.onChange = persistence.touch;
  const server = http.createServer((req, res) => {
    handle(core, req, res).catch((err: unknown) => {
      console.error('[stripe-emulator] internal error', err);
      if (!res.headersSent) send(res, 500, { error: { type: 'api_error', message: 'An unknown error occurred in the Stripe emulator.' } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  core.baseUrl = url;
  return {
    url,
    port,
    core,
    createAccount: async (o = {}) => accountJson(core.store.createAccount(o)),
    deliveries: (filter = {}) => core.webhooks.attempts.filter((d) => (!filter.account || d.account === filter.account) && (!filter.type || d.type === filter.type)),
    setLatency: (ms) => {
      core.latencyMs = ms;
    },
    reset: () => core.reset(),
    idle: () => core.idle(),
    save: () => persistence?.save(),
    restoredAccounts: persistence?.restored ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        persistence?.save();
        core.cancelScheduled();
        core.webhooks.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
