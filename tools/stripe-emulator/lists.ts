// Stripe list envelopes and cursor pagination (`limit`, `starting_after`, `ending_before`).
// Maps keep insertion order, so "newest first" is simply the reverse of insertion.
import type Stripe from 'stripe';
import { invalidRequest } from './errors';
import { optInt, optString, type Params } from './form';

export function newestFirst<T>(map: Map<string, T>): T[] {
  return [...map.values()].reverse();
}

export function paginate<T extends { id: string }>(items: T[], params: Params, url: string): Stripe.ApiList<T> {
  const limit = optInt(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('This value must be greater than or equal to 1 and less than or equal to 100.', { param: 'limit' });
  }
  const startingAfter = optString(params, 'starting_after');
  const endingBefore = optString(params, 'ending_before');
  if (startingAfter && endingBefore) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', { param: 'starting_after' });
  }
  if (endingBefore) {
    const idx = items.findIndex((i) => i.id === endingBefore);
    if (idx === -1) throw invalidRequest(`No such object: '${endingBefore}'`, { param: 'ending_before', code: 'resource_missing', status: 404 });
    const before = items.slice(0, idx);
    const data = before.slice(Math.max(0, before.length - limit));
    return { object: 'list', data, has_more: before.length > limit, url };
  }
  let rest = items;
  if (startingAfter) {
    const idx = items.findIndex((i) => i.id === startingAfter);
    if (idx === -1) throw invalidRequest(`No such object: '${startingAfter}'`, { param: 'starting_after', code: 'resource_missing', status: 404 });
    rest = items.slice(idx + 1);
  }
  return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
}
