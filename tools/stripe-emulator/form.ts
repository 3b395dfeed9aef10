// Parses Stripe's form encoding: `metadata[a]=b`, `expand[]=x`, `expand[0]=x` (the SDK sends indexed
// arrays), `items[0][price]=p`. Objects whose keys are all indices become arrays. Also typed
// accessors that throw Stripe-shaped 400s, so route handlers stay short.
import { invalidRequest } from './errors';

export type ParamValue = string | Params | ParamValue[];
export interface Params {
  [key: string]: ParamValue;
}

function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key.slice(first))) !== null) parts.push(m[1] ?? '');
  return parts;
}

type Tree = { [key: string]: Tree | string };

function arrayify(node: Tree | string): ParamValue {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const isArray = keys.length > 0 && keys.every((k) => /^\d+$/.test(k) || k.startsWith('\u0000'));
  if (isArray) {
    return keys
      .sort((a, b) => (a.startsWith('\u0000') || b.startsWith('\u0000') ? 0 : Number(a) - Number(b)))
      .map((k) => arrayify(node[k] as Tree | string));
  }
  const out: Params = {};
  for (const k of keys) out[k] = arrayify(node[k] as Tree | string);
  return out;
}

export function parseForm(text: string): Params {
  const root: Tree = {};
  let pushCounter = 0;
  for (const [rawKey, value] of new URLSearchParams(text)) {
    // `a[]` pushes: give each push a unique key that keeps insertion order.
    const parts = splitKey(rawKey).map((p) => (p === '' ? `\u0000${String(pushCounter++).padStart(8, '0')}` : p));
    let node: Tree = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      const next = node[part];
      if (typeof next !== 'object') node[part] = {};
      node = node[part] as Tree;
    });
  }
  return arrayify(root) as Params;
}

export function optString(p: Params, key: string): string | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidRequest(`Invalid string: ${key}`, { param: key });
  return v;
}

/** Stripe treats an empty string as "unset" for nullable fields. */
export function optNullableString(p: Params, key: string): string | null | undefined {
  const v = optString(p, key);
  return v === '' ? null : v;
}

export function optInt(p: Params, key: string): number | undefined {
  const v = optString(p, key);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw invalidRequest(`Invalid integer: ${v}`, { param: key });
  return Number(v);
}

export function optBool(p: Params, key: string): boolean | undefined {
  const v = optString(p, key);
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false') throw invalidRequest(`Invalid boolean: ${v}`, { param: key });
  return v === 'true';
}

export function optObject(p: Params, key: string): Params | undefined {
  const v = p[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidRequest(`Invalid object`, { param: key });
  return v;
}

export function optStringArray(p: Params, key: string): string[] | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
    throw invalidRequest(`Invalid array`, { param: key });
  }
  return v;
}

/** Stripe metadata semantics: `metadata[k]=` deletes k, `metadata=` clears all, others merge. */
export function mergeMetadata(current: Record<string, string>, p: Params): Record<string, string> {
  const v = p.metadata;
  if (v === undefined) return current;
  if (v === '') return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidRequest('Invalid object', { param: 'metadata' });
  const next = { ...current };
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') throw invalidRequest('Invalid metadata value', { param: `metadata[${k}]` });
    if (val === '') delete next[k];
    else next[k] = val;
  }
  return next;
}

/** A string parameter that must be one of `values`, typed as the SDK's enum (no cast needed by callers). */
export function optEnum<T extends string>(p: Params, key: string, values: readonly T[], param = key): T | undefined {
  const v = optString(p, key);
  if (v === undefined) return undefined;
  const found = values.find((x) => x === v);
  if (found === undefined) throw invalidRequest(`Invalid ${param}: must be one of ${values.join(', ')}`, { param });
  return found;
}
