// /v1/disputes: list, retrieve, update (evidence, submit) and close; disputes/dispute-flow.ts holds
// how they open and close.
import { route, type Route } from '../context';
import { closeDispute, findDispute, updateDispute } from '../disputes/dispute-flow';
import { disputesOf } from '../disputes/dispute-object';
import { applyExpand } from '../expand';
import { optString } from '../form';
import { newestFirst, paginate } from '../lists';

export const disputeRoutes: Route[] = [
  route('GET', '/v1/disputes', (ctx) => {
    const charge = optString(ctx.params, 'charge');
    const pi = optString(ctx.params, 'payment_intent');
    const items = newestFirst(disputesOf(ctx.state).disputes).filter((d) => (charge === undefined || d.charge === charge) && (pi === undefined || d.payment_intent === pi));
    return applyExpand(ctx.state, paginate(items, ctx.params, '/v1/disputes'), ctx.params);
  }),
  route('GET', '/v1/disputes/:id', (ctx, id) => applyExpand(ctx.state, findDispute(ctx, id), ctx.params)),
  route('POST', '/v1/disputes/:id', (ctx, id) => applyExpand(ctx.state, updateDispute(ctx, id), ctx.params)),
  route('POST', '/v1/disputes/:id/close', (ctx, id) => applyExpand(ctx.state, closeDispute(ctx, id), ctx.params)),
];
