// The emulator's request validator: one step of the pipeline, run before any route handler. Every
// /v1 request is checked against spec/operations.json (generated from the pinned SDK's types), so a
// call real Stripe would refuse (unknown or non-emptyable empty params, wrong types, bad enums or
// expands) fails here too. Routes with a private `_` segment (hosted-page stand-ins) are exempt.
import fs from 'node:fs';
import { unrecognizedUrl, type StripeApiError } from '../errors';
import type { Params } from '../form';
import { SPEC_FILE } from '../spec/file';
import { isEmulatorPrivate } from '../spec/private-routes';
import type { ApiSpec, OperationSpec } from '../spec/types';
import type { KeyKind } from '../store';
import { browserParams } from './browser';
import { checkExpandPath } from './expand';
import { checkObject } from './params';
import { retiredParam } from './retired';

// Read, not imported: 700 kB of JSON would slow every typecheck for nothing.
const API = JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8')) as ApiSpec;

interface CompiledOperation {
  op: OperationSpec;
  pattern: RegExp;
  placeholders: number;
}

// Literal segments win over placeholders (POST /v1/invoices/create_preview before /v1/invoices/{id}).
const COMPILED: CompiledOperation[] = API.operations
  .map((op) => ({ op, pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`), placeholders: (op.path.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.placeholders - b.placeholders);

export function operationFor(method: string, pathname: string): OperationSpec | undefined {
  return COMPILED.find((c) => c.op.method === method && c.pattern.test(pathname))?.op;
}

/** `null` when the request may run; otherwise the 400 (or 404) Stripe would answer. */
export function validateRequest(
  request: { method: string; routePath: string; pathname: string; params: Params; keyKind: KeyKind },
): StripeApiError | null {
  const { method, pathname, params } = request;
  if (isEmulatorPrivate(request.routePath)) return null;
  const op = operationFor(method, pathname);
  if (!op) return unrecognizedUrl(method, pathname);
  for (const key of Object.keys(params)) {
    const retired = retiredParam(op, key);
    if (retired) return retired;
  }
  const properties = request.keyKind === 'publishable' ? browserParams(API, op) : op.params;
  const err = checkObject(params, { type: 'object', properties, required: op.required }, '');
  if (err) return err;
  const expand = params.expand;
  const paths = Array.isArray(expand) ? expand.filter((p): p is string => typeof p === 'string') : [];
  for (const path of paths) {
    const bad = checkExpandPath(API, op.response, path);
    if (bad) return bad;
  }
  return null;
}
