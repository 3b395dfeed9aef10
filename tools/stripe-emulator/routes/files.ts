// /v1/files: uploads for dispute evidence (multipart/form-data, as the SDK sends them to
// files.stripe.com; server.ts parses the body with multipart.ts) and retrieval.
import type Stripe from 'stripe';
import { route, type RequestContext, type Route } from '../context';
import { disputesOf } from '../disputes/dispute-object';
import { invalidRequest, missingParam, noSuch } from '../errors';
import { optObject, optString } from '../form';
import { newId, nowSeconds } from '../ids';

/** What Stripe accepts as dispute evidence, and its per-file limit. */
const EVIDENCE_TYPES: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };
export const MAX_EVIDENCE_FILE_BYTES = 5 * 1024 * 1024;

function create(ctx: RequestContext): Stripe.File {
  const purpose = optString(ctx.params, 'purpose');
  if (!purpose) throw missingParam('purpose');
  const file = optObject(ctx.params, 'file');
  if (!file) throw missingParam('file');
  const size = Number(file.size);
  const contentType = typeof file.type === 'string' ? file.type : '';
  if (purpose === 'dispute_evidence') {
    const type = EVIDENCE_TYPES[contentType];
    if (!type) throw invalidRequest(`Invalid file: must be one of the following types: pdf, jpeg, png. Got ${contentType || 'an unknown type'}.`, { param: 'file' });
    if (size > MAX_EVIDENCE_FILE_BYTES) throw invalidRequest('File size must be at most 5 MB for dispute evidence.', { param: 'file' });
  }
  const id = newId('file');
  const stored: Stripe.File = {
    id,
    object: 'file',
    created: nowSeconds(),
    expires_at: null,
    filename: typeof file.name === 'string' ? file.name : null,
    links: { object: 'list', data: [], has_more: false, url: `/v1/file_links?file=${id}` },
    purpose,
    size,
    title: null,
    type: EVIDENCE_TYPES[contentType] ?? null,
    url: `${ctx.baseUrl}/_emulator/files/${id}`,
  };
  disputesOf(ctx.state).files.set(id, stored);
  return stored;
}

export const fileRoutes: Route[] = [
  route('POST', '/v1/files', create),
  route('GET', '/v1/files/:id', (ctx, id) => {
    const file = disputesOf(ctx.state).files.get(id);
    if (!file) throw noSuch('file', id, 'file');
    return file;
  }),
];
