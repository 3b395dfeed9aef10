// multipart/form-data bodies, as the SDK sends file uploads (POST /v1/files). Text parts become
// params exactly as a form body would (brackets and all); a file part becomes a FilePart object,
// which only the spec's `file` params accept (validation/params.ts), like Stripe's file fields.
import { parseForm, type Params } from './form';

/** Marks a Params object as an uploaded file (a form body cannot make one of these by accident). */
export const FILE_PART = '_multipart_file';

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data/i.test(contentType ?? '');
}

export function parseMultipart(body: Buffer, contentType: string): Params {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return {};
  const delimiter = Buffer.from(`--${marker}`);
  const text = new URLSearchParams();
  const files: Record<string, Params> = {};
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF (before the next delimiter).
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const headers = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
      if (name && filename !== undefined) files[name] = { [FILE_PART]: 'true', name: filename, type, size: String(content.length) };
      else if (name) text.append(name, content.toString('utf8'));
    }
    start = next;
  }
  return { ...parseForm(text.toString()), ...files };
}
