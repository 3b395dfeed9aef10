// Generic `expand[]` support: a dotted path whose leaf is an id string is replaced by a copy of the
// object with that id (looked up by prefix in the caller's account). `data.` prefixes apply to lists.
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
