// The conformance record: every /v1 request an application made (a client that declares `appInfo`,
// as lib/stripe/client.ts does; the tests' own SDK clients do not) and every request the validator
// refused, whoever sent it. The test suites fail when an application request was refused: a call
// real Stripe would answer with 400 must not pass the tests just because the app coped with it.
// One record per process, shared by every emulator in it, and kept across `reset()` on purpose.
import type http from 'node:http';
import type { StripeErrorBody } from './errors';

export interface RecordedRequest {
  method: string;
  path: string;
  /** `name/version` from the SDK's appInfo; null for clients that declare none. */
  app: string | null;
  /** The validator's answer, when it refused the request. */
  rejection?: { status: number } & Pick<StripeErrorBody, 'code' | 'param' | 'message'>;
}

/** The SDK sends its appInfo in X-Stripe-Client-User-Agent (JSON) and at the end of User-Agent. */
export function appOf(req: http.IncomingMessage): string | null {
  const client = req.headers['x-stripe-client-user-agent'];
  if (typeof client === 'string') {
    try {
      const app = (JSON.parse(client) as { application?: { name?: string; version?: string } }).application;
      if (app?.name) return app.version ? `${app.name}/${app.version}` : app.name;
    } catch {
      // Not JSON: fall back to User-Agent.
    }
  }
  const ua = /NodeBindings\/\S+ (\S+)/.exec(req.headers['user-agent'] ?? '');
  return ua?.[1] ?? null;
}

export class ConformanceLog {
  readonly appRequests: RecordedRequest[] = [];
  readonly rejected: RecordedRequest[] = [];

  record(entry: RecordedRequest): void {
    if (entry.app) this.appRequests.push(entry);
    if (entry.rejection) this.rejected.push(entry);
  }

  rejectedAppRequests(): RecordedRequest[] {
    return this.rejected.filter((r) => r.app);
  }

  clear(): void {
    this.appRequests.length = 0;
    this.rejected.length = 0;
  }

  summary() {
    return { appRequests: this.appRequests.length, rejected: this.rejected.length, rejectedAppRequests: this.rejectedAppRequests() };
  }
}

/** Explains refused application requests, or returns null when there are none. */
export function describeRejectedAppRequests(rejected: RecordedRequest[]): string | null {
  if (rejected.length === 0) return null;
  const lines = rejected.map((r) => `  ${r.app} ${r.method} ${r.path} → ${r.rejection?.status ?? ''} ${r.rejection?.code ?? ''} ${r.rejection?.param ?? ''}: ${r.rejection?.message ?? ''}`);
  return `The Stripe emulator refused ${rejected.length} request(s) from the app that real Stripe would refuse too:\n${lines.join('\n')}`;
}

export const conformanceLog = new ConformanceLog();
