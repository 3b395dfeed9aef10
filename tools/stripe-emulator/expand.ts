// Generic `expand[]` support: a dotted path whose leaf is an id string is replaced by a copy of the
// object with that id (looked up by prefix in the caller's account). `data.` prefixes apply to lists.
// Includable fields (invoice.payments, invoice.confirmation_secret, charge.refunds) are stripped from
// every response unless expanded, and from every event payload (stripIncludable / stripAllIncludable).
import { optStringArray, type Params } from './form';
import type { AccountState } from './store';
import { snapshot } from './context';

/** Lookups for objects kept outside the shared store (billing/): tried after the built-in ones. */
const extraLookups: ((state: AccountState, id: string) => object | undefined)[] = [];

export function registerExpandLookup(fn: (state: AccountState, id: string) => object | undefined): void {
  extraLookups.push(fn);
}

function lookup(state: AccountState, id: string): object | undefined {
  for (const fn of extraLookups) {
    const found = fn(state, id);
    if (found) return found;
  }
  if (id.startsWith('cus_')) {
    if (state.deletedCustomers.has(id)) return { id, object: 'customer', deleted: true };
    return state.customers.get(id);
  }
  if (id.startsWith('pm_')) return state.paymentMethods.get(id);
  if (id.startsWith('ch_') || id.startsWith('py_')) return state.charges.get(id);
  if (id.startsWith('pi_')) return state.paymentIntents.get(id);
  if (id.startsWith('seti_')) return state.setupIntents.get(id);
  if (id.startsWith('re_')) return state.refunds.get(id);
  return undefined;
}

function expandPath(state: AccountState, node: unknown, parts: string[]): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => expandPath(state, n, parts));
  const [head, ...rest] = parts;
  if (head === undefined) return node;
  const record = node as Record<string, unknown>;
  let value = record[head];
  if (typeof value === 'string') value = snapshot(lookup(state, value) ?? value);
  record[head] = rest.length ? expandPath(state, value, rest) : value;
  return record;
}

/** Returns a copy of `body` with every `expand[]` path resolved. */
export function applyExpand<T>(state: AccountState, body: T, params: Params): T {
  const paths = optStringArray(params, 'expand') ?? [];
  if (paths.length === 0) return body;
  const copy = snapshot(body);
  for (const path of paths) expandPath(state, copy, path.split('.'));
  return copy;
}

/**
 * Includable fields (Stripe's term): kept on the stored object, but part of a response only when
 * the request expands them (`expand[]=payments`, `expand[]=data.payments`,
 * `expand[]=latest_invoice.confirmation_secret`, …) and never part of an event payload.
 */
export const INCLUDABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  invoice: ['payments', 'confirmation_secret'],
  charge: ['refunds'],
};

function requested(paths: string[][], at: string[], field: string): boolean {
  return paths.some((p) => p.length > at.length && p[at.length] === field && at.every((seg, i) => p[i] === seg));
}

function strip(node: unknown, paths: string[][], at: string[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) strip(n, paths, at);
    return;
  }
  const record = node as Record<string, unknown>;
  const includable = typeof record.object === 'string' ? INCLUDABLE_FIELDS[record.object] : undefined;
  for (const field of includable ?? []) {
    if (field in record && !requested(paths, at, field)) delete record[field];
  }
  for (const [key, value] of Object.entries(record)) {
    if (value !== null && typeof value === 'object') strip(value, paths, [...at, key]);
  }
}

/**
 * Removes, in place, every includable field the request's `expand[]` does not name at that spot of
 * the response tree (a list's items sit under `data`). Applied to every API response body.
 */
export function stripIncludable<T>(body: T, params: Params): T {
  // Lenient on purpose: a malformed `expand` was already answered by the handler (or ignored).
  const raw = params.expand;
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  const paths = list.map((p) => p.split('.'));
  strip(body, paths, []);
  return body;
}

/** Removes, in place, every includable field: event payloads never carry them. */
export function stripAllIncludable<T>(body: T): T {
  strip(body, [], []);
  return body;
}
