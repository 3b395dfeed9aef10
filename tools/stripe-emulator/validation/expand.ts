// Checks `expand[]` against the response type's expandable fields (spec/expandables.ts): every
// segment must be a field of the object reached so far, the last one expandable or includable, and
// no path deeper than Stripe's four levels (a list's leading `data` does not count).
import { invalidRequest, type StripeApiError } from '../errors';
import type { ApiSpec } from '../spec/types';

export const MAX_EXPAND_DEPTH = 4;

function cannotExpand(path: string): StripeApiError {
  return invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
}

export function checkExpandPath(spec: ApiSpec, response: string | null, path: string): StripeApiError | null {
  const segments = path.split('.');
  const isList = response?.startsWith('list<') ?? false;
  const depth = segments.length - (isList && segments[0] === 'data' ? 1 : 0);
  if (depth > MAX_EXPAND_DEPTH) {
    return invalidRequest(`You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`, { param: 'expand' });
  }
  let current = response;
  for (const [i, segment] of segments.entries()) {
    const field = current ? spec.objects[current]?.[segment] : undefined;
    const last = i === segments.length - 1;
    if (!field || (last && !field.expandable && !field.includable)) return cannotExpand(segments.slice(0, i + 1).join('.'));
    current = field.type ?? null;
  }
  return null;
}
